from django.apps import AppConfig


class NotebookConfig(AppConfig):
    name = "kabeuchi.notebook"
    label = "notebook"

    def ready(self) -> None:
        from kabeuchi.notebook import mydata

        mydata.register()
