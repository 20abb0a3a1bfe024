"""The year's closed major events in the yearly follow-up of the agreement: each with its kind,
dates, first contact and its evaluation (what worked, what did not). Only the event's title and
evaluation are shown, never log entries (those marked "endast kommun och polis" included), and
the title and evaluation pass the personal-data check before the report leaves as PDF or Word
(`texts`, read by actionplans.services.report_texts)."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from majorevents import services
from majorevents.models import MajorEvent


def _closed_in(municipality, year: int):
    start = timezone.make_aware(datetime.datetime(year, 1, 1))
    end = timezone.make_aware(datetime.datetime(year + 1, 1, 1))
    return MajorEvent.objects.filter(
        municipality=municipality, status=MajorEvent.Status.CLOSED, closed_at__gte=start, closed_at__lt=end
    ).order_by("started_at", "id")


def closed_events(municipality, year: int) -> list[dict]:
    rows = []
    for event in _closed_in(municipality, year):
        clock = services.first_contact(event, event.closed_at)
        rows.append(
            {
                "id": event.pk,
                "title": event.title,
                "kind": event.kind,
                "kind_label": str(event.get_kind_display()),
                "place": event.place_name,
                "started": timezone.localdate(event.started_at).isoformat(),
                "closed": timezone.localdate(event.closed_at).isoformat(),
                "first_contact_minutes": clock["minutes"] if clock["acknowledged"] else None,
                "first_contact_within_target": clock["acknowledged"] and not clock["missed"],
                "worked": event.evaluation_worked,
                "did_not_work": event.evaluation_did_not_work,
            }
        )
    return rows


def texts(municipality, year: int) -> list[tuple]:
    """(object, where) for the personal-data check of the exported report."""
    return [(e, _("den särskilda händelsen %(title)s") % {"title": e.title}) for e in _closed_in(municipality, year)]


def word(document, report: dict) -> None:

    document.add_heading(_("Särskilda händelser"), level=1)
    rows = report.get("major_events") or []
    if not rows:
        document.add_paragraph(_("Inga särskilda händelser avslutades under året."))
        return
    for row in rows:
        document.add_heading(f"{row['title']} ({row['kind_label']}, {row['started']})", level=2)
        if row["first_contact_minutes"] is not None:
            document.add_paragraph(_("Första kontakt efter %(m)s minuter.") % {"m": row["first_contact_minutes"]})
        document.add_paragraph(f"{_('Vad fungerade')}: {row['worked']}")
        document.add_paragraph(f"{_('Vad fungerade inte')}: {row['did_not_work']}")
