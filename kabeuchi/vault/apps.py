from django.apps import AppConfig


class VaultConfig(AppConfig):
    name = "kabeuchi.vault"
    label = "vault"
    verbose_name = "Vault"
