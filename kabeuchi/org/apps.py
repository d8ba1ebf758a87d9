from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "kabeuchi.org"
    label = "org"

    def ready(self) -> None:
        from kabeuchi.org import mydata

        mydata.register()
