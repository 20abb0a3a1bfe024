"""Daily (cron `30 3 * * *`): a report's unmasked original is kept for its review only, at most
30 days (incidents.models.ORIGINAL_KEPT_DAYS); this deletes what is left after that."""

from django.core.management.base import BaseCommand

from incidents import services


class Command(BaseCommand):
    help = "Radera originaltexten (med personuppgifter) i rapporter som inte granskats inom 30 dagar."

    def handle(self, *args, **options):
        cleared = services.clear_expired_originals()
        if options["verbosity"]:
            self.stdout.write(f"{cleared} originaltexter raderade.")
