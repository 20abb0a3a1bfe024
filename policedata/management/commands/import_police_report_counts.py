from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from policedata import counts
from tenancy.scoping import municipality_ids


class Command(BaseCommand):
    help = "Import monthly police report counts (anmälda brott) from CSV or Excel files, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--user", default="", help="import as this user, only into municipalities where they may (default: system)"
        )

    def handle(self, *args, **o):
        actor, allowed = None, None
        if o["user"]:
            actor = get_user_model().objects.filter(username=o["user"]).first()
            if actor is None:
                raise CommandError(f"Användaren {o['user']} finns inte.")
            allowed = municipality_ids(actor, "import_police")
        # Every file is read and checked before anything is written: all files or none.
        parsed, errors = [], []
        for path in o["files"]:
            try:
                with path.open("rb") as f:  # a file past the bound is refused without reading it all
                    data = f.read(counts.limit("COUNTS_IMPORT_MAX_BYTES") + 1)
            except OSError as e:
                raise CommandError(f"{path}: {e.strerror}")
            try:
                parsed.append((path, counts.parse_report_counts(data, allowed_municipality_ids=allowed)))
            except counts.ImportFailed as e:
                errors += [dict(error, file=str(path)) for error in e.errors]
        if errors:
            for error in errors:
                where = f"{error['file']}, rad {error['row']}" if error["row"] else error["file"]
                self.stderr.write(f"{where}: {error['message']}")
            raise CommandError(f"Inget importerades: {len(errors)} fel.")
        with transaction.atomic():
            results = [(path, counts.write_report_counts(rows, actor)) for path, rows in parsed]
        for path, result in results:
            self.stdout.write(
                f"{path}: {result['created']} nya, {result['updated']} ersatta, "
                f"{result['unchanged']} oförändrade rader."
            )
