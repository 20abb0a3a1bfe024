"""iCalendar (RFC 5545) for meetings: the subscription feeds and the invitations' attachments.

Times are written in Europe/Stockholm with its VTIMEZONE, so calendar apps show them right on both
sides of the summer-time change. The UID is stable per meeting and SEQUENCE grows on every move or
cancellation, so a calendar replaces its copy instead of adding a second one."""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from forums.models import Meeting
from forums.schedule import STOCKHOLM
from samtrygg import exporters

PRODID = "-//Samtrygg//Samverkansforum//SV"


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "samtrygg"


def meeting_url(meeting: Meeting) -> str:
    path = reverse("forums:meeting", kwargs={"code": meeting.forum.municipality.code, "meeting_id": meeting.pk})
    return settings.SITE_URL.rstrip("/") + path


def uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@{host()}"


def summary(meeting: Meeting) -> str:
    return meeting.title or meeting.forum.name


def description(meeting: Meeting) -> str:
    lines = []
    if meeting.status == Meeting.Status.CANCELLED and meeting.cancel_reason:
        lines += [_("Inställt: %(reason)s") % {"reason": meeting.cancel_reason}, ""]
    agenda = [item.title for item in meeting.agenda.all()]
    if agenda:
        lines.append(_("Dagordning:"))
        lines += [f"{n}. {title}" for n, title in enumerate(agenda, 1)]
        lines.append("")
    lines.append(meeting_url(meeting))
    return "\n".join(lines)


def event(meeting: Meeting, attendees: list[tuple[str, str]] | None = None) -> Event:
    """The VEVENT of a meeting; attendees [(name, address)] only in invitations."""
    e = Event()
    e.add("uid", uid(meeting))
    e.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    e.add("dtstart", meeting.starts_at.astimezone(STOCKHOLM))
    e.add("dtend", meeting.ends_at.astimezone(STOCKHOLM))
    e.add("summary", summary(meeting))
    if meeting.location:
        e.add("location", meeting.location)
    e.add("description", description(meeting))
    e.add("url", meeting_url(meeting))
    e.add("sequence", meeting.sequence)
    e.add("status", "CANCELLED" if meeting.status == Meeting.Status.CANCELLED else "CONFIRMED")
    e.add("last-modified", meeting.updated_at.astimezone(datetime.UTC))
    if attendees is not None:
        e.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL}", parameters={"CN": "Samtrygg"})
        for name, address in attendees:
            e.add("attendee", f"mailto:{address}", parameters={"CN": name, "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    return e


def walk_event(walk) -> Event:
    """A safety walk in a forum calendar, with the UID of its invitation (walks.mail), so that a
    calendar holding both keeps one copy."""
    from walks.mail import DEFAULT_DURATION, walk_url

    e = Event()
    e.add("uid", f"walk-{walk.pk}@{host()}")
    e.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    e.add("dtstart", walk.starts_at.astimezone(STOCKHOLM))
    e.add("dtend", (walk.ends_at or walk.starts_at + DEFAULT_DURATION).astimezone(STOCKHOLM))
    e.add("summary", _("Trygghetsvandring: %(title)s") % {"title": walk.title})
    if walk.meeting_point:
        e.add("location", walk.meeting_point)
    e.add("description", walk_url(walk))
    e.add("url", walk_url(walk))
    e.add("sequence", walk.sequence)
    e.add("status", "CANCELLED" if walk.status == "cancelled" else "CONFIRMED")
    return e


def feed_walks(municipality_ids):
    """The safety walks a forum feed shows: the municipality's, from a year back on."""
    from walks.models import Walk

    since = timezone.now() - datetime.timedelta(days=366)
    return Walk.objects.filter(municipality_id__in=municipality_ids, starts_at__gte=since).select_related(
        "municipality"
    )


def calendar(meetings, name: str, *, method: str | None = None, attendees=None, walks=()) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Stockholm")
    for meeting in meetings:
        cal.add_component(event(meeting, attendees))
    for walk in walks:
        cal.add_component(walk_event(walk))
    cal.add_missing_timezones()
    return exporters.clean_ics(cal.to_ical())


def feed_meetings(queryset):
    """The meetings a feed shows: from a year back on, with what the events need."""
    since = timezone.now() - datetime.timedelta(days=366)
    return (
        queryset.filter(starts_at__gte=since)
        .select_related("forum__municipality")
        .prefetch_related("agenda")
        .order_by("starts_at", "id")
    )
