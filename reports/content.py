"""The content of the generated follow-up reports, built only from stored data.

`quarterly()` is Lokala BRÅ's report to KSAU four times a year (seed 001); `yearly()` is the
yearly follow-up of the agreement per focus area in the shape of Hässleholm's (seed 002): what was
done, what worked, what did not, and the proposal for next year. Both return plain dicts (ISO
dates, numbers as int/float) so that the same content feeds the API, the page, the PDF and the
Word file. Values are never computed from the series here: only what the plans store
(Goal.baseline, FollowUp.measured_value …) is shown, so a report read today says what was recorded."""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actionplans.models import ActionPlan, Activity
from agreements.models import Agreement
from majorevents import reporting as major_event_reporting
from reports.parts import (  # noqa: F401 (check_period, InvalidPeriod, quarter_bounds are used through here)
    InvalidPeriod,
    activity_row,
    check_period,
    focus_areas_of,
    goal_row,
    goal_trend,
    iso,
    plan_of,
    plan_status,
    promises_of,
    quarter_bounds,
    rag,
    report_head,
)
from samtrygg.dates import local_today
from walks import reporting as walk_reporting

# a plan counts as approved once it got past the styrgrupp, as completed once it has ended
APPROVED = {
    ActionPlan.Status.APPROVED,
    ActionPlan.Status.IN_PROGRESS,
    ActionPlan.Status.COMPLETED,
    ActionPlan.Status.EVALUATED,
}
COMPLETED = {ActionPlan.Status.COMPLETED, ActionPlan.Status.EVALUATED}


# ---- the quarterly report to KSAU ----------------------------------------------------------


def quarterly(municipality, year: int, quarter: int) -> dict:
    check_period(year, quarter)
    start, end = quarter_bounds(year, quarter)
    on = min(end, local_today())
    areas, late = [], []
    counts = {"focus_areas": 0, "plans": 0, "activities": 0, "green": 0, "yellow": 0, "red": 0, "late": 0}
    counts.update({"goals": 0, "goals_towards": 0, "goals_measured": 0})
    for area in focus_areas_of(municipality, year):
        counts["focus_areas"] += 1
        plan = plan_of(area)
        row = {"id": area.pk, "name": area.name, "children_and_youth": area.children_and_youth, "plan": None}
        areas.append(row)
        if plan is None:
            row["note"] = _("Ingen handlingsplan är upprättad för fokusområdet.")
            continue
        counts["plans"] += 1
        of_quarter = [f for f in plan.follow_ups.all() if f.year == year and f.quarter == quarter]
        activity_rows = []
        for activity in plan.activities.all():
            item = activity_row(activity, on)
            notes = [f for f in of_quarter if f.activity_id == activity.pk]
            item["follow_up"] = {"status": rag(notes[-1].status), "comment": notes[-1].comment} if notes else None
            activity_rows.append(item)
            counts["activities"] += 1
            counts[activity.status] += 1
            if item["late"]:
                counts["late"] += 1
                late.append({**item, "focus_area": area.name, "days_late": (on - activity.ends_on).days})
        goal_rows = []
        for goal in plan.goals.all():
            measured = [f for f in of_quarter if f.goal_id == goal.pk and f.measured_value is not None]
            item = goal_row(goal, measured[-1] if measured else None)
            notes = [f.comment for f in of_quarter if f.goal_id == goal.pk and f.comment]
            item["comment"] = notes[-1] if notes else ""
            goal_rows.append(item)
            counts["goals"] += 1
            counts["goals_measured"] += item["measured_value"] is not None
            counts["goals_towards"] += item["trend"]["code"] == "towards"
        row["plan"] = {
            "id": plan.pk,
            "title": plan.title,
            "starts_on": iso(plan.starts_on),
            "ends_on": iso(plan.ends_on),
            "status": plan_status(plan),
            "activities": activity_rows,
            "goals": goal_rows,
            "done_this_quarter": [
                {"what": a["what"], "status": a["follow_up"]["status"], "comment": a["follow_up"]["comment"]}
                for a in activity_rows
                if a["follow_up"]
            ],
        }
    top = report_head(
        municipality,
        _("Kvartalsrapport till KSAU, kvartal %(q)d %(year)d") % {"q": quarter, "year": year},
        {"year": year, "quarter": quarter, "from": start.isoformat(), "to": end.isoformat()},
    )
    return {
        **top,
        "kind": "quarterly",
        "summary": {**counts, "text": _quarterly_summary(counts, quarter, year)},
        "focus_areas": areas,
        "late_activities": sorted(late, key=lambda a: (-a["days_late"], a["what"])),
        "promises": promises_of(municipality, year, end),
        "walks": walk_reporting.section(municipality, start, end, on),
    }


