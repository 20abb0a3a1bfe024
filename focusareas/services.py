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
