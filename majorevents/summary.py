"""The one-page summary of a major event, at any moment and at the end: timeline, decisions,
requests and their answers, what was told to whom. As PDF (samtrygg/pdffile), Word
(samtrygg/wordfile) and plain text that can be pasted into WIS. `include_internal=False` leaves
out the entries marked "endast kommun och polis" (for any output beyond the two parties)."""

from enum import Enum

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from majorevents import services
from majorevents.models import Entry, MajorEvent
from samtrygg import exporters, pdffile, wordfile
from samtrygg.dates import format_datetime


class Format(str, Enum):
    pdf = "pdf"
    docx = "docx"
    txt = "txt"


def context(event: MajorEvent, *, include_internal: bool = True) -> dict:
    rows = list(services.entries(event, include_internal=include_internal))
    answers = {e.answers_id: e for e in rows if e.answers_id}
    return {
        "event": event,
        "now": format_datetime(timezone.now()),
        "started": format_datetime(event.started_at),
        "opened": format_datetime(event.opened_at),
        "closed": format_datetime(event.closed_at) if event.closed_at else "",
        "first_contact": services.first_contact(event, event.closed_at),
        "timeline": [(format_datetime(e.created_at), e) for e in rows],
        "decisions": [(format_datetime(e.created_at), e) for e in rows if e.kind == Entry.Kind.DECISION],
        "requests": [
            (format_datetime(e.created_at), e, answers.get(e.pk)) for e in rows if e.kind == Entry.Kind.REQUEST
        ],
        "told": [
            (format_datetime(e.created_at), e) for e in rows if e.kind == Entry.Kind.INFORMATION and not e.answers_id
        ],
        "notifications": list(event.notifications.all()),
        "include_internal": include_internal,
    }


def _title(event: MajorEvent) -> str:
    return _("Särskild händelse %(title)s") % {"title": event.title}


def text(event: MajorEvent, *, include_internal: bool = True) -> str:
    with translation.override("sv"):
        return render_to_string("majorevents/summary.txt", context(event, include_internal=include_internal))


def pdf(event: MajorEvent, *, include_internal: bool = True) -> bytes:
    with translation.override("sv"):
        html = render_to_string("majorevents/summary_pdf.html", context(event, include_internal=include_internal))
    return pdffile.render_pdf(html, use_cache=False)


def docx(event: MajorEvent, *, include_internal: bool = True) -> bytes:
    import io

    with translation.override("sv"):
        c = context(event, include_internal=include_internal)
        document, section = wordfile.a4_document(_title(event))
        document.add_heading(_title(event), level=1)
        document.add_paragraph(
            "\n".join(
                [
                    f"{_('Kommun')}: {event.municipality.name}",
                    f"{_('Typ')}: {event.get_kind_display()}",
                    f"{_('Plats')}: {event.place_name or '–'}",
                    f"{_('Började')}: {c['started']}",
                    f"{_('Status')}: {event.get_status_display()}" + (f" ({c['closed']})" if c["closed"] else ""),
                    f"{_('Leds för kommunen av')}: {event.municipality_lead or '–'}",
                    f"{_('Leds för polisen av')}: {event.police_lead or '–'}",
                    _("Första kontakt: %(m)s minuter (mål %(t)s)")
                    % {"m": c["first_contact"]["minutes"], "t": c["first_contact"]["target_minutes"]},
                ]
            )
        )
        document.add_heading(_("Tidslinje"), level=2)
        wordfile.table(
            document,
            [_("Tid"), _("Typ"), _("Vem"), _("Text")],
            [[t, e.get_kind_display(), e.organisation or e.author_name, e.text] for t, e in c["timeline"]],
            numeric_from=99,
        )
        document.add_heading(_("Beslut"), level=2)
        for t, e in c["decisions"]:
            document.add_paragraph(f"{t} – {e.text} ({_('beslutat av')} {e.decided_by})", style="List Bullet")
        document.add_heading(_("Begäranden och svar"), level=2)
        for t, e, a in c["requests"]:
            answer = a.text if a else _("Obesvarad")
            document.add_paragraph(f"{t} – {e.text} → {e.assignee}: {answer}", style="List Bullet")
        document.add_heading(_("Information ut"), level=2)
        for t, e in c["told"]:
            document.add_paragraph(f"{t} – {e.recipients or '–'}: {e.text}", style="List Bullet")
        if event.closed_at:
            document.add_heading(_("Utvärdering"), level=2)
            document.add_paragraph(f"{_('Vad fungerade')}: {event.evaluation_worked}")
            document.add_paragraph(f"{_('Vad fungerade inte')}: {event.evaluation_did_not_work}")
        buffer = io.BytesIO()
        document.save(buffer)
    return buffer.getvalue()


def render(event: MajorEvent, fmt: str, *, include_internal: bool = True) -> exporters.Export:
    name = exporters.filename(_title(event), fmt, default="sarskild-handelse")
    if fmt == "pdf":
        return exporters.Export(name, exporters.PDF, pdf(event, include_internal=include_internal))
    if fmt == "docx":
        return exporters.Export(name, exporters.DOCX, docx(event, include_internal=include_internal))
    content = text(event, include_internal=include_internal).encode()
    return exporters.Export(name, "text/plain; charset=utf-8", content)
