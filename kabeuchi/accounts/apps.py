from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kabeuchi.accounts"
    label = "accounts"
