from django.apps import AppConfig


class YearCycleConfig(AppConfig):
    name = "yearcycle"
    verbose_name = "Årshjul"
