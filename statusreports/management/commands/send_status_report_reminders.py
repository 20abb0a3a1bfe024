from django.core.management.base import BaseCommand

from statusreports import services


class Command(BaseCommand):
    help = (
        "Queue reminders for status reports due tomorrow or overdue and not yet answered "
        "(run once a day, e.g. cron 0 8 * * *)."
    )

    def handle(self, *args, **options):
        if services.queue_reminders():
            self.stdout.write("Påminnelser om lägesrapporter köade.")
        else:
            self.stdout.write("Inga lägesrapporter att påminna om.")
