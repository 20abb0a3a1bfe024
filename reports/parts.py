"""The pieces both follow-up reports are built from: periods, plan status, activity and goal rows,
the direction of a measured value, and the year's citizen promises. Only stored values are read."""

import datetime
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from actionplans.models import ActionPlan, Activity, FollowUp, Goal, Transition
from focusareas.models import FocusArea
from promises.models import CitizenPromise, PromiseUpdate
from samtrygg.dates import local_today

MIN_YEAR, MAX_YEAR = 2000, 2100


class InvalidPeriod(ValueError):
    """A year or quarter out of range; `errors` is {field: [Swedish message]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def check_period(year, quarter=None) -> None:
    errors = {}
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = [_("Ange ett år mellan %(min)d och %(max)d.") % {"min": MIN_YEAR, "max": MAX_YEAR}]
    if quarter is not None and (not isinstance(quarter, int) or not 1 <= quarter <= 4):
        errors["quarter"] = [_("Kvartalet ska vara 1, 2, 3 eller 4.")]
    if errors:
        raise InvalidPeriod(errors)


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def number(value):
    """A stored Decimal as int when whole, else float (JSON numbers, not strings)."""
    if value is None:
        return None
    value = Decimal(value)
    return int(value) if value == value.to_integral_value() else float(value)


def iso(day) -> str | None:
    return day.isoformat() if day else None


def focus_areas_of(municipality, year: int) -> list[FocusArea]:
    """The year's focus areas in their decided order, with everything the reports read."""
    follow_ups = FollowUp.objects.order_by("year", "quarter", "created_at", "id")
    plans = ActionPlan.objects.prefetch_related(
        Prefetch("transitions", queryset=Transition.objects.order_by("at", "id")),
        Prefetch("goals", queryset=Goal.objects.order_by("order", "id")),
        Prefetch("activities", queryset=Activity.objects.select_related("organisation").order_by("ends_on", "id")),
        Prefetch("follow_ups", queryset=follow_ups),
    ).select_related("evaluation")
    areas = (
        FocusArea.objects.filter(municipality=municipality, year=year)
        .order_by("order", "name")
        .prefetch_related(Prefetch("action_plan", queryset=plans))
    )
    return list(areas)


def plan_of(area: FocusArea) -> ActionPlan | None:
    try:
        return area.action_plan
    except ActionPlan.DoesNotExist:
        return None


def plan_status(plan: ActionPlan) -> dict:
    """The plan's status and the day it got there (its last transition into that status)."""
    since = None
    for step in plan.transitions.all():
        if step.to_status == plan.status:
            since = step.at.date()
    if since is None and plan.status == ActionPlan.Status.APPROVED:
        since = plan.approved_on
    return {
        "code": plan.status,
        "label": str(plan.get_status_display()),
        "since": iso(since),
        "approved_by": plan.approved_by,
        "approved_on": iso(plan.approved_on),
    }


def rag(code: str) -> dict:
    return {"code": code, "label": str(Activity.Status(code).label)} if code else None


def is_late(activity: Activity, on: datetime.date) -> bool:
    """Not done by its end date, as seen on `on` (the end of the reported period, or today)."""
    return activity.ends_on < on and (activity.done_at is None or activity.done_at > on)


def activity_row(activity: Activity, on: datetime.date) -> dict:
    responsible = activity.responsible
    if activity.organisation_id:
        responsible = f"{responsible}, {activity.organisation.name}" if responsible else activity.organisation.name
    return {
        "id": activity.pk,
        "what": activity.what,
        "kind": str(activity.get_kind_display()),
        "responsible": responsible,
        "starts_on": iso(activity.starts_on),
        "ends_on": iso(activity.ends_on),
        "status": rag(activity.status),
        "status_comment": activity.status_comment,
        "done_at": iso(activity.done_at if activity.done_at and activity.done_at <= on else None),
        "late": is_late(activity, on),
        "cost": number(activity.cost),
    }


def goal_trend(goal: Goal, value) -> dict:
    """Whether `value` lies on the target's side of the baseline, and whether the target is met."""
    if value is None or goal.baseline is None:
        code = "unknown"
    else:
        diff = Decimal(value) - goal.baseline
        if goal.direction == Goal.Direction.INCREASE:
            diff = -diff
        code = "towards" if diff < 0 else "away" if diff > 0 else "unchanged"
    labels = {
        "towards": _("Mot målet"),
        "away": _("Från målet"),
        "unchanged": _("Oförändrat"),
        "unknown": _("Kan inte bedömas"),
    }
    reached = None
    if value is not None and goal.target is not None:
        if goal.direction == Goal.Direction.INCREASE:
            reached = Decimal(value) >= goal.target
        else:
            reached = Decimal(value) <= goal.target
    return {"code": code, "label": str(labels[code]), "reached": reached}


def goal_row(goal: Goal, measured: FollowUp | None) -> dict:
    value = measured.measured_value if measured else None
    direction = goal_trend(goal, value)
    return {
        "id": goal.pk,
        "description": goal.description,
        "indicator": goal.indicator,
        "data_source": goal.data_source,
        "direction": {"code": goal.direction, "label": str(goal.get_direction_display())},
        "baseline": number(goal.baseline),
        "target": number(goal.target),
        "target_date": iso(goal.target_date),
        "measured_value": number(value),
        "measured_in": (
            {"year": measured.year, "quarter": measured.quarter} if measured and value is not None else None
        ),
        "trend": {"code": direction["code"], "label": direction["label"]},
        "reached": direction["reached"],
    }


def promises_of(municipality, year: int, until: datetime.date) -> list[dict]:
    """The year's citizen promises with their updates up to `until`, latest first."""
    updates = PromiseUpdate.objects.filter(date__lte=until).order_by("-date", "-id")
    promises = (
        CitizenPromise.objects.filter(municipality=municipality, year=year)
        .order_by("order", "id")
        .prefetch_related(Prefetch("updates", queryset=updates), "focus_areas")
    )
    rows = []
    for promise in promises:
        history = [
            {"date": u.date.isoformat(), "status": promise_status(u), "text": u.text} for u in promise.updates.all()
        ]
        rows.append(
            {
                "id": promise.pk,
                "title": promise.title,
                "what_we_do": promise.what_we_do,
                "what_we_achieve": promise.what_we_achieve,
                "focus_areas": [f.name for f in promise.focus_areas.all()],
                "published": promise.is_published,
                "latest_update": history[0] if history else None,
                "updates": history,
            }
        )
    return rows


def promise_status(update: PromiseUpdate) -> dict:
    return {"code": update.status, "label": str(update.get_status_display())}


def report_head(municipality, title: str, period: dict) -> dict:
    return {
        "municipality": {"code": municipality.code, "name": municipality.name},
        "title": title,
        "period": period,
        "generated_on": local_today().isoformat(),
    }
