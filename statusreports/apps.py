from django.apps import AppConfig


class StatusReportsConfig(AppConfig):
    name = "statusreports"
    verbose_name = "Lägesrapporter"