def _quarterly_summary(c: dict, quarter: int, year: int) -> str:
    if not c["focus_areas"]:
        return _("Inga fokusområden är registrerade för %(year)d.") % {"year": year}
    parts = [
        ngettext(
            "%(areas)d fokusområde, %(plans)d med handlingsplan.",
            "%(areas)d fokusområden, %(plans)d med handlingsplan.",
            c["focus_areas"],
        )
        % {"areas": c["focus_areas"], "plans": c["plans"]},
    ]
    if c["activities"]:
        parts.append(
            ngettext(
                "Av %(n)d aktivitet är %(green)d grön, %(yellow)d gul och %(red)d röd; %(late)d är försenad.",
                "Av %(n)d aktiviteter är %(green)d gröna, %(yellow)d gula och %(red)d röda; %(late)d är försenade.",
                c["activities"],
            )
            % {"n": c["activities"], "green": c["green"], "yellow": c["yellow"], "red": c["red"], "late": c["late"]}
        )
    if c["goals"]:
        parts.append(
            _("%(measured)d av %(n)d mål har ett uppmätt värde för kvartal %(q)d, varav %(towards)d rör sig mot målet.")
            % {"measured": c["goals_measured"], "n": c["goals"], "q": quarter, "towards": c["goals_towards"]}
        )
    return " ".join(parts)


# ---- the yearly follow-up of the agreement -----------------------------------------------


def agreement_of_year(municipality, year: int) -> Agreement | None:
    """The decided agreement valid during the year; one that lists the year's focus areas first,
    then the operative (yearly) one, then the latest."""
    candidates = list(
        Agreement.objects.filter(
            municipality=municipality,
            valid_from__lte=datetime.date(year, 12, 31),
            valid_to__gte=datetime.date(year, 1, 1),
        )
        .exclude(status=Agreement.Status.DRAFT)
        .prefetch_related("focus_areas")
        .order_by("-valid_from", "-id")
    )

    def rank(agreement):
        lists_year = any(f.year == year for f in agreement.focus_areas.all())
        return (not lists_year, agreement.kind != Agreement.Kind.OPERATIVE)

    return min(candidates, key=rank) if candidates else None


def yearly(municipality, year: int) -> dict:
    check_period(year)
    end = datetime.date(year, 12, 31)
    on = min(end, local_today())
    agreement = agreement_of_year(municipality, year)
    areas = []
    c = {"focus_areas": 0, "plans": 0, "approved": 0, "completed": 0, "evaluated": 0}
    c.update({"activities": 0, "done": 0, "done_on_time": 0, "goals": 0, "goals_reached": 0, "goals_measured": 0})
    for area in focus_areas_of(municipality, year):
        c["focus_areas"] += 1
        plan = plan_of(area)
        row = {
            "id": area.pk,
            "name": area.name,
            "description": area.description,
            "children_and_youth": area.children_and_youth,
            "decided": {"by": area.decided_by, "on": iso(area.decided_on)} if area.decided_on else None,
            "plan": None,
        }
        areas.append(row)
        if plan is None:
            row["note"] = _("Ingen handlingsplan upprättades för fokusområdet.")
            continue
        c["plans"] += 1
        c["approved"] += plan.status in APPROVED
        c["completed"] += plan.status in COMPLETED
        c["evaluated"] += plan.status == ActionPlan.Status.EVALUATED
        row["plan"] = _yearly_plan(plan, year, on, c)
    c["text"] = _yearly_summary(c, year)
    top = report_head(
        municipality,
        _("Årlig uppföljning av samverkansöverenskommelsen %(year)d") % {"year": year},
        {"year": year, "from": f"{year}-01-01", "to": end.isoformat()},
    )
    return {
        **top,
        "kind": "yearly",
        "agreement": _agreement(agreement),
        "summary": c,
        "focus_areas": areas,
        "promises": promises_of(municipality, year, end),
        "walks": walk_reporting.section(municipality, datetime.date(year, 1, 1), end, on),
        "major_events": major_event_reporting.closed_events(municipality, year),
    }


def _agreement(agreement: Agreement | None) -> dict | None:
    if agreement is None:
        return None
    return {
        "id": agreement.pk,
        "title": agreement.title,
        "kind": str(agreement.get_kind_display()),
        "status": str(agreement.get_status_display()),
        "valid_from": iso(agreement.valid_from),
        "valid_to": iso(agreement.valid_to),
        "case_number": agreement.case_number,
    }


