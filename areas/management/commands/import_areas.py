from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from areas import services
from areas.models import Area
from tenancy.models import Municipality


class Command(BaseCommand):
    help = "Import a municipality's areas from a GeoJSON FeatureCollection (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="SCB code, e.g. 1262")
        parser.add_argument("file", type=Path)
        parser.add_argument("--kind", default=Area.Kind.DISTRICT, choices=Area.Kind.values)
        parser.add_argument("--name-property", default="")
        parser.add_argument("--filter-property", default="", help="import only features whose property …")
        parser.add_argument("--filter-value", default="", help="… has this value (e.g. kommunkod 0380)")

    def handle(self, *args, **o):
        municipality = Municipality.objects.filter(code=o["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Kommunen {o['municipality']} finns inte. Kör load_municipalities först.")
        try:
            with o["file"].open("rb") as f:  # a file past the bound is refused without reading it all
                raw = f.read(services.limit("AREA_IMPORT_MAX_BYTES") + 1)
        except OSError as e:
            raise CommandError(f"{o['file']}: {e.strerror}")
        try:
            result = services.import_areas(
                municipality=municipality,
                raw=raw,
                actor=None,
                kind=o["kind"],
                name_property=o["name_property"],
                filter_property=o["filter_property"],
                filter_value=o["filter_value"],
            )
        except services.ImportFailed as e:
            for error in e.errors:
                where = f"{o['file']}, objekt {error['row']}" if error["row"] else str(o["file"])
                self.stderr.write(f"{where}: {error['message']}")
            raise CommandError("Inget importerades.")
        self.stdout.write(f"{municipality.name}: {result['created']} nya, {result['updated']} uppdaterade områden.")
