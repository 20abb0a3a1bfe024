"""python manage.py fetch_police_events: one run of the police feed fetcher (cron: every 10 minutes)."""

from django.core.management.base import BaseCommand, CommandError

from policedata import fetch
from policedata.models import FeedFetch


class Command(BaseCommand):
    requires_system_checks = []
    help = (
        "Hämta polisens händelser från POLICE_FEED_URL och importera dem (allt eller inget). "
        "Kör var tionde minut, t.ex. cron */10 * * * *."
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Hämta även när hämtningen väntar efter fel.")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Lägg hämtningen i bakgrundskön (db_worker) i stället för att köra nu.",
        )

    def handle(self, *args, force=False, enqueue=False, **options):
        if enqueue:
            from policedata.tasks import fetch_police_events

            fetch_police_events.enqueue()
            self.stdout.write("Hämtningen av polisens händelser är köad.")
            return
        run = fetch.run(force=force)
        if run.status == FeedFetch.Status.ERROR:
            raise CommandError(f"Hämtningen misslyckades, inget sparades: {run.error}")
        if run.status == FeedFetch.Status.SKIPPED:
            self.stdout.write(run.error)
        elif run.status == FeedFetch.Status.NOT_MODIFIED:
            self.stdout.write("Inget nytt hos polisen sedan förra hämtningen.")
        else:
            self.stdout.write(
                f"Hämtningen är klar: {run.fetched} händelser hämtade, {run.stored} i kommuner som använder "
                f"Samtrygg; {run.created} nya, {run.updated} ändrade, {run.unchanged} oförändrade."
            )
