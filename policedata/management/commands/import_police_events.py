"""python manage.py import_police_events FILE… [--user NAME] : the police's event feed, gzip or
plain JSON. Without --user a national import (a system job: every municipality and the
county-level events); with --user only that user's municipalities, as on the page and the API."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from policedata import events
from tenancy.scoping import municipality_ids


class Command(BaseCommand):
    requires_system_checks = []  # a data import; the checks cost a second per run
    help = "Importera polisens händelser (JSON-lista, gzip eller okomprimerad). Allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument(
            "--user",
            default="",
            help="importera som denna användare, bara i kommuner där hen får (utan: nationell import)",
        )

    def handle(self, *args, files, user="", **options):
        actor, allowed = None, None
        if user:
            actor = get_user_model().objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Användaren {user} finns inte.")
            allowed = municipality_ids(actor, "import_police")
            if not allowed:
                raise CommandError(f"{user} får inte importera polisdata i någon kommun.")
        # Every file is read and checked before anything is written: all files or none.
        combined, offsets, errors = [], [], []
        for path in files:
            try:
                feed = events.read_feed(path.read_bytes())
            except OSError as e:
                raise CommandError(f"{path}: {e.strerror}") from None
            except events.ImportFailed as e:
                errors += [dict(error, file=str(path)) for error in e.errors]
                continue
            offsets.append((len(combined), path))
            combined += feed
        if not errors:
            try:
                result = events.import_events(
                    combined, actor, source=", ".join(p.name for p in files), allowed_municipality_ids=allowed
                )
            except events.ImportFailed as e:
                errors = [self.locate(error, offsets) for error in e.errors]
        if errors:
            for error in errors:
                where = f"{error['file']}, rad {error['row']}" if error["row"] else error["file"]
                self.stderr.write(f"{where}: {error['message']}" if where else error["message"])
            raise CommandError(f"Inget importerades: {len(errors)} fel.")
        self.stdout.write(
            "Importen är klar: {created} nya, {updated} uppdaterade, {unchanged} oförändrade händelser; "
            "{county_level} på länsnivå.".format(**result)
        )
        if result["skipped_foreign"] or result["skipped_county_level"]:
            names = ", ".join(f"{s['name']} ({s['events']})" for s in result["skipped"])
            self.stdout.write(
                f"Överhoppade: {result['skipped_foreign']} i andra kommuner"
                + (f" ({names})" if names else "")
                + f", {result['skipped_county_level']} på länsnivå."
            )

    @staticmethod
    def locate(error, offsets):
        """Turn a row of the combined list back into the file and its row (row 0: the whole run)."""
        row = error["row"]
        if not row:
            return dict(error, file="")
        for start, path in reversed(offsets):
            if row > start:
                return dict(error, file=str(path), row=row - start)
        return dict(error, file=str(offsets[0][1]) if offsets else "")
