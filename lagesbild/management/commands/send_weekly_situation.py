from django.core.management.base import BaseCommand

from lagesbild import weekly


class Command(BaseCommand):
    help = "Queue last week's situation picture e-mails (run every Monday morning, e.g. cron 0 7 * * MON)."

    def handle(self, *args, **options):
        count = weekly.queue_all()
        self.stdout.write(f"Veckolägesbild köad för {count} kommuner.")
