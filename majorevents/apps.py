from django.apps import AppConfig


class MajorEventsConfig(AppConfig):
    name = "majorevents"
    verbose_name = "Särskilda händelser"
