"""Focus areas (fokusområden): every write goes through here and is audited."""

from django.db import transaction
from django.utils.translation import gettext as _

import audit.log as audit
from focusareas.models import FocusArea

FIELDS = ["name", "description", "children_and_youth", "status", "decided_by", "decided_on", "order", "year"]


class InvalidFocusArea(ValueError):
    pass


def _check_unique(municipality, year: int, name: str, exclude: int | None = None) -> None:
    taken = FocusArea.objects.filter(municipality=municipality, year=year, name__iexact=name.strip())
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise InvalidFocusArea(_("Det finns redan ett fokusområde med det namnet för %(year)d.") % {"year": year})


@transaction.atomic
def create_focus_area(municipality, actor, *, year: int, name: str, **data) -> FocusArea:
    """data: description, children_and_youth, status, decided_by, decided_on, order."""
    _check_unique(municipality, year, name)
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    focus_area = FocusArea.objects.create(
        municipality=municipality, year=year, name=name.strip(), created_by=actor, **data
    )
    audit.created(actor, focus_area, FIELDS)
    return focus_area


@transaction.atomic
def update_focus_area(focus_area: FocusArea, actor, **data) -> FocusArea:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    before = audit.snapshot(focus_area, FIELDS)
    for key, value in data.items():
        setattr(focus_area, key, value.strip() if key == "name" else value)
    _check_unique(focus_area.municipality, focus_area.year, focus_area.name, exclude=focus_area.pk)
    focus_area.save()
    audit.updated(actor, focus_area, before)
    return focus_area


@transaction.atomic
def delete_focus_area(focus_area: FocusArea, actor) -> None:
    audit.deleted(actor, focus_area, FIELDS)
    focus_area.delete()


def for_year(municipality, year: int):
    return FocusArea.objects.filter(municipality=municipality, year=year).order_by("order", "name")


def years(municipality, around: int) -> list[int]:
    """The years to offer in the year selector: every year with focus areas, plus around±1."""
    found = set(FocusArea.objects.filter(municipality=municipality).values_list("year", flat=True).distinct())
    return sorted(found | {around - 1, around, around + 1}, reverse=True)


def lacks_children_and_youth(focus_areas) -> bool:
    """Seed 003: "Det ska alltid vara ett särskilt fokus gällande barn och ungdomar." True when no
    focus area of the year is marked for children and youth."""
    return not any(f.children_and_youth for f in focus_areas)


# ---- order on the year's list --------------------------------------------------------------


@transaction.atomic
def move(focus_area: FocusArea, actor, direction: str) -> FocusArea:
    """Move one place up or down in the year's list; the year's order is renumbered 0, 1, 2…
    so that equal numbers (the default 0) still move predictably."""
    if direction not in ("up", "down"):
        raise InvalidFocusArea(_("Okänd riktning."))
    siblings = list(for_year(focus_area.municipality, focus_area.year).select_for_update())
    index = next(i for i, f in enumerate(siblings) if f.pk == focus_area.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            before = audit.snapshot(sibling, ["order"])
            sibling.order = position
            sibling.save(update_fields=["order"])
            audit.updated(actor, sibling, before)
    focus_area.order = next(f.order for f in siblings if f.pk == focus_area.pk)
    return focus_area


# ---- the styrgrupp's decision ---------------------------------------------------------------


@transaction.atomic
def decide(focus_area: FocusArea, actor, *, decided_by: str, decided_on) -> FocusArea:
    """Record the styrgrupp's decision: who decided and when; the focus area becomes decided."""
    if not (decided_by or "").strip():
        raise InvalidFocusArea(_("Ange vem som beslutade."))
    if decided_on is None:
        raise InvalidFocusArea(_("Ange beslutsdatum."))
    focus_area = FocusArea.objects.select_for_update().get(pk=focus_area.pk)
    before = audit.snapshot(focus_area, FIELDS)
    focus_area.status = FocusArea.Status.DECIDED
    focus_area.decided_by = decided_by.strip()
    focus_area.decided_on = decided_on
    focus_area.save(update_fields=["status", "decided_by", "decided_on"])
    audit.updated(actor, focus_area, before)
    return focus_area


def year_lacks_children_and_youth(municipality, year: int) -> bool:
    return not FocusArea.objects.filter(municipality=municipality, year=year, children_and_youth=True).exists()


# Evidence and the cause analysis live in their own modules to keep each file readable; views,
# the API and demo data call them through here.
from focusareas.analysis import InvalidAnalysis, add_cause, delete_cause, save_analysis, update_cause  # noqa: E402
from focusareas.evidence import (  # noqa: E402
    InvalidEvidence,
    add_evidence,
    add_figure_evidence,
    attach_evidence,
    propose_from_picture,
    remove_evidence,
)

__all__ = [
    "InvalidAnalysis",
    "InvalidEvidence",
    "InvalidFocusArea",
    "add_cause",
    "add_evidence",
    "add_figure_evidence",
    "attach_evidence",
    "create_focus_area",
    "decide",
    "delete_cause",
    "delete_focus_area",
    "for_year",
    "move",
    "propose_from_picture",
    "remove_evidence",
    "save_analysis",
    "update_cause",
    "update_focus_area",
]
