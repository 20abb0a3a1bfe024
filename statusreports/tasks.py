from django_tasks import task

from statusreports import services


@task()
def send_reminders() -> int:
    return services.send_due_reminders()
