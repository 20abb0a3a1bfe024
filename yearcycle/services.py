"""Every write to the årshjul goes through these functions (views, API and demo data alike), and
each records the audit log. `generate_year` fills a year from the template below.

The template ("Skapa årshjul från mall") follows the seed documents:
- 001 Höör: kartläggning → problembild → analys → åtgärder; the lokala BRÅ reports to KSAU four
  times a year; the operative agreement and the medborgarlöften are decided every year.
- 003 Lomma: a yearly joint lägesbild presented in the trygghetsråd; focus areas proposed by the
  samverkansgrupp and decided by the styrgrupp, with a barnkonsekvensanalys before decisions;
  action plans approved by the styrgrupp; uppföljning and utvärdering every year.
- 002: the police's trygghetsmätning every autumn.

    Jan     medborgarlöften for the year decided and published
    Jan     operative agreement / action plans approved by the styrgrupp
    Mar, Jun, Sep, Dec  återrapportering to KSAU (a forum whose reports_to names KSAU owns them,
            and its reports_per_year sets how many, spread evenly over the year)
    Sep     trygghetsmätning
    Oct     kartläggning (lag 2023:196)
    Nov     joint lägesbild presented in the trygghetsråd
    Nov     focus areas for next year proposed by the samverkansgrupp
    Dec     focus areas decided by the styrgrupp, after a barnkonsekvensanalys
    Dec     yearly follow-up of the agreement
    and, when an agreement of the municipality is to be renewed that year (renewal_year, or
    valid_to in the year) and is not replaced: "Ny samverkansöverenskommelse tas fram", due two
    months before valid_to.

Owners are role titles, or the municipality's forum of the matching kind when there is one.
Each generated item keeps its template_key, so generating a year again adds only what is missing.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.models import Agreement
from audit import log as audit
from forums.models import Forum
from samtrygg.dates import local_today
from tenancy.models import Municipality
from yearcycle.models import CycleItem

Phase = CycleItem.Phase
Kind = Forum.Kind
FIELDS = ["year", "phase", "title", "description", "owner", "forum", "due_date", "done_at"]
NEXT_COUNT = 3
STATE_LABELS = {
    "done": gettext_lazy("klar"),
    "late": gettext_lazy("försenad"),
    "upcoming": gettext_lazy("kommande"),
}


@dataclass(frozen=True)
class Step:
    key: str
    month: int
    day: int | None  # None: the last day of the month
    phase: str
    title: str
    owner: str
    forum_kind: str | None = None
    description: str = ""


TEMPLATE = [
    Step(
        "promises",
        1,
        31,
        Phase.PROMISES,
        gettext_lazy("Årets medborgarlöften beslutas och publiceras"),
        gettext_lazy("Kommunstyrelsens ordförande och lokalpolisområdeschef"),
        description=gettext_lazy("Publicera löftena på den publika sidan och börja lägesuppdateringarna."),
    ),
    Step(
        "action_plans",
        1,
        31,
        Phase.ACTION_PLANS,
        gettext_lazy("Operativ överenskommelse och handlingsplaner godkänns av styrgruppen"),
        gettext_lazy("Styrgruppen"),
        Kind.STEERING_GROUP,
    ),
    Step(
        "survey",
        9,
        30,
        Phase.SURVEY,
        gettext_lazy("Trygghetsmätning genomförs"),
        gettext_lazy("Kommunpolis och säkerhetschef"),
        description=gettext_lazy("Polisens och kommunens trygghetsmätning varje höst."),
    ),
    Step(
        "mapping",
        10,
        None,
        Phase.MAPPING,
        gettext_lazy("Kartläggning av brottsligheten och otryggheten"),
        gettext_lazy("Säkerhetschef och kommunpolis"),
        Kind.SITUATION_GROUP,
        gettext_lazy(
            "Brottslighetens art, omfattning och konsekvenser (lag 2023:196) – underlag för problembild och analys."
        ),
    ),
    Step(
        "situation",
        11,
        15,
        Phase.SITUATION,
        gettext_lazy("Gemensam lägesbild presenteras i trygghetsrådet"),
        gettext_lazy("Trygghetsrådet"),
        Kind.SAFETY_COUNCIL,
    ),
    Step(
        "focus_proposed",
        11,
        None,
        Phase.FOCUS_AREAS,
        gettext_lazy("Fokusområden för nästa år föreslås"),
        gettext_lazy("Samverkansgruppen"),
        Kind.COLLABORATION_GROUP,
    ),
    Step(
        "focus_decided",
        12,
        15,
        Phase.DECISION,
        gettext_lazy("Fokusområden beslutas, med barnkonsekvensanalys"),
        gettext_lazy("Styrgruppen"),
        Kind.STEERING_GROUP,
        gettext_lazy("Gör en barnkonsekvensanalys före beslutet."),
    ),
    Step(
        "follow_up",
        12,
        None,
        Phase.FOLLOW_UP,
        gettext_lazy("Årlig uppföljning och utvärdering av samverkansöverenskommelsen"),
        gettext_lazy("Styrgruppen"),
        Kind.STEERING_GROUP,
    ),
]
REPORT_OWNER = gettext_lazy("Lokala BRÅ")
DEFAULT_REPORTS = 4


def day_in(year: int, month: int, day: int | None) -> datetime.date:
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day or last, last))


def _months_back(day: datetime.date, months: int) -> datetime.date:
    month0 = day.year * 12 + day.month - 1 - months
    year, month = divmod(month0, 12)
    return day_in(year, month + 1, day.day)


def _forum_of_kind(forums: list[Forum], kind: str | None) -> Forum | None:
    return next((f for f in forums if f.kind == kind), None) if kind else None


def _report_steps(forums: list[Forum]) -> list[tuple[Step, Forum | None]]:
    """The återrapporteringar to KSAU: as many as the reporting forum's reports_per_year, spread
    evenly over the year (four: Mar, Jun, Sep, Dec)."""
    forum = next((f for f in forums if "ksau" in f.reports_to.lower()), None)
    forum = forum or _forum_of_kind(forums, Kind.LOCAL_CRIME_COUNCIL)
    count = min(max((forum.reports_per_year if forum else None) or DEFAULT_REPORTS, 1), 12)
    steps = []
    for i in range(count):
        month = 12 * (i + 1) // count
        steps.append(
            (
                Step(
                    f"report_{i + 1}",
                    month,
                    15 if month == 12 else None,
                    Phase.REPORT,
                    _("Återrapportering till KSAU (%(n)d av %(count)d)") % {"n": i + 1, "count": count},
                    forum.name if forum else str(REPORT_OWNER),
                ),
                forum,
            )
        )
    return steps


def _renewals(municipality, year: int) -> list[tuple[str, dict]]:
    """(template_key, fields) for each agreement to renew this year."""
    result = []
    agreements = (
        Agreement.objects.filter(municipality=municipality)
        .exclude(status=Agreement.Status.REPLACED)
        .filter(replaced_by__isnull=True)
    )
    for agreement in agreements:
        if agreement.renewal_year != year and agreement.valid_to.year != year:
            continue
        due = _months_back(agreement.valid_to, 2)
        due = min(max(due, datetime.date(year, 1, 1)), datetime.date(year, 12, 31))
        result.append(
            (
                f"agreement_{agreement.pk}",
                {
                    "phase": Phase.AGREEMENT,
                    "title": _("Ny samverkansöverenskommelse tas fram"),
                    "description": _("%(title)s gäller till och med %(date)s.")
                    % {"title": agreement.title, "date": agreement.valid_to.isoformat()},
                    "owner": _("Säkerhetschef och kommunpolis"),
                    "forum": None,
                    "due_date": due,
                },
            )
        )
    return result


def template_rows(municipality, year: int) -> list[tuple[str, dict]]:
    """(template_key, fields) of the year's template for this municipality."""
    forums = list(Forum.objects.filter(municipality=municipality).order_by("id"))
    steps = [(s, _forum_of_kind(forums, s.forum_kind)) for s in TEMPLATE] + _report_steps(forums)
    rows = []
    for step, forum in steps:
        owner = forum.name if forum else str(step.owner)
        rows.append(
            (
                step.key,
                {
                    "phase": step.phase,
                    "title": str(step.title),
                    "description": str(step.description),
                    "owner": owner,
                    "forum": forum,
                    "due_date": day_in(year, step.month, step.day),
                },
            )
        )
    rows += _renewals(municipality, year)
    rows.sort(key=lambda row: (row[1]["due_date"], row[0]))
    return rows


