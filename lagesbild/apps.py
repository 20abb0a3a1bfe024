from django.apps import AppConfig
from django.db.models.signals import post_migrate


class LagesbildConfig(AppConfig):
    name = "lagesbild"
    verbose_name = "Lägesbild"

    def ready(self):
        from lagesbild import aggregates

        post_migrate.connect(aggregates.ensure_installed, sender=self, dispatch_uid="lagesbild_hourly_triggers")
