from django.apps import AppConfig


class OpportunitiesConfig(AppConfig):
    name = "kabeuchi.opportunities"
    label = "opportunities"
    default_auto_field = "django.db.models.BigAutoField"
