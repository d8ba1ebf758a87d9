from django.apps import AppConfig


class CoachConfig(AppConfig):
    name = "kabeuchi.coach"
    label = "coach"

    def ready(self) -> None:
        from kabeuchi.coach import mydata

        mydata.register()
