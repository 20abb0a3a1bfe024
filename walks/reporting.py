"""The safety walks in the quarterly KSAU report and the yearly follow-up of the agreement: a
section per walk of the period with its measures (w1's walks.measures), the proposals that are
overdue (past the answer-by date without an answer, or past the planned date without "done") and
how many still wait for an answer. JSON-ready (ISO dates), as the rest of the report content."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from samtrygg import wordfile
from samtrygg.dates import format_date
from walks import attention, measures
from walks.models import Walk


def section(municipality, start: datetime.date, end: datetime.date, on: datetime.date) -> dict:
    walks = [
        w
        for w in Walk.objects.filter(municipality=municipality, status=Walk.Status.DONE).order_by("starts_at", "id")
        if start <= timezone.localdate(w.starts_at) <= end
    ]
    overdue = [
        {
            "title": p.title,
            "owner": p.owner_organisation.name,
            "walk": p.walk.title if p.walk_id else _("Tips från invånare"),
            "status": p.status,
            "status_label": str(p.get_status_display()),
            "due": (p.planned_date if p.status == "accepted" else p.answer_by).isoformat(),
            "days_late": (on - (p.planned_date if p.status == "accepted" else p.answer_by)).days,
        }
        for p in attention.overdue(municipality, on)
    ]
    return {
        "walks": [
            {
                "id": w.pk,
                "title": w.title,
                "date": timezone.localdate(w.starts_at).isoformat(),
                "area": w.area.name if w.area_id else "",
                "published": w.published_at is not None,
                "measures": measures.for_walk(w, today=on),
            }
            for w in walks
        ],
        "overdue": sorted(overdue, key=lambda r: (-r["days_late"], r["title"])),
        "unanswered": attention.unanswered(municipality, on).count(),
    }


def _pct(share) -> str:
    return "–" if share is None else f"{round(share * 100)} %"


def _days(value) -> str:
    return "–" if value is None else f"{value:g}".replace(".", ",")


def word(document, report: dict) -> None:
    """The section in the Word file, after the citizen promises."""
    data = report.get("walks")
    if data is None:
        return
    document.add_heading(_("Trygghetsvandringar"), level=1)
    if not data["walks"]:
        document.add_paragraph(_("Inga trygghetsvandringar genomfördes under perioden."))
    for w in data["walks"]:
        m = w["measures"]
        document.add_heading(f"{w['title']} ({format_date(datetime.date.fromisoformat(w['date']))})", level=2)
        wordfile.table(
            document,
            [
                _("Skickade förslag"),
                _("Svar i tid"),
                _("Mediandagar till svar"),
                _("Åtgärdade"),
                _("Avböjda"),
                _("Öppna"),
            ],
            [
                [
                    m["sent"],
                    _pct(m["share_answered_on_time"]),
                    _days(m["median_days_to_answer"]),
                    m["done"],
                    m["declined"],
                    m["open"],
                ]
            ],
            numeric_from=0,
        )
    document.add_heading(_("Försenade åtgärdsförslag"), level=2)
    if data["overdue"]:
        wordfile.table(
            document,
            [_("Förslag"), _("Ansvarig"), _("Vandring"), _("Senast"), _("Dagar sen")],
            [
                [r["title"], r["owner"], r["walk"], format_date(datetime.date.fromisoformat(r["due"])), r["days_late"]]
                for r in data["overdue"]
            ],
            numeric_from=4,
        )
    else:
        document.add_paragraph(_("Inga åtgärdsförslag är försenade."))
