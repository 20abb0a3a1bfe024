"""E-mail for walks: the invitation with an .ics, the owner's personal link to their proposals,
and the weekly-capped reminder. Plain text, sent after the transaction commits."""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from forums.ics import PRODID, host
from forums.mail import _ics_part
from forums.schedule import STOCKHOLM
from samtrygg import exporters
from samtrygg.dates import format_date, format_datetime
from walks import owner_links
from walks.models import OwnerLink, Proposal, Walk

DEFAULT_DURATION = datetime.timedelta(hours=2)


def walk_url(walk: Walk) -> str:
    path = reverse("walks:detail", kwargs={"code": walk.municipality.code, "walk_id": walk.pk})
    return settings.SITE_URL.rstrip("/") + path


def calendar(walk: Walk, attendees: list[tuple[str, str]]) -> bytes:
    """The walk as an iCalendar invitation (METHOD:REQUEST, or CANCEL for a cancelled walk)."""
    cancelled = walk.status == Walk.Status.CANCELLED
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "CANCEL" if cancelled else "REQUEST")
    e = Event()
    e.add("uid", f"walk-{walk.pk}@{host()}")
    e.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    e.add("dtstart", walk.starts_at.astimezone(STOCKHOLM))
    e.add("dtend", (walk.ends_at or walk.starts_at + DEFAULT_DURATION).astimezone(STOCKHOLM))
    e.add("summary", _("Trygghetsvandring: %(title)s") % {"title": walk.title})
    if walk.meeting_point:
        e.add("location", walk.meeting_point)
    e.add("description", "\n\n".join(x for x in (walk.purpose, walk_url(walk)) if x))
    e.add("url", walk_url(walk))
    e.add("sequence", walk.sequence)
    e.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    e.add("organizer", f"mailto:{settings.DEFAULT_FROM_EMAIL}", parameters={"CN": "Samtrygg"})
    for name, address in attendees:
        e.add("attendee", f"mailto:{address}", parameters={"CN": name, "ROLE": "REQ-PARTICIPANT", "RSVP": "FALSE"})
    cal.add_component(e)
    cal.add_missing_timezones()
    return exporters.clean_ics(cal.to_ical())


def send_invitations(walk_id: int, *, changed: bool = False) -> int:
    """Invite every participant with an address who was not invited yet; returns how many. After a
    change of time, place or status (`changed`), those invited before get the updated entry too."""
    walk = Walk.objects.select_related("municipality").get(pk=walk_id)
    pending = [
        p
        for p in walk.participants.select_related("user", "organisation")
        if p.address and (changed or not p.invitation_sent_at)
    ]
    if not pending:
        return 0
    attendees = [
        (p.display_name, p.address) for p in walk.participants.select_related("user", "organisation") if p.address
    ]
    method = "CANCEL" if walk.status == Walk.Status.CANCELLED else "REQUEST"
    attachment = calendar(walk, attendees)
    prefix = _("Inställd") if walk.status == Walk.Status.CANCELLED else _("Ändrad") if changed else _("Inbjudan")
    subject = _("%(prefix)s: trygghetsvandring %(title)s %(when)s") % {
        "prefix": prefix,
        "title": walk.title,
        "when": format_datetime(walk.starts_at),
    }
    body = render_to_string(
        "walks/email_invitation.txt", {"walk": walk, "when": format_datetime(walk.starts_at), "link": walk_url(walk)}
    )
    messages = []
    for participant in pending:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [participant.address])
        message.attach(_ics_part(attachment, method))
        messages.append(message)
    with get_connection() as connection:
        connection.send_messages(messages)
    walk.participants.filter(pk__in=[p.pk for p in pending]).update(invitation_sent_at=timezone.now())
    return len(messages)


def _proposal_lines(proposals) -> list[dict]:
    return [
        {
            "title": p.title,
            "walk": p.walk.title if p.walk_id else "",
            "answer_by": format_date(p.answer_by),
            "planned_date": format_date(p.planned_date) if p.planned_date else "",
            "status": p.get_status_display(),
        }
        for p in proposals
    ]


def send_owner_link(link: OwnerLink, token: str, proposal_ids: list[int]) -> int:
    proposals = Proposal.objects.filter(pk__in=proposal_ids).select_related("walk")
    subject = _("Åtgärdsförslag till %(org)s från %(municipality)s kommun") % {
        "org": link.organisation.name,
        "municipality": link.municipality.name,
    }
    body = render_to_string(
        "walks/email_owner_link.txt",
        {
            "link": link,
            "url": owner_links.link_url(token),
            "expires": format_date(timezone.localdate(link.expires_at)),
            "proposals": _proposal_lines(proposals),
        },
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [link.email]).send()


def send_reminder(link: OwnerLink, token: str, groups: dict[str, list[Proposal]]) -> int:
    subject = _("Påminnelse: åtgärdsförslag som väntar på svar från %(org)s") % {"org": link.organisation.name}
    body = render_to_string(
        "walks/email_reminder.txt",
        {
            "link": link,
            "url": owner_links.link_url(token),
            "due_soon": _proposal_lines(groups.get("due_soon", [])),
            "overdue": _proposal_lines(groups.get("overdue", [])),
            "planned_passed": _proposal_lines(groups.get("planned_passed", [])),
        },
    )
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [link.email]).send()
