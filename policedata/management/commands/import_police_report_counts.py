from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

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
        for path in o["files"]:
            try:
                data = path.read_bytes()
            except OSError as e:
                raise CommandError(f"{path}: {e.strerror}")
            try:
                result = counts.import_report_counts(data, actor, allowed_municipality_ids=allowed)
            except counts.ImportFailed as e:
                for error in e.errors:
                    self.stderr.write(f"{path}: rad {error['row']}: {error['message']}")
                raise CommandError(f"{path}: inget importerades.")
            self.stdout.write(
                f"{path}: {result['created']} nya, {result['updated']} ersatta, "
                f"{result['unchanged']} oförändrade rader."
            )
