from django.core.management.base import BaseCommand

from actionplans import reminders


class Command(BaseCommand):
    help = (
        "Queue e-mail reminders to the owners of overdue activities in action plans, at most once "
        "per 7 days per activity (run once a day, e.g. cron 0 7 * * *)."
    )

    def handle(self, *args, **options):
        if reminders.queue_reminders():
            self.stdout.write("Påminnelser om försenade aktiviteter köade.")
        else:
            self.stdout.write("Inga försenade aktiviteter att påminna om.")
