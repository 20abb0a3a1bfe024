"""E-mail to a forum's members: the invitation (kallelse) with the agenda, a notice when a meeting
is moved or cancelled, and the reminder before a meeting. Plain text with an .ics attachment
(METHOD:REQUEST, or CANCEL for a cancelled meeting) that calendar apps add or update.

`manage.py send_meeting_reminders` runs daily and queues `forums.tasks.send_reminders`, which sends
each meeting's reminder once (Meeting.reminded_at is set in the same conditional update that claims
the meeting, so two runs never both send)."""

import datetime
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import ics
from forums.models import Forum, Meeting
from samtrygg.dates import format_datetime


def recipients(meeting: Meeting) -> list[tuple[str, str]]:
    """[(name, address)] of the forum's members who have an e-mail address, each address once."""
    seen, result = set(), []
    for member in meeting.forum.members.select_related("user"):
        address = member.address
        if address and address.lower() not in seen:
            seen.add(address.lower())
            result.append((member.display_name, address))
    return result


def _meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_related("forum__municipality").prefetch_related("agenda").get(pk=meeting_id)


def _send(meeting: Meeting, kind: str, subject: str) -> int:
    people = recipients(meeting)
    if not people:
        return 0
    cancelled = meeting.status == Meeting.Status.CANCELLED
    method = "CANCEL" if cancelled else "REQUEST"
    attachment = ics.calendar([meeting], meeting.forum.name, method=method, attendees=people)
    context = {
        "meeting": meeting,
        "forum": meeting.forum,
        "when": format_datetime(meeting.starts_at),
        "moved_from": format_datetime(meeting.moved_from) if meeting.moved_from else "",
        "agenda": list(meeting.agenda.all()),
        "link": ics.meeting_url(meeting),
        "kind": kind,
    }
    body = render_to_string("forums/email_meeting.txt", context)
    messages = []
    for _name, address in people:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        message.attach(_ics_part(attachment, method))
        messages.append(message)
    with get_connection() as connection:
        connection.send_messages(messages)
    return len(messages)


def _ics_part(content: bytes, method: str) -> MIMEText:
    """The .ics as a text/calendar part with its METHOD parameter (Outlook reads it from there)."""
    part = MIMEText(content.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    part.add_header("Content-Disposition", "attachment", filename="mote.ics")
    return part


def _subject(prefix: str, meeting: Meeting) -> str:
    return f"{prefix}: {ics.summary(meeting)} {format_datetime(meeting.starts_at)}"


def send_invitation(meeting: Meeting) -> int:
    return _send(_meeting(meeting.pk), "invitation", _subject(_("Kallelse"), meeting))


def send_change(meeting_id: int) -> int:
    """After a move or cancellation: tell the members, with the updated calendar entry."""
    meeting = _meeting(meeting_id)
    if meeting.status == Meeting.Status.CANCELLED:
        return _send(meeting, "cancelled", _subject(_("Inställt"), meeting))
    return _send(meeting, "moved", _subject(_("Ny tid"), meeting))


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Remind the members of each planned meeting that starts within its forum's reminder_days and
    was not reminded yet; returns the number of meetings reminded."""
    now = now or timezone.now()
    longest = Forum.objects.aggregate(m=Max("reminder_days"))["m"] or 0
    candidates = Meeting.objects.filter(
        status=Meeting.Status.PLANNED,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(days=longest),
    ).select_related("forum")
    count = 0
    for meeting in candidates:
        if meeting.starts_at > now + datetime.timedelta(days=meeting.forum.reminder_days):
            continue
        # claim it: only the run whose update changes the row sends
        if not Meeting.objects.filter(pk=meeting.pk, reminded_at__isnull=True).update(reminded_at=now):
            continue
        full = _meeting(meeting.pk)
        _send(full, "reminder", _subject(_("Påminnelse"), full))
        count += 1
    return count


def queue_reminders() -> None:
    from forums.tasks import send_meeting_reminders

    send_meeting_reminders.enqueue()
