"""The e-mail that tells the on-call list a major event was opened. Sent by a background task
after the opening is committed; a failed send is tried again (ATTEMPTS times), and the page shows
what failed so that it can be sent again by hand."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from majorevents.models import Notification
from samtrygg.dates import format_datetime

ATTEMPTS = 3
logger = logging.getLogger(__name__)


def send_notification(notification_id: int) -> bool:
    notification = Notification.objects.select_related("event__municipality").filter(pk=notification_id).first()
    if notification is None or notification.status == Notification.Status.SENT:
        return False
    event = notification.event
    with translation.override("sv"):
        link = settings.SITE_URL.rstrip("/") + reverse(
            "majorevents:detail", kwargs={"code": event.municipality.code, "event_id": event.pk}
        )
        subject = _("Särskild händelse i %(municipality)s: %(title)s") % {
            "municipality": event.municipality.name,
            "title": event.title,
        }
        body = render_to_string(
            "majorevents/opened_email.txt",
            {"event": event, "link": link, "started": format_datetime(event.started_at)},
        )
    error = ""
    for _attempt in range(ATTEMPTS):
        notification.attempts += 1
        try:
            EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.address]).send()
        except Exception as exc:  # any transport error: try again, then show it on the page
            error = str(exc)[:300] or exc.__class__.__name__
            logger.warning("major event notification %s failed: %s", notification.pk, error)
            continue
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.SENT, attempts=notification.attempts, sent_at=timezone.now(), last_error=""
        )
        return True
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.FAILED, attempts=notification.attempts, last_error=error
    )
    return False
