"""Evidence (underlag) for focus areas and their causes, and the path from a situation picture's
figure to a proposed focus area. Every write is audited; services.py re-exports these."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

import audit.log as audit
from focusareas import figures
from focusareas.models import Cause, Evidence, FocusArea
from privacy import pii

EVIDENCE_FIELDS = ["focus_area", "cause", "kind", "description", "source", "value", "situation_picture", "reference"]


class InvalidEvidence(ValueError):
    pass


def _flags(text: str) -> list[dict]:
    return [f.as_dict() for f in pii.find_pii(text or "")]


@transaction.atomic
def add_evidence(
    focus_area: FocusArea,
    actor,
    *,
    kind: str,
    description: str,
    source: dict | None = None,
    value=None,
    situation_picture=None,
    reference: str = "",
    cause: Cause | None = None,
) -> Evidence:
    """A figure needs the query it was read from (`source`); the other kinds are text with a
    reference (a report, a survey, who took part in a dialogue)."""
    if kind not in Evidence.Kind.values:
        raise InvalidEvidence(_("Okänd typ av underlag."))
    if not (description or "").strip():
        raise InvalidEvidence(_("Beskriv underlaget."))
    if kind == Evidence.Kind.FIGURE and not source:
        raise InvalidEvidence(_("En siffra ska hämtas ur Samtrygg, inte skrivas in."))
    if situation_picture is not None and situation_picture.municipality_id != focus_area.municipality_id:
        raise InvalidEvidence(_("Lägesbilden hör till en annan kommun."))
    if cause is not None and cause.analysis.focus_area_id != focus_area.pk:
        raise InvalidEvidence(_("Orsaken hör till ett annat fokusområde."))
    evidence = Evidence.objects.create(
        focus_area=focus_area,
        cause=cause,
        kind=kind,
        description=description.strip(),
        source=source or {},
        value=value,
        situation_picture=situation_picture,
        reference=(reference or "").strip()[:300],
        pii=_flags(description) if kind != Evidence.Kind.FIGURE else [],
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.created(actor, evidence, EVIDENCE_FIELDS, municipality=focus_area.municipality)
    return evidence


def add_figure_evidence(
    focus_area: FocusArea, actor, *, picture, category_slug: str, source: str = "all", cause: Cause | None = None
) -> Evidence:
    """A category's figure from one of the municipality's situation pictures."""
    if picture.municipality_id != focus_area.municipality_id:
        raise InvalidEvidence(_("Lägesbilden hör till en annan kommun."))
    return _add_figure(focus_area, actor, _figure(picture, category_slug, source), cause)


def _figure(picture, category_slug: str, source: str) -> figures.Figure:
    try:
        return figures.figure(picture, category_slug, source)
    except figures.UnknownFigure as e:
        raise InvalidEvidence(str(e)) from e


def _add_figure(focus_area: FocusArea, actor, fig: figures.Figure, cause: Cause | None = None) -> Evidence:
    """The figure as evidence, linked to its picture and the query it was read with."""
    return add_evidence(
        focus_area,
        actor,
        kind=Evidence.Kind.FIGURE,
        description=fig.description,
        source=fig.source,
        value=fig.value,
        situation_picture=fig.picture,
        cause=cause,
    )


@transaction.atomic
def remove_evidence(evidence: Evidence, actor) -> None:
    audit.deleted(actor, evidence, EVIDENCE_FIELDS, municipality=evidence.focus_area.municipality)
    evidence.delete()


@transaction.atomic
def attach_evidence(evidence: Evidence, actor, cause: Cause | None) -> Evidence:
    """Tie a focus area's evidence to one of its causes (None: back to the focus area as a whole)."""
    if cause is not None and cause.analysis.focus_area_id != evidence.focus_area_id:
        raise InvalidEvidence(_("Orsaken hör till ett annat fokusområde."))
    before = audit.snapshot(evidence, ["cause"])
    evidence.cause = cause
    evidence.save(update_fields=["cause"])
    audit.updated(actor, evidence, before, municipality=evidence.focus_area.municipality)
    return evidence


@transaction.atomic
def propose_from_picture(
    picture, actor, *, category_slug: str, year: int, name: str | None = None, source: str = "all"
) -> FocusArea:
    """A proposed focus area for `year` named after the category (or `name`), with the picture's
    figure as evidence; when the year already has a focus area of that name, the figure is added
    to it instead."""
    from focusareas import services

    fig = _figure(picture, category_slug, source)
    name = (name or "").strip() or fig.category_name
    municipality = picture.municipality
    focus_area = FocusArea.objects.filter(municipality=municipality, year=year, name__iexact=name).first()
    if focus_area is None:
        last = FocusArea.objects.filter(municipality=municipality, year=year).aggregate(m=Max("order"))["m"]
        focus_area = services.create_focus_area(
            municipality,
            actor,
            year=year,
            name=name[:150],
            status=FocusArea.Status.PROPOSED,
            order=0 if last is None else last + 1,
        )
    _add_figure(focus_area, actor, fig)
    return focus_area
