from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "kabeuchi.org"
    label = "org"
