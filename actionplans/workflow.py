"""The plan's workflow (draft → proposed → approved by the styrgrupp → in progress → completed →
evaluated, and proposed → draft when sent back), the quarterly follow-up and the evaluation.
Every step is a Transition row (who, when) and an audit entry. A step that is not allowed is
refused with the reasons in Swedish, so the page and the API can show what is missing."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from actionplans import indicators, smart
from actionplans.models import ActionPlan, Activity, Evaluation, FollowUp, Goal, Transition
from audit import log as audit
from privacy import pii

S = ActionPlan.Status
NEXT: dict[str, list[str]] = {
    S.DRAFT: [S.PROPOSED],
    S.PROPOSED: [S.APPROVED, S.DRAFT],
    S.APPROVED: [S.IN_PROGRESS],
    S.IN_PROGRESS: [S.COMPLETED],
    S.COMPLETED: [S.EVALUATED],
    S.EVALUATED: [],
}
# the button text of each step, by (from, to)
ACTIONS = {
    (S.DRAFT, S.PROPOSED): gettext_lazy("Föreslå för beslut"),
    (S.PROPOSED, S.APPROVED): gettext_lazy("Godkänn (styrgruppens beslut)"),
    (S.PROPOSED, S.DRAFT): gettext_lazy("Skicka tillbaka till utkast"),
    (S.APPROVED, S.IN_PROGRESS): gettext_lazy("Starta arbetet"),
    (S.IN_PROGRESS, S.COMPLETED): gettext_lazy("Avsluta planen"),
    (S.COMPLETED, S.EVALUATED): gettext_lazy("Markera som utvärderad"),
}
DEFAULT_APPROVER = gettext_lazy("Styrgruppen")
FOLLOW_UP_STATUSES = {S.APPROVED, S.IN_PROGRESS, S.COMPLETED}
EVALUATION_FIELDS = ["production", "process", "effect", "conclusion"]


class ActionPlanError(Exception):
    """An action the plan's state does not allow; the message is Swedish, for the user."""


class TransitionRefused(ActionPlanError):
    def __init__(self, reasons: list[str]):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


def _label(status: str) -> str:
    return str(S(status).label)


def refusal_reasons(plan: ActionPlan, to: str) -> list[str]:
    """Why the plan cannot move to `to` now; empty when it can."""
    if to not in NEXT[plan.status]:
        return [_("Planen kan inte gå från %(from)s till %(to)s.") % {"from": _label(plan.status), "to": _label(to)}]
    reasons = []
    if (plan.status, to) == (S.DRAFT, S.PROPOSED):
        goals = list(plan.goals.all())
        if not goals:
            reasons.append(_("Planen har inga mål. Lägg till minst ett SMART mål."))
        for goal in goals:
            gaps = smart.missing(goal)
            if gaps:
                reasons.append(
                    _("Målet ”%(goal)s” är inte SMART – det saknar: %(parts)s.")
                    % {"goal": goal.description[:60] or "–", "parts": ", ".join(smart.labels(gaps)).lower()}
                )
        if not plan.activities.exists():
            reasons.append(_("Planen har inga aktiviteter. Lägg till minst en."))
    elif (plan.status, to) == (S.PROPOSED, S.APPROVED):
        assessment = getattr(plan, "child_impact", None) if plan.pk else None
        if not (assessment and assessment.completed_at):
            reasons.append(
                _(
                    "Barnkonsekvensanalysen är inte klar: vilka barn som berörs, hur deras åsikter har "
                    "inhämtats och bedömningen av barnets bästa måste vara ifyllda innan planen godkänns."
                )
            )
    elif (plan.status, to) == (S.COMPLETED, S.EVALUATED):
        if not Evaluation.objects.filter(plan=plan).exists():
            reasons.append(_("Utvärderingen är inte gjord. Fyll i den innan planen markeras som utvärderad."))
    return reasons


def next_steps(plan: ActionPlan) -> list[dict]:
    """The steps from the plan's status, each with its button text and the reasons it is refused."""
    return [
        {"to": to, "label": ACTIONS[(plan.status, to)], "reasons": refusal_reasons(plan, to)}
        for to in NEXT[plan.status]
    ]


@transaction.atomic
def transition(
    plan: ActionPlan,
    actor,
    to: str,
    comment: str = "",
    *,
    approved_by: str = "",
    approved_on: datetime.date | None = None,
) -> ActionPlan:
    """Move the plan one step. Raises ValueError for an unknown status and TransitionRefused
    (with the Swedish reasons) when the step is not allowed now. Approval records approved_by
    (default "Styrgruppen") and approved_on (default today)."""
    if to not in S.values:
        raise ValueError(f"unknown status {to!r}")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    reasons = refusal_reasons(plan, to)
    if reasons:
        raise TransitionRefused(reasons)
    before = audit.snapshot(plan, ["status", "approved_by", "approved_on"])
    from_status = plan.status
    plan.status = to
    if to == S.APPROVED:
        plan.approved_by = (approved_by or "").strip() or str(DEFAULT_APPROVER)
        plan.approved_on = approved_on or timezone.localdate()
    plan.save()
    Transition.objects.create(
        plan=plan,
        from_status=from_status,
        to_status=to,
        comment=(comment or "")[:300],
        actor=actor if actor is not None and actor.is_authenticated else None,
    )
    audit.updated(actor, plan, before)
    return plan