@transaction.atomic
def generate_year(municipality, year: int, actor) -> list[CycleItem]:
    """Create the template's items for the year that do not exist yet (by template_key); returns
    the new ones. Items the users changed or marked done are left as they are. The municipality's
    row is locked meanwhile, so two users generating the same year at once wait for each other
    instead of both creating the steps (the unique constraint backs this up)."""
    Municipality.objects.select_for_update().only("pk").get(pk=municipality.pk)
    existing = set(
        CycleItem.objects.filter(municipality=municipality, year=year)
        .exclude(template_key="")
        .values_list("template_key", flat=True)
    )
    created = []
    for key, fields in template_rows(municipality, year):
        if key in existing:
            continue
        item = CycleItem.objects.create(
            municipality=municipality,
            year=year,
            template_key=key,
            created_by=actor if actor and actor.is_authenticated else None,
            **fields,
        )
        audit.created(actor, item, FIELDS + ["template_key"])
        created.append(item)
    return created


@transaction.atomic
def create_item(municipality, actor, data: dict) -> CycleItem:
    """`data`: phase, title, owner, due_date, and optionally description, forum, year (default:
    the due date's year)."""
    item = CycleItem(
        municipality=municipality,
        year=data.get("year") or data["due_date"].year,
        created_by=actor if actor and actor.is_authenticated else None,
    )
    item.phase = data.get("phase") or Phase.OTHER
    item.title, item.owner, item.due_date = data["title"], data["owner"], data["due_date"]
    item.description = data.get("description") or ""
    item.forum = data.get("forum")
    item.save()
    audit.created(actor, item, FIELDS)
    return item


