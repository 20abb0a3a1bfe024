from django_tasks import task

from actionplans import reminders


@task()
def send_reminders() -> int:
    return reminders.send_due_reminders()