# ---- quarterly follow-up -----------------------------------------------------------------------


def quarter_end(year: int, quarter: int) -> datetime.date:
    return indicators.add_months(datetime.date(year, 3 * quarter, 1), 1) - datetime.timedelta(days=1)


def _flags(text: str) -> list[dict]:
    return [{"kind": f.kind, "label": f.label} for f in pii.find_pii(text or "")]


@transaction.atomic
def record_follow_up(
    plan: ActionPlan, actor, year: int, quarter: int, activities: dict | None = None, goals: dict | None = None
) -> list[FollowUp]:
    """The quarter's follow-up: activities {id: (status, comment)} also set the activity's current
    status; goals {id: comment} or {id: (comment, value)}. A series goal's measured value is its
    indicator's average over the quarter (indicators.current_value the day after the quarter
    ends); a manual goal's is the typed value. Recording a quarter again replaces its rows."""
    if plan.status not in FOLLOW_UP_STATUSES:
        raise ActionPlanError(_("Planen följs upp när den är godkänd, pågår eller är avslutad."))
    if quarter not in (1, 2, 3, 4):
        raise ActionPlanError(_("Kvartalet måste vara 1–4."))
    user = actor if actor is not None and actor.is_authenticated else None
    rows = []
    own_activities = {a.pk: a for a in plan.activities.all()}
    for activity_id, (status, comment) in (activities or {}).items():
        activity = own_activities.get(int(activity_id))
        if activity is None:
            raise ActionPlanError(_("Aktiviteten hör inte till planen."))
        if status not in Activity.Status.values:
            raise ActionPlanError(_("Ogiltig status för aktiviteten ”%(what)s”.") % {"what": activity.what})
        row, _created = FollowUp.objects.update_or_create(
            plan=plan,
            year=year,
            quarter=quarter,
            activity=activity,
            defaults={"status": status, "comment": comment or "", "pii": _flags(comment), "created_by": user},
        )
        before = audit.snapshot(activity, ["status", "status_comment"])
        activity.status, activity.status_comment = status, (comment or "")[:300]
        activity.pii = _flags(activity.status_comment)
        activity.save(update_fields=["status", "status_comment", "pii"])
        audit.updated(actor, activity, before, municipality=plan.municipality)
        rows.append(row)
    own_goals = {g.pk: g for g in plan.goals.all()}
    measured_on = quarter_end(year, quarter) + datetime.timedelta(days=1)
    for goal_id, value in (goals or {}).items():
        goal: Goal | None = own_goals.get(int(goal_id))
        if goal is None:
            raise ActionPlanError(_("Målet hör inte till planen."))
        comment, typed = value if isinstance(value, tuple) else (value, None)
        measured = indicators.current_value(goal, measured_on) if indicators.is_series(goal) else typed
        row, _created = FollowUp.objects.update_or_create(
            plan=plan,
            year=year,
            quarter=quarter,
            goal=goal,
            defaults={"measured_value": measured, "comment": comment or "", "pii": _flags(comment), "created_by": user},
        )
        rows.append(row)
    for row in rows:
        audit.created(
            actor,
            row,
            ["year", "quarter", "activity", "goal", "status", "measured_value", "comment"],
            municipality=plan.municipality,
        )
    return rows


# ---- evaluation --------------------------------------------------------------------------------


@transaction.atomic
def save_evaluation(plan: ActionPlan, actor, data: dict) -> Evaluation:
    """The evaluation after the plan ends (production, process, effect, conclusion); allowed once
    the plan is completed."""
    if plan.status not in (S.COMPLETED, S.EVALUATED):
        raise ActionPlanError(_("Planen utvärderas när den är avslutad."))
    evaluation = Evaluation.objects.filter(plan=plan).first()
    created = evaluation is None
    evaluation = evaluation or Evaluation(plan=plan)
    before = None if created else audit.snapshot(evaluation, EVALUATION_FIELDS)
    for name in EVALUATION_FIELDS:
        if name in data:
            setattr(evaluation, name, (data[name] or "").strip())
    evaluation.evaluated_by = actor if actor is not None and actor.is_authenticated else None
    evaluation.save()
    if created:
        audit.created(actor, evaluation, EVALUATION_FIELDS, municipality=plan.municipality)
    else:
        audit.updated(actor, evaluation, before, municipality=plan.municipality)
    return evaluation
