from django.apps import AppConfig


class OneOnOneConfig(AppConfig):
    name = "kabeuchi.oneonone"
    label = "oneonone"

    def ready(self) -> None:
        from kabeuchi.oneonone import mydata

        mydata.register()
