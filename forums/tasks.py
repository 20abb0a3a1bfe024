from django_tasks import task

from forums import mail


@task()
def send_meeting_reminders() -> int:
    return mail.send_reminders()
