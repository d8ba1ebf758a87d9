from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kabeuchi.core"
    label = "core"
