"""Daily: drop the unmasked text of residents' tips older than 30 days (cron `40 3 * * *`)."""

from django.core.management.base import BaseCommand

from tips import services


class Command(BaseCommand):
    help = "Raderar originaltexten i tips äldre än 30 dagar (den maskerade texten finns kvar)."

    def handle(self, *args, **options):
        cleared = services.clear_expired_originals()
        self.stdout.write(f"{cleared} originaltexter raderade.")
