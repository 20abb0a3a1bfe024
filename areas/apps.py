from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "areas"
    verbose_name = "Områden och platser"
