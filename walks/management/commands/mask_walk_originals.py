from django.core.management.base import BaseCommand

from walks.services import clear_expired_originals


class Command(BaseCommand):
    help = "Delete observation texts as written (with personal data) kept longer than 30 days (daily)."

    def handle(self, *args, **options):
        cleared = clear_expired_originals()
        self.stdout.write(f"{cleared} originaltexter raderade.")
