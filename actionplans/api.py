"""The action plans API: the plans of a municipality with their goals (SMART gaps, computed
baseline and current value) and activities, one plan, and the workflow step."""

import datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from accounts.api import API_AUTH
from actionplans import indicators, services, smart
from actionplans.models import ActionPlan, Activity, Goal
from samtrygg.openapi import choice
from tenancy.scoping import get_municipality

router = Router(tags=["actionplans"], auth=API_AUTH)


class PlansQuery(Schema):
    municipality: str = Field(..., examples=["1262"])
    year: int | None = Field(
        None, ge=2000, le=2100, examples=[2026], description="The focus areas' year; default: every year"
    )


class GoalOut(Schema):
    id: int
    description: str
    indicator: str
    indicator_source: choice(Goal.Source)
    indicator_params: dict
    baseline: float | None
    baseline_from: datetime.date | None
    baseline_to: datetime.date | None
    target: float | None
    direction: choice(Goal.Direction)
    target_date: datetime.date | None
    data_source: str
    smart_missing: list[str] = Field(..., description="SMART parts missing; empty when the goal is complete")
    smart_missing_labels: list[str]
    current: float | None = Field(None, description="Series goals: average per month over the last 3 whole months")


class ActivityOut(Schema):
    id: int
    what: str
    kind: choice(Activity.Kind)
    responsible: str
    organisation: str | None
    goal_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    status: choice(Activity.Status)
    status_name: str
    status_comment: str
    cost: float | None
    done: bool
    done_at: datetime.date | None


class TransitionOut(Schema):
    from_status: choice(ActionPlan.Status)
    to_status: choice(ActionPlan.Status)
    actor: str | None
    at: datetime.datetime
    comment: str


class PlanOut(Schema):
    id: int
    title: str
    focus_area: str
    focus_area_id: int
    year: int
    status: choice(ActionPlan.Status)
    status_name: str
    starts_on: datetime.date
    ends_on: datetime.date
    approved_by: str
    approved_on: datetime.date | None
    child_impact_completed: bool
    goals: list[GoalOut]
    activities: list[ActivityOut]
    transitions: list[TransitionOut]


class TransitionIn(Schema):
    to: str = Field(
        ...,
        examples=["proposed"],
        # a plain string at runtime, so an unknown status gets the message listing the valid ones
        json_schema_extra={"enum": ActionPlan.Status.values},
    )
    comment: str = ""


class TransitionRefusedOut(Schema):
    detail: str
    reasons: list[str]


class UnknownStatusOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def _number(value) -> float | None:
    return float(value) if value is not None else None


def goal_out(goal, today) -> dict:
    gaps = smart.missing(goal)
    series = indicators.is_series(goal)
    return {
        "id": goal.pk,
        "description": goal.description,
        "indicator": goal.indicator,
        "indicator_source": goal.indicator_source,
        "indicator_params": goal.indicator_params or {},
        "baseline": _number(goal.baseline),
        "baseline_from": goal.baseline_from,
        "baseline_to": goal.baseline_to,
        "target": _number(goal.target),
        "direction": goal.direction,
        "target_date": goal.target_date,
        "data_source": goal.data_source,
        "smart_missing": gaps,
        "smart_missing_labels": smart.labels(gaps),
        "current": _number(indicators.current_value(goal, today)) if series else None,
    }


def plan_out(plan: ActionPlan) -> dict:
    today = timezone.localdate()
    return {
        "id": plan.pk,
        "title": plan.title,
        "focus_area": plan.focus_area.name,
        "focus_area_id": plan.focus_area_id,
        "year": plan.focus_area.year,
        "status": plan.status,
        "status_name": plan.get_status_display(),
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "approved_by": plan.approved_by,
        "approved_on": plan.approved_on,
        "child_impact_completed": services.child_impact_complete(plan),
        "goals": [goal_out(g, today) for g in plan.goals.all()],
        "activities": [
            {
                "id": a.pk,
                "what": a.what,
                "kind": a.kind,
                "responsible": a.responsible,
                "organisation": a.organisation.name if a.organisation else None,
                "goal_id": a.goal_id,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "status": a.status,
                "status_name": a.get_status_display(),
                "status_comment": a.status_comment,
                "cost": _number(a.cost),
                "done": a.done_at is not None,
                "done_at": a.done_at,
            }
            for a in plan.activities.select_related("organisation")
        ],
        "transitions": [
            {
                "from_status": t.from_status,
                "to_status": t.to_status,
                "actor": t.actor.get_username() if t.actor else None,
                "at": t.at,
                "comment": t.comment,
            }
            for t in plan.transitions.select_related("actor")
        ],
    }


def _plan(user, plan_id: int, permission: str) -> ActionPlan:
    """The plan if the user may see its municipality (else 404) and holds `permission` (else 403)."""
    plan = get_object_or_404(ActionPlan.objects.select_related("focus_area", "municipality"), pk=plan_id)
    get_municipality(user, plan.municipality.code, permission)
    return plan


@router.get(
    "/action-plans",
    response=list[PlanOut],
    summary="The action plans (handlingsplaner) of a municipality, with SMART goals and activities",
)
def action_plans(request, query: Query[PlansQuery]):
    municipality = get_municipality(request.user, query.municipality, "view_collaboration")
    plans = ActionPlan.objects.filter(municipality=municipality).select_related("focus_area")
    if query.year:
        plans = plans.filter(focus_area__year=query.year)
    return [plan_out(p) for p in plans.order_by("-focus_area__year", "focus_area__order", "focus_area__name")]


@router.get("/action-plans/{plan_id}", response=PlanOut, summary="One action plan")
def action_plan(request, plan_id: int):
    return plan_out(_plan(request.user, plan_id, "view_collaboration"))


@router.post(
    "/action-plans/{plan_id}/transition",
    response={200: PlanOut, 409: TransitionRefusedOut, 422: UnknownStatusOut},
    summary="Move a plan one step in its workflow; 409 with the reasons when the step is not allowed",
)
def action_plan_transition(request, plan_id: int, payload: TransitionIn):
    plan = _plan(request.user, plan_id, "edit_collaboration")
    try:
        plan = services.transition(plan, request.user, payload.to, payload.comment)
    except ValueError:
        message = _("Okänd status: %(to)s. Giltiga: %(valid)s.") % {
            "to": payload.to,
            "valid": ", ".join(ActionPlan.Status.values),
        }
        return Status(422, {"detail": message, "errors": {"to": [message]}})
    except services.TransitionRefused as e:
        return Status(409, {"detail": _("Steget är inte tillåtet nu."), "reasons": e.reasons})
    return plan_out(ActionPlan.objects.select_related("focus_area").get(pk=plan.pk))
