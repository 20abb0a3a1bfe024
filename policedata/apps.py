from django.apps import AppConfig


class PolicedataConfig(AppConfig):
    name = "policedata"
    verbose_name = "Polisdata"
