from django.core.management.base import BaseCommand

from forums import mail


class Command(BaseCommand):
    help = (
        "Queue the meeting reminders (run daily, e.g. cron 0 7 * * *): a background task e-mails the members of "
        "every planned meeting that starts within its forum's reminder days, once per meeting."
    )

    def handle(self, *args, **options):
        mail.queue_reminders()
        self.stdout.write("Mötespåminnelser köade.")
