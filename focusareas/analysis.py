"""The root-cause analysis (orsaksanalys) of a focus area: the problem and its causes by the
problem triangle. Every write is audited; services.py re-exports these."""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

import audit.log as audit
from focusareas.models import Cause, CauseAnalysis, Evidence, FocusArea
from privacy import pii

CAUSE_FIELDS = ["analysis", "side", "text", "order"]


class InvalidAnalysis(ValueError):
    pass


def _flags(text: str) -> list[dict]:
    return [f.as_dict() for f in pii.find_pii(text or "")]


@transaction.atomic
def save_analysis(focus_area: FocusArea, actor, problem: str) -> CauseAnalysis:
    """Create the analysis or change its problem statement."""
    problem = (problem or "").strip()
    if not problem:
        raise InvalidAnalysis(_("Beskriv problemet."))
    analysis = CauseAnalysis.objects.select_for_update().filter(focus_area=focus_area).first()
    if analysis is None:
        analysis = CauseAnalysis.objects.create(focus_area=focus_area, problem=problem, pii=_flags(problem))
        audit.created(actor, analysis, ["focus_area", "problem"], municipality=focus_area.municipality)
        return analysis
    before = audit.snapshot(analysis, ["problem"])
    analysis.problem = problem
    analysis.pii = _flags(problem)
    analysis.save()
    audit.updated(actor, analysis, before, municipality=focus_area.municipality)
    return analysis


def _check(side: str, text: str) -> str:
    if side not in Cause.Side.values:
        raise InvalidAnalysis(_("Välj en del av problemtriangeln."))
    text = (text or "").strip()
    if not text:
        raise InvalidAnalysis(_("Beskriv orsaken."))
    if len(text) > 300:
        raise InvalidAnalysis(_("Orsaken får vara högst 300 tecken."))
    return text


@transaction.atomic
def add_cause(analysis: CauseAnalysis, actor, *, side: str, text: str) -> Cause:
    text = _check(side, text)
    last = analysis.causes.filter(side=side).aggregate(m=Max("order"))["m"]
    cause = Cause.objects.create(
        analysis=analysis, side=side, text=text, order=0 if last is None else last + 1, pii=_flags(text)
    )
    audit.created(actor, cause, CAUSE_FIELDS, municipality=analysis.focus_area.municipality)
    return cause


@transaction.atomic
def update_cause(cause: Cause, actor, *, side: str, text: str) -> Cause:
    text = _check(side, text)
    before = audit.snapshot(cause, CAUSE_FIELDS)
    if side != cause.side:
        last = cause.analysis.causes.filter(side=side).aggregate(m=Max("order"))["m"]
        cause.order = 0 if last is None else last + 1
    cause.side, cause.text, cause.pii = side, text, _flags(text)
    cause.save()
    audit.updated(actor, cause, before, municipality=cause.analysis.focus_area.municipality)
    return cause


@transaction.atomic
def delete_cause(cause: Cause, actor) -> None:
    """The cause's evidence stays with the focus area (the model would cascade it away)."""
    municipality = cause.analysis.focus_area.municipality
    for evidence in Evidence.objects.filter(cause=cause):
        before = audit.snapshot(evidence, ["cause"])
        evidence.cause = None
        evidence.save(update_fields=["cause"])
        audit.updated(actor, evidence, before, municipality=municipality)
    audit.deleted(actor, cause, CAUSE_FIELDS, municipality=municipality)
    cause.delete()