def _yearly_plan(plan: ActionPlan, year: int, on: datetime.date, c: dict) -> dict:
    done, not_done = [], []
    for activity in plan.activities.all():
        item = activity_row(activity, on)
        c["activities"] += 1
        if item["done_at"]:
            c["done"] += 1
            item["on_time"] = activity.done_at <= activity.ends_on
            c["done_on_time"] += item["on_time"]
            done.append(item)
        else:
            not_done.append(item)
    of_year = [f for f in plan.follow_ups.all() if f.year <= year]
    goals = []
    for goal in plan.goals.all():
        measured = [f for f in of_year if f.goal_id == goal.pk and f.measured_value is not None]
        item = goal_row(goal, measured[-1] if measured else None)
        goals.append(item)
        c["goals"] += 1
        c["goals_measured"] += item["measured_value"] is not None
        c["goals_reached"] += bool(item["reached"])
    # the quarters' comments sorted the way seed 002 reports them: a green status or a goal value
    # moving towards its target worked, yellow/red or a value moving away did not; the rest are
    # notes. A year has four quarters of comments on the same activities, so each list keeps the
    # latest comment per activity or goal: the year's summary, not its diary.
    activity_names = {a.pk: a.what for a in plan.activities.all()}
    goals_by_id = {g.pk: g for g in plan.goals.all()}
    lists: dict[str, dict] = {"worked": {}, "did_not": {}, "notes": {}}
    for f in of_year:
        if f.year != year or not f.comment:
            continue
        goal = goals_by_id.get(f.goal_id)
        subject = activity_names.get(f.activity_id) if f.activity_id else (goal.indicator or goal.description)
        note = {"quarter": f.quarter, "subject": subject, "status": rag(f.status), "comment": f.comment}
        trend = goal_trend(goal, f.measured_value)["code"] if goal else "unknown"
        if f.status in (Activity.Status.YELLOW, Activity.Status.RED) or (not f.status and trend == "away"):
            kind = "did_not"
        elif f.status == Activity.Status.GREEN or trend == "towards":
            kind = "worked"
        else:
            kind = "notes"
        # of_year is in quarter order: a later comment replaces an earlier one and moves last
        key = ("activity", f.activity_id) if f.activity_id else ("goal", f.goal_id)
        lists[kind].pop(key, None)
        lists[kind][key] = note
    worked, did_not, notes = (list(lists[k].values()) for k in ("worked", "did_not", "notes"))
    evaluation = getattr(plan, "evaluation", None)
    return {
        "id": plan.pk,
        "title": plan.title,
        "starts_on": iso(plan.starts_on),
        "ends_on": iso(plan.ends_on),
        "status": plan_status(plan),
        "done": done,
        "not_done": not_done,
        "goals": goals,
        "goals_reached": [g for g in goals if g["reached"] is True],
        "goals_not_reached": [g for g in goals if g["reached"] is not True],
        "worked": worked,
        "did_not_work": did_not,
        "notes": notes,
        "evaluation": (
            {
                "production": evaluation.production,
                "process": evaluation.process,
                "effect": evaluation.effect,
                "conclusion": evaluation.conclusion,
                "evaluated_on": iso(evaluation.evaluated_at.date()),
            }
            if evaluation
            else None
        ),
        "evaluation_note": "" if evaluation else _("Ingen utvärdering gjord ännu."),
        "proposal": (
            evaluation.conclusion
            if evaluation and evaluation.conclusion
            else _("Inget förslag till nästa år ännu: planen är inte utvärderad.")
        ),
    }


def _yearly_summary(c: dict, year: int) -> str:
    if not c["focus_areas"]:
        return _("Inga fokusområden är registrerade för %(year)d.") % {"year": year}
    return " ".join(
        [
            ngettext(
                "Under %(year)d arbetade kommun och polis med %(areas)d fokusområde; %(plans)d hade en handlingsplan.",
                "Under %(year)d arbetade kommun och polis med %(areas)d fokusområden; %(plans)d hade en handlingsplan.",
                c["focus_areas"],
            )
            % {"year": year, "areas": c["focus_areas"], "plans": c["plans"]},
            ngettext(
                "%(approved)d plan godkändes, %(completed)d avslutades och %(evaluated)d utvärderades.",
                "%(approved)d planer godkändes, %(completed)d avslutades och %(evaluated)d utvärderades.",
                c["approved"],
            )
            % {k: c[k] for k in ("approved", "completed", "evaluated")},
            ngettext(
                "%(done)d av %(n)d aktivitet genomfördes, %(on_time)d av dem i tid.",
                "%(done)d av %(n)d aktiviteter genomfördes, %(on_time)d av dem i tid.",
                c["activities"],
            )
            % {"done": c["done"], "n": c["activities"], "on_time": c["done_on_time"]},
            _("%(reached)d av %(n)d mål nåddes.") % {"reached": c["goals_reached"], "n": c["goals"]},
        ]
    )