@transaction.atomic
def update_item(item: CycleItem, actor, data: dict) -> CycleItem:
    before = audit.snapshot(item, FIELDS)
    for name in ["phase", "title", "description", "owner", "forum", "due_date"]:
        if name in data:
            setattr(item, name, data[name])
    if "due_date" in data:
        item.year = data.get("year") or data["due_date"].year
    item.save()
    audit.updated(actor, item, before)
    return item


@transaction.atomic
def delete_item(item: CycleItem, actor) -> None:
    audit.deleted(actor, item, FIELDS)
    item.delete()


@transaction.atomic
def mark_done(item: CycleItem, actor, day: datetime.date | None = None) -> CycleItem:
    before = audit.snapshot(item, ["done_at"])
    item.done_at = day or local_today()
    item.save(update_fields=["done_at"])
    audit.updated(actor, item, before)
    return item


@transaction.atomic
def undo_done(item: CycleItem, actor) -> CycleItem:
    before = audit.snapshot(item, ["done_at"])
    item.done_at = None
    item.save(update_fields=["done_at"])
    audit.updated(actor, item, before)
    return item


def state(item: CycleItem, today: datetime.date) -> str:
    """ "done", "late" or "upcoming"."""
    if item.done_at:
        return "done"
    return "late" if item.is_late(today) else "upcoming"


def summary(items, today: datetime.date) -> dict:
    """The box at the top: the next undone items (due today or later) and the late ones."""
    undone = sorted((i for i in items if i.done_at is None), key=lambda i: (i.due_date, i.pk))
    return {
        "next": [i for i in undone if i.due_date >= today][:NEXT_COUNT],
        "late": [i for i in undone if i.due_date < today],
    }
