from django.core.management.base import BaseCommand

from walks.reminders import send_reminders


class Command(BaseCommand):
    help = "Remind owners of proposals that wait for an answer or a done report (daily; at most weekly per owner)."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} påminnelser skickade.")
