"""python manage.py import_police_events FILE… : the police's event feed, gzip or plain JSON."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from policedata import events


class Command(BaseCommand):
    requires_system_checks = []  # a data import; the checks cost a second per run
    help = "Importera polisens händelser (JSON-lista, gzip eller okomprimerad). Allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
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
                result = events.import_events(combined, None, source=", ".join(p.name for p in files))
            except events.ImportFailed as e:
                errors = [self.locate(error, offsets) for error in e.errors]
        if errors:
            for error in errors:
                where = f"{error['file']}, rad {error['row']}" if error["row"] else error["file"]
                self.stderr.write(f"{where}: {error['message']}")
            raise CommandError(f"Inget importerades: {len(errors)} fel.")
        self.stdout.write(
            "Importen är klar: {created} nya, {updated} uppdaterade, {unchanged} oförändrade händelser; "
            "{county_level} på länsnivå.".format(**result)
        )

    @staticmethod
    def locate(error, offsets):
        """Turn a row of the combined list back into the file and its row."""
        row = error["row"]
        for start, path in reversed(offsets):
            if row > start:
                return dict(error, file=str(path), row=row - start)
        return dict(error, file=str(offsets[0][1]) if offsets else "")
