"""Every write to action plans goes through these functions (web pages, API and demo data alike);
each records the audit log. The workflow steps, the quarterly follow-up and the evaluation are in
actionplans.workflow and re-exported here, so callers need one module."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actionplans import indicators
from actionplans.models import ActionPlan, Activity, ChildImpactAssessment, Goal
from actionplans.workflow import (  # noqa: F401  (re-exported: one module for every write)
    ActionPlanError,
    TransitionRefused,
    next_steps,
    quarter_end,
    record_follow_up,
    refusal_reasons,
    save_evaluation,
    transition,
)
from audit import log as audit
from focusareas.models import FocusArea
from privacy import pii

PLAN_FIELDS = ["title", "status", "starts_on", "ends_on", "approved_by", "approved_on", "focus_area"]
GOAL_FIELDS = [
    "description",
    "cause",
    "indicator",
    "indicator_source",
    "indicator_params",
    "baseline",
    "baseline_from",
    "baseline_to",
    "target",
    "direction",
    "target_date",
    "data_source",
    "order",
]
ACTIVITY_FIELDS = [
    "what",
    "goal",
    "cause",
    "kind",
    "organisation",
    "responsible",
    "owner",
    "starts_on",
    "ends_on",
    "status",
    "status_comment",
    "cost",
    "done_at",
]
CHILD_FIELDS = ["affected_children", "views_heard", "best_interest", "alternatives", "compensating_measures"]
CHILD_REQUIRED = ["affected_children", "views_heard", "best_interest"]


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def pii_flags(text: str) -> list[dict]:
    return [{"kind": f.kind, "label": f.label} for f in pii.find_pii(text or "")]


# ---- plans -------------------------------------------------------------------------------------


def plannable_focus_areas(municipality, year: int):
    """Decided focus areas of the year that have no plan yet."""
    return FocusArea.objects.filter(
        municipality=municipality, year=year, status=FocusArea.Status.DECIDED, action_plan__isnull=True
    ).order_by("order", "name")


@transaction.atomic
def create_plan(
    focus_area: FocusArea,
    actor,
    *,
    title: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> ActionPlan:
    """A draft plan for a decided focus area (one plan per focus area). Defaults: the title
    "Handlingsplan: <focus area>" and the focus area's calendar year."""
    if focus_area.status != FocusArea.Status.DECIDED:
        raise ActionPlanError(_("Fokusområdet är inte beslutat av styrgruppen än. Besluta det först."))
    if ActionPlan.objects.filter(focus_area=focus_area).exists():
        raise ActionPlanError(_("Fokusområdet har redan en handlingsplan."))
    plan = ActionPlan(
        municipality_id=focus_area.municipality_id,
        focus_area=focus_area,
        title=(title or "").strip() or _("Handlingsplan: %(name)s") % {"name": focus_area.name},
        starts_on=starts_on or datetime.date(focus_area.year, 1, 1),
        ends_on=ends_on or datetime.date(focus_area.year, 12, 31),
        created_by=_user(actor),
    )
    _check_period(plan.starts_on, plan.ends_on)
    plan.save()
    audit.created(actor, plan, PLAN_FIELDS)
    return plan


def _check_period(starts_on, ends_on) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ActionPlanError(_("Slutdatumet kan inte vara före startdatumet."))


@transaction.atomic
def update_plan(plan: ActionPlan, actor, **data) -> ActionPlan:
    """data: title, starts_on, ends_on."""
    unknown = set(data) - {"title", "starts_on", "ends_on"}
    if unknown:
        raise TypeError(f"unknown fields {unknown}")
    before = audit.snapshot(plan, PLAN_FIELDS)
    for key, value in data.items():
        setattr(plan, key, value)
    _check_period(plan.starts_on, plan.ends_on)
    plan.save()
    audit.updated(actor, plan, before)
    return plan


@transaction.atomic
def delete_plan(plan: ActionPlan, actor) -> None:
    """Only a draft may be removed; a plan that was proposed is part of the record."""
    if plan.status != ActionPlan.Status.DRAFT:
        raise ActionPlanError(_("Bara ett utkast kan tas bort."))
    audit.deleted(actor, plan, PLAN_FIELDS)
    plan.delete()


