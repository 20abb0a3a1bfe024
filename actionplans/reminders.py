"""Owners of overdue activities are reminded by e-mail: the daily `send_activity_reminders`
queues a task when any activity is due, and each activity is reminded at most once per 7 days
(Activity.reminded_at)."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Activity
from audit import log as audit
from samtrygg.dates import format_date

INTERVAL = datetime.timedelta(days=7)
RUNNING = [
    ActionPlan.Status.APPROVED,
    ActionPlan.Status.IN_PROGRESS,
    ActionPlan.Status.PROPOSED,
    ActionPlan.Status.DRAFT,
]


def due_for_reminder(now: datetime.datetime | None = None):
    """Activities past their end date, not done, of plans not yet completed, whose owner has an
    e-mail address, not reminded in the last 7 days."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    return (
        Activity.objects.filter(
            done_at__isnull=True,
            ends_on__lt=today,
            owner__isnull=False,
            owner__is_active=True,
            plan__status__in=RUNNING,
        )
        .exclude(owner__email="")
        .exclude(reminded_at__gt=now - INTERVAL)
        .select_related("plan__municipality", "owner")
        .order_by("id")
    )


def _send(activity: Activity) -> None:
    municipality = activity.plan.municipality
    path = reverse("actionplans:detail", kwargs={"code": municipality.code, "plan_id": activity.plan_id})
    with translation.override("sv"):
        subject = _("Försenad aktivitet: %(what)s") % {"what": activity.what[:80]}
        body = render_to_string(
            "actionplans/reminder_email.txt",
            {
                "activity": activity,
                "plan": activity.plan,
                "ends_label": format_date(activity.ends_on),
                "link": settings.SITE_URL.rstrip("/") + path,
            },
        )
    EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [activity.owner.email]).send()


def send_due_reminders() -> int:
    """The task's work: e-mail the owner of every due activity; returns how many were reminded."""
    sent = 0
    for activity in due_for_reminder():
        with transaction.atomic():
            locked = Activity.objects.select_for_update().filter(pk=activity.pk).values_list("reminded_at", flat=True)
            reminded_at = locked.first()
            if reminded_at and reminded_at > timezone.now() - INTERVAL:
                continue  # another run got here first
            before = audit.snapshot(activity, ["reminded_at"])
            activity.reminded_at = timezone.now()
            activity.save(update_fields=["reminded_at"])
            audit.updated(None, activity, before, municipality=activity.plan.municipality)
        _send(activity)
        sent += 1
    return sent


def queue_reminders() -> bool:
    """Queue the reminder task if any activity is due (run daily by send_activity_reminders)."""
    from actionplans.tasks import send_reminders

    if not due_for_reminder().exists():
        return False
    send_reminders.enqueue()
    return True
