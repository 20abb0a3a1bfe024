from django_tasks import task

from majorevents import mail


@task()
def send_notification(notification_id: int) -> bool:
    return mail.send_notification(notification_id)