# ---- goals -------------------------------------------------------------------------------------


def _apply_goal(goal: Goal, data: dict) -> None:
    for name in GOAL_FIELDS:
        if name in data:
            setattr(goal, name, data[name])
    goal.indicator_params = goal.indicator_params or {}
    if indicators.is_series(goal):
        # computed, never typed: the series decides the baseline, the indicator text and source
        goal.baseline = indicators.baseline_value(goal)
        goal.indicator = indicators.describe(goal)[:200]
        goal.data_source = indicators.data_source(goal)[:200]


@transaction.atomic
def add_goal(plan: ActionPlan, actor, data: dict) -> Goal:
    """data: description and optionally cause, indicator, indicator_source (Goal.Source),
    indicator_params ({"category": slug} / {"police_type": …}, "areas": [ids]), baseline (manual
    goals only), baseline_from, baseline_to, target, direction, target_date, data_source, order."""
    goal = Goal(plan=plan)
    if "order" not in data:
        goal.order = plan.goals.count() + 1
    _apply_goal(goal, data)
    goal.save()
    audit.created(actor, goal, GOAL_FIELDS, municipality=plan.municipality)
    return goal


@transaction.atomic
def update_goal(goal: Goal, actor, data: dict) -> Goal:
    before = audit.snapshot(goal, GOAL_FIELDS)
    _apply_goal(goal, data)
    goal.save()
    audit.updated(actor, goal, before, municipality=goal.plan.municipality)
    return goal


@transaction.atomic
def delete_goal(goal: Goal, actor) -> None:
    audit.deleted(actor, goal, GOAL_FIELDS, municipality=goal.plan.municipality)
    goal.delete()


# ---- activities --------------------------------------------------------------------------------


def _apply_activity(activity: Activity, data: dict) -> None:
    data = dict(data)
    if "done" in data:
        done = data.pop("done")
        if done and not activity.done_at and not data.get("done_at"):
            data["done_at"] = timezone.localdate()
        elif not done:
            data["done_at"] = None
    for name in ACTIVITY_FIELDS:
        if name in data:
            setattr(activity, name, "" if name == "status_comment" and data[name] is None else data[name])
    _check_period(activity.starts_on, activity.ends_on)
    activity.pii = pii_flags(activity.status_comment)


@transaction.atomic
def add_activity(plan: ActionPlan, actor, data: dict) -> Activity:
    """data: what, responsible, starts_on, ends_on and optionally goal, cause, kind
    (Activity.Kind), organisation, owner (a user, reminded when it is overdue), status
    (Activity.Status), status_comment, cost, done (bool) or done_at."""
    activity = Activity(plan=plan)
    _apply_activity(activity, data)
    activity.save()
    audit.created(actor, activity, ACTIVITY_FIELDS, municipality=plan.municipality)
    return activity


@transaction.atomic
def update_activity(activity: Activity, actor, data: dict) -> Activity:
    before = audit.snapshot(activity, ACTIVITY_FIELDS)
    _apply_activity(activity, data)
    activity.save()
    audit.updated(actor, activity, before, municipality=activity.plan.municipality)
    return activity


@transaction.atomic
def delete_activity(activity: Activity, actor) -> None:
    audit.deleted(actor, activity, ACTIVITY_FIELDS, municipality=activity.plan.municipality)
    activity.delete()


# ---- the child impact assessment ---------------------------------------------------------------


def child_impact_complete(plan: ActionPlan) -> bool:
    assessment = getattr(plan, "child_impact", None)
    return bool(assessment and assessment.completed_at)


@transaction.atomic
def save_child_impact(plan: ActionPlan, actor, data: dict) -> ChildImpactAssessment:
    """Save the barnkonsekvensanalys; it is completed (and the plan may be approved) when its three
    required parts (affected_children, views_heard, best_interest) are filled in."""
    assessment = ChildImpactAssessment.objects.filter(plan=plan).first()
    created = assessment is None
    if created:
        assessment = ChildImpactAssessment(plan=plan)
        before = None
    else:
        before = audit.snapshot(assessment, [*CHILD_FIELDS, "completed_at"])
    for name in CHILD_FIELDS:
        if name in data:
            setattr(assessment, name, (data[name] or "").strip())
    complete = all(getattr(assessment, name) for name in CHILD_REQUIRED)
    if complete and not assessment.completed_at:
        assessment.completed_at, assessment.completed_by = timezone.now(), _user(actor)
    elif not complete:
        assessment.completed_at, assessment.completed_by = None, None
    assessment.save()
    if created:
        audit.created(actor, assessment, [*CHILD_FIELDS, "completed_at"], municipality=plan.municipality)
    else:
        audit.updated(actor, assessment, before, municipality=plan.municipality)
    return assessment


