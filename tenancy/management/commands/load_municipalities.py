from django.conf import settings
from django.core.management.base import BaseCommand

from tenancy.services import load_municipalities


class Command(BaseCommand):
    help = "Load all 290 municipalities (SCB codes and boundaries) from geo/kommuner.geojson."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(settings.DATA_DIR / "geo" / "kommuner.geojson"))

    def handle(self, *args, file, **options):
        result = load_municipalities(file)
        self.stdout.write(f"Kommuner: {result['created']} nya, {result['updated']} uppdaterade.")
