from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "tips"
    verbose_name = "Tips från invånare och prenumerationer på återkoppling"

    def ready(self):
        from tips import signals  # noqa: F401  (proposal status changes tell tippers and subscribers)
