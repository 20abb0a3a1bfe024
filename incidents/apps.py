from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Händelser (EST)"

    def ready(self):
        from incidents import signals  # noqa: F401