# ---- reading -----------------------------------------------------------------------------------


def workflow_follow_up_statuses() -> set[str]:
    from actionplans.workflow import FOLLOW_UP_STATUSES

    return FOLLOW_UP_STATUSES


def late_activities(municipality, today: datetime.date | None = None):
    """Activities not done of the municipality's running plans that are past their end date or
    marked red."""
    from django.db.models import Q

    today = today or timezone.localdate()
    return (
        Activity.objects.filter(plan__municipality=municipality, done_at__isnull=True)
        .exclude(plan__status__in=[ActionPlan.Status.COMPLETED, ActionPlan.Status.EVALUATED])
        .filter(Q(ends_on__lt=today) | Q(status=Activity.Status.RED))
        .select_related("plan", "plan__focus_area", "organisation", "owner")
        .order_by("ends_on", "id")
    )


def is_late(activity: Activity, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return activity.done_at is None and activity.ends_on < today


def plans_of_year(municipality, year: int):
    return (
        ActionPlan.objects.filter(municipality=municipality, focus_area__year=year)
        .select_related("focus_area")
        .prefetch_related("goals", "activities")
        .order_by("focus_area__order", "focus_area__name")
    )


def current_quarter(today: datetime.date | None = None) -> tuple[int, int]:
    today = today or timezone.localdate()
    return today.year, (today.month - 1) // 3 + 1


# ---- personal data in what the follow-up reports export -----------------------------------------


def report_texts(*, municipality, year: int, quarter: int | None = None) -> list[tuple]:
    """(object, where) for every free text the quarterly report (with `quarter`) or the yearly
    follow-up exports: the focus areas' descriptions, the activities' status comments, the
    follow-ups of the quarter or year, the evaluations, and the year's promises with their updates.
    privacy.services checks them before a report leaves as Word or PDF."""
    from actionplans.models import Evaluation, FollowUp
    from promises.models import CitizenPromise, PromiseUpdate

    texts: list[tuple] = []
    areas = FocusArea.objects.filter(municipality=municipality, year=year).order_by("order", "name")
    if quarter is None:
        texts += [(a, _("fokusområdet %(name)s") % {"name": a.name}) for a in areas]
    plans = ActionPlan.objects.filter(focus_area__in=areas)
    for activity in Activity.objects.filter(plan__in=plans).order_by("id"):
        texts.append((activity, _("aktiviteten %(what)s") % {"what": activity.what}))
    follow_ups = FollowUp.objects.filter(plan__in=plans, year=year).select_related("plan").order_by("quarter", "id")
    if quarter is not None:
        follow_ups = follow_ups.filter(quarter=quarter)
    for f in follow_ups:
        where = _("uppföljningen av %(plan)s, kvartal %(q)d") % {"plan": f.plan.title, "q": f.quarter}
        texts.append((f, where))
    if quarter is None:
        for e in Evaluation.objects.filter(plan__in=plans).select_related("plan"):
            texts.append((e, _("utvärderingen av %(plan)s") % {"plan": e.plan.title}))
    promises = CitizenPromise.objects.filter(municipality=municipality, year=year).order_by("order", "id")
    texts += [(p, _("medborgarlöftet %(title)s") % {"title": p.title}) for p in promises]
    for u in PromiseUpdate.objects.filter(promise__in=promises).select_related("promise").order_by("date", "id"):
        texts.append((u, _("uppdateringen %(date)s av %(title)s") % {"date": u.date, "title": u.promise.title}))
    if quarter is None:  # the year's closed major events and their evaluations
        from majorevents import reporting as major_event_reporting

        texts += major_event_reporting.texts(municipality, year)
    return texts
