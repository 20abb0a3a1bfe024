from django.apps import AppConfig


class FocusAreasConfig(AppConfig):
    name = "focusareas"
    verbose_name = "Fokusområden"
