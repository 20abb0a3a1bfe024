"""The compiled meeting papers (möteshandlingar) as one PDF: cover, agenda, the attached
situation picture in short, every submitted status report, who has not answered, and the open
action items of the forum's earlier meetings."""

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from forums.models import ActionItem, Meeting
from lagesbild import exporters
from privacy import services as privacy
from samtrygg import exporters as contract
from samtrygg import pdffile
from samtrygg.dates import format_date, format_datetime, local_today, period_label
from statusreports import services


def picture_summary(meeting: Meeting) -> dict | None:
    """Title, period and key totals of the meeting's frozen situation picture, if any."""
    picture = meeting.situation_picture
    if picture is None or picture.frozen_at is None or not picture.data:
        return None
    rows = exporters.figures(picture.data)
    top = sorted((r for r in rows["by_category"] if r.get("total")), key=lambda r: (-r["total"], r["name"]))[:5]
    return {
        "title": picture.title,
        "period": period_label(picture.period, picture.date_from, picture.date_to),
        "dates": f"{format_date(picture.date_from)} – {format_date(picture.date_to)}",
        "frozen": format_datetime(picture.frozen_at),
        "sources": rows["sources"],
        "total": rows["total"],
        "top_categories": top,
    }


def context(meeting: Meeting) -> dict:
    labels = services.field_labels()
    rows = services.overview_rows(meeting)
    submitted = [
        {
            "organisation": o,
            "report": r,
            "submitted": format_date(timezone.localtime(r.submitted_at).date()),
            "parts": [(label, getattr(r, field)) for field, label in labels.items()],
        }
        for o, r in rows
        if r and r.submitted_at
    ]
    missing = [
        {"organisation": o, "report": r, "due": format_date(r.due_date) if r else ""}
        for o, r in rows
        if not (r and r.submitted_at)
    ]
    actions = (
        ActionItem.objects.filter(
            meeting__forum=meeting.forum, meeting__starts_at__lt=meeting.starts_at, done_at__isnull=True
        )
        .select_related("meeting", "organisation")
        .order_by("due_date", "id")
    )
    return {
        "meeting": meeting,
        "forum": meeting.forum,
        "title": _("Möteshandlingar %(forum)s") % {"forum": meeting.forum.name},
        "when": format_datetime(meeting.starts_at),
        "ends": timezone.localtime(meeting.ends_at).strftime("%H.%M") if meeting.ends_at else "",
        "place": meeting.location or meeting.forum.location,
        "agenda": list(meeting.agenda.all()),
        "picture": picture_summary(meeting),
        "submitted": submitted,
        "missing": missing,
        "actions": [
            {
                "item": a,
                "due": format_date(a.due_date),
                "meeting": format_date(timezone.localtime(a.meeting.starts_at).date()),
            }
            for a in actions
        ],
        "today": local_today(),
        "generated": format_datetime(timezone.now()),
    }


def ensure_resolved(meeting: Meeting) -> None:
    """Refuse (privacy.UnresolvedPersonalData, naming the organisation and field) while a submitted
    status report of the meeting holds personal data that is neither masked nor confirmed."""
    reports = meeting.status_reports.filter(submitted_at__isnull=False).select_related("organisation")
    privacy.ensure_all_resolved(objects=[(r, r.organisation.name) for r in reports.order_by("organisation__name")])


def pdf(meeting: Meeting) -> bytes:
    ensure_resolved(meeting)
    with translation.override("sv"):
        html = render_to_string("statusreports/papers_pdf.html", context(meeting))
    return pdffile.render_pdf(html)


def render(meeting: Meeting) -> contract.Export:
    """The meeting papers as a file, by the exporter contract (samtrygg/exporters.py); refused like `pdf`."""
    day = timezone.localtime(meeting.starts_at).date()
    name = contract.filename(f"moteshandlingar-{meeting.forum.name}-{day:%Y-%m-%d}", "pdf", default="moteshandlingar")
    return contract.Export(name, contract.PDF, pdf(meeting))
