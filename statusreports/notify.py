"""The e-mails of a status report request: the request itself and the reminders."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samtrygg.dates import format_date, format_datetime


def submit_link(report) -> str:
    municipality = report.meeting.forum.municipality
    path = reverse("statusreports:submit", kwargs={"code": municipality.code, "report_id": report.pk})
    return settings.SITE_URL.rstrip("/") + path


def send_request(report, addresses: list[str], *, reminder: bool = False) -> int:
    """One message per address (nobody sees the others' addresses); returns how many were sent."""
    if not addresses:
        return 0
    with translation.override("sv"):
        meeting = report.meeting
        forum = meeting.forum
        context = {
            "report": report,
            "forum": forum,
            "meeting": meeting,
            "meeting_label": format_datetime(meeting.starts_at),
            "due_label": format_date(report.due_date),
            "link": submit_link(report),
            "reminder": reminder,
            "place": meeting.location or forum.location,
        }
        values = {"forum": forum.name, "date": format_date(timezone.localtime(meeting.starts_at).date())}
        if reminder:
            subject = _("Påminnelse: lägesrapport till %(forum)s %(date)s") % values
        else:
            subject = _("Lägesrapport till %(forum)s %(date)s") % values
        body = render_to_string("statusreports/request_email.txt", context)
    for address in addresses:
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address]).send()
    return len(addresses)
