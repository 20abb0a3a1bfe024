from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from areas import population
from tenancy.models import Municipality


class Command(BaseCommand):
    help = (
        "Set a municipality's area populations: from a CSV or Excel file (all or nothing), "
        "or derived from SCB's DeSO areas (--deso)."
    )

    def add_arguments(self, parser):
        parser.add_argument("municipality", help="SCB code, e.g. 1262")
        parser.add_argument("file", type=Path, nargs="?", help="CSV or .xlsx: område/kod, befolkning, år")
        parser.add_argument("--source", default="", help="where the figures come from, e.g. 'SCB 2025'")
        parser.add_argument("--year", type=int, default=None, help="the year, for rows that give none")
        parser.add_argument("--deso", action="store_true", help="derive from the DeSO areas instead of a file")

    def handle(self, *args, **o):
        municipality = Municipality.objects.filter(code=o["municipality"]).first()
        if municipality is None:
            raise CommandError(f"Kommunen {o['municipality']} finns inte. Kör load_municipalities först.")
        if o["deso"]:
            try:
                result = population.population_from_deso(municipality=municipality, actor=None)
            except population.NoDeso as e:
                raise CommandError(str(e))
            self.stdout.write(f"{municipality.name}: befolkning beräknad för {len(result['updated'])} områden.")
            for name in result["outside"]:
                self.stderr.write(f"{name}: inget DeSO-område överlappar, oförändrad.")
            return
        if o["file"] is None:
            raise CommandError("Ange en fil eller --deso.")
        try:
            result = population.import_population(
                municipality=municipality,
                data=o["file"].read_bytes(),
                actor=None,
                source=o["source"] or o["file"].name,
                year=o["year"],
            )
        except population.ImportFailed as e:
            for error in e.errors:
                where = f"{o['file']}, rad {error['row']}" if error["row"] else str(o["file"])
                self.stderr.write(f"{where}: {error['message']}")
            raise CommandError("Ingen befolkning importerades.")
        self.stdout.write(f"{municipality.name}: befolkning ändrad för {result['updated']} områden.")
