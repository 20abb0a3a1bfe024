"""Lomma's action plans (issue 5), built on the focus areas of seed 003 through the services, so
that the follow-up reports show something real:

- last year: the focus areas of seed 003, decided by the styrgrupp in January; five action
  plans with cause analyses,
  SMART goals, activities, child impact assessments, four quarters of follow-up, completed in
  January and evaluated in February;
- this year: the focus areas (created by demo.collaboration) with figures linked from last
  year's fastställd yearly lägesbild, the same five plans approved and in progress with the
  quarters that have ended followed up (one activity overdue), and Avhopparverksamhet's plan
  still a draft with a goal that lacks its target.

Goals follow the EST series Samtrygg holds where one fits (samlingar/tillhåll, klotter in Lomma
tätort, narkotika): their baselines and measured values are computed from the demo's reports.
The other indicators (survey shares, inspections, grannsamverkan areas) are typed, with
plausible values: the seeds do not give them. Workflow steps, follow-ups and evaluations are
dated back to when they would have happened. Idempotent: a focus area that has a plan is left
alone."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from actionplans import indicators
from actionplans import services as plan_services
from actionplans.models import ActionPlan, ChildImpactAssessment, Evaluation, FollowUp, Goal, Transition
from actionplans.workflow import EVALUATION_FIELDS
from areas.models import Area
from demo.collaboration import LOMMA_FOCUS, _focus_areas, _org
from demo.lomma_plans import DRAFT, GREEN, ORGS, PLANS, RED
from focusareas import services as focus_services
from focusareas.models import Cause, FocusArea
from lagesbild import services as situation_services
from lagesbild.models import SituationPicture
from tenancy.models import Municipality

S = ActionPlan.Status
APPROVER = "Trygghetsrådets styrgrupp"


def load(today: datetime.date) -> None:
    municipality = Municipality.objects.get(code="1262")
    coordinator = get_user_model().objects.filter(username="coordinator.lomma").first()
    for name, kind in ORGS.items():
        _org(municipality, name, kind)
    last, this = today.year - 1, today.year
    _focus_areas(municipality, last, LOMMA_FOCUS, decided_by=APPROVER, decided_on=datetime.date(last, 1, 20))
    picture = yearly_picture(municipality, last, today)
    for year in (last, this):
        for name, spec in PLANS.items():
            focus = FocusArea.objects.filter(municipality=municipality, year=year, name=name).first()
            if focus is None or ActionPlan.objects.filter(focus_area=focus).exists():
                continue
            cause_analysis(focus, spec, picture if year == this else None)
            build_plan(focus, spec, "last" if year == last else "this", today, coordinator)
    draft_plan(municipality, this)


def yearly_picture(municipality, year: int, today: datetime.date) -> SituationPicture | None:
    """Last year's joint lägesbild (Lag 2023:196 §4), fastställd in January: this year's focus
    areas take their figures from it."""
    start, end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    found = SituationPicture.objects.filter(
        municipality=municipality, period=SituationPicture.Period.YEAR, date_from=start, date_to=end
    ).first()
    if found is not None or today <= end:
        return found
    picture = situation_services.create_picture(
        municipality, None, period=SituationPicture.Period.YEAR, date_from=start, date_to=end
    )
    situation_services.update_assessment(
        picture,
        None,
        mapping="EST-rapporter från fritidsgårdarna, skolorna och fastighetsavdelningen, polisens händelser "
        "och skolornas trygghetsenkät för hela året.",
        analysis="Samlingar, klotter och nedskräpning kvällstid vid Lomma hamn och i Bjärreds centrum är "
        "de vanligaste händelserna; de minskade under andra halvåret. Narkotikarapporterna ligger kvar.",
    )
    return situation_services.freeze(picture, None)


def cause_analysis(focus: FocusArea, spec: dict, picture) -> list[Cause]:
    analysis = focus_services.save_analysis(focus, None, spec["problem"])
    causes = []
    for side, text, kind, shows, reference in spec["causes"]:
        cause = focus_services.add_cause(analysis, None, side=side, text=text)
        focus_services.add_evidence(focus, None, kind=kind, description=shows, reference=reference, cause=cause)
        causes.append(cause)
    if picture is not None:
        for goal in spec["goals"]:
            if goal.get("source") == "est":
                try:
                    focus_services.add_figure_evidence(
                        focus, None, picture=picture, category_slug=goal["params"]["category"], source="est"
                    )
                except focus_services.InvalidEvidence:
                    pass  # the category has no figure in the picture (a demo without EST reports)
    return causes


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _quarters(plan: ActionPlan, today: datetime.date) -> list[int]:
    """The plan's quarters that have ended by today."""
    year = plan.starts_on.year
    return [q for q in (1, 2, 3, 4) if plan_services.quarter_end(year, q) < today]


def build_plan(focus: FocusArea, spec: dict, which: str, today: datetime.date, coordinator) -> ActionPlan:
    year = focus.year
    municipality = focus.municipality
    causes = list(Cause.objects.filter(analysis__focus_area=focus).order_by("id"))
    plan = plan_services.create_plan(focus, coordinator)
    goals = [_goal(plan, g, which, causes, coordinator) for g in spec["goals"]]
    activities = []
    for what, kind, org, responsible, (first, last), cost, goal_index, extra in spec["activities"]:
        if extra.get("only") not in (None, which):
            continue
        starts = datetime.date(year, first, 1)
        ends = indicators.add_months(datetime.date(year, last, 1), 1) - datetime.timedelta(days=1)
        done = ends < today and not extra.get("stuck") and not extra.get("late")
        activity = plan_services.add_activity(
            plan,
            coordinator,
            {
                "what": what,
                "kind": kind,
                "organisation": _org(municipality, org),
                "responsible": responsible,
                "owner": coordinator if extra.get("late") else None,
                "starts_on": starts,
                "ends_on": ends,
                "cost": cost,
                "goal": goals[goal_index],
                "done_at": ends if done else None,
            },
        )
        activities.append((activity, extra.get("notes") or [None] * 4))
    plan_services.save_child_impact(
        plan, coordinator, dict(zip(plan_services.CHILD_FIELDS, spec["child"], strict=True))
    )
    ChildImpactAssessment.objects.filter(plan=plan).update(completed_at=_at(datetime.date(year, 2, 6)))
    steps = [
        (S.PROPOSED, datetime.date(year, 2, 9), "Samverkansgruppens förslag"),
        (S.APPROVED, datetime.date(year, 2, 23), ""),
        (S.IN_PROGRESS, datetime.date(year, 3, 2), ""),
    ]
    for to, day, comment in steps:
        if day > today:
            return plan
        plan = _step(plan, coordinator, to, day, comment)
    for quarter in _quarters(plan, today):
        _follow_up(plan, coordinator, quarter, activities, goals, spec["goals"], which)
    closed, evaluated = datetime.date(year + 1, 1, 15), datetime.date(year + 1, 2, 10)
    if which == "last" and closed <= today:
        plan = _step(plan, coordinator, S.COMPLETED, closed, "Planperioden är slut")
        if evaluated <= today:
            production, process, remark, conclusion = spec["evaluation"]
            effect = "\n".join([*(_goal_effect(g) for g in goals), remark]).strip()
            evaluation = dict(zip(EVALUATION_FIELDS, (production, process, effect, conclusion), strict=True))
            plan_services.save_evaluation(plan, coordinator, evaluation)
            Evaluation.objects.filter(plan=plan).update(evaluated_at=_at(evaluated))
            plan = _step(plan, coordinator, S.EVALUATED, evaluated, "Utvärderingen redovisad i styrgruppen")
    return plan


def _step(plan, actor, to, day, comment) -> ActionPlan:
    plan = plan_services.transition(plan, actor, to, comment, approved_by=APPROVER, approved_on=day)
    Transition.objects.filter(plan=plan, to_status=to).update(at=_at(day))
    return plan


def _goal(plan, g: dict, which: str, causes: list, actor) -> Goal:
    year = plan.starts_on.year
    data = {
        "description": g["description"],
        "direction": g.get("direction", Goal.Direction.DECREASE),
        "target_date": datetime.date(year, 12, 31),
        "cause": causes[g["cause"]] if g.get("cause") is not None and g["cause"] < len(causes) else None,
    }
    if "source" in g:
        params = dict(g["params"])
        if g.get("area"):
            area = Area.objects.filter(municipality=plan.municipality, name=g["area"]).first()
            params["areas"] = [area.pk] if area else []
        # the year before the plan, or the second half of it when the reports start mid-year
        data.update(
            indicator_source=g["source"],
            indicator_params=params,
            baseline_from=datetime.date(year - 1, 7 if which == "last" else 1, 1),
            baseline_to=datetime.date(year - 1, 12, 31),
        )
        goal = plan_services.add_goal(plan, actor, data)
        cut = Decimal("1") - Decimal(g["cut"])
        target = ((goal.baseline or Decimal(0)) * cut).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return plan_services.update_goal(goal, actor, {"target": target})
    baseline, target, _values = g[which]
    data.update(indicator=g["indicator"], data_source=g["data_source"], baseline=baseline, target=target)
    return plan_services.add_goal(plan, actor, data)


def _follow_up(plan, actor, quarter: int, activities, goals, goal_specs, which) -> None:
    year = plan.starts_on.year
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = plan_services.quarter_end(year, quarter)
    notes = {}
    for activity, comments in activities:
        if activity.starts_on > end or (activity.done_at and activity.done_at < start):
            continue
        note = comments[quarter - 1] or "Pågår enligt plan."
        status, comment = note if isinstance(note, tuple) else (GREEN, note)
        if activity.done_at is None and activity.ends_on <= end:
            status = RED  # not done by its end date
        notes[activity.pk] = (status, comment)
    goal_notes = {}
    for goal, g in zip(goals, goal_specs, strict=True):
        if indicators.is_series(goal):
            value = indicators.current_value(goal, end + datetime.timedelta(days=1))
            goal_notes[goal.pk] = _series_comment(goal, value)
        else:
            value = g[which][2][quarter - 1]
            if value is not None:
                source = goal.data_source[:1].lower() + goal.data_source[1:]
                goal_notes[goal.pk] = (f"{_number(value)} enligt {source}.", Decimal(value))
    plan_services.record_follow_up(plan, actor, year, quarter, activities=notes, goals=goal_notes)
    FollowUp.objects.filter(plan=plan, year=year, quarter=quarter).update(
        created_at=_at(end + datetime.timedelta(days=10))
    )


def _number(value) -> str:
    return f"{Decimal(value).normalize():f}".replace(".", ",")


def _goal_effect(goal: Goal) -> str:
    """One line of the evaluation's effect part: where the indicator started and ended."""
    last = goal.follow_ups.exclude(measured_value=None).order_by("year", "quarter").last()
    if last is None or goal.baseline is None:
        return f"{goal.indicator}: inget uppmätt värde."
    reached = last.measured_value <= goal.target if goal.direction == "decrease" else last.measured_value >= goal.target
    return (
        f"{goal.indicator}: från {_number(goal.baseline)} till {_number(last.measured_value)} "
        f"(mål {_number(goal.target)}) – målet {'nåddes' if reached else 'nåddes inte'}."
    )


def _series_comment(goal: Goal, value) -> str:
    if value is None or goal.baseline is None:
        return "Ingen mätning möjlig."
    if value < goal.baseline:
        return "Färre rapporter per månad än utgångsvärdet."
    if value > goal.baseline:
        return "Fler rapporter per månad än utgångsvärdet; åtgärderna har inte fått effekt ännu."
    return "Oförändrat jämfört med utgångsvärdet."


def draft_plan(municipality, year: int) -> None:
    name, description, indicator, source = DRAFT
    focus = FocusArea.objects.filter(municipality=municipality, year=year, name=name).first()
    if (
        focus is None
        or focus.status != FocusArea.Status.DECIDED
        or ActionPlan.objects.filter(focus_area=focus).exists()
    ):
        return
    plan = plan_services.create_plan(focus, None)
    plan_services.add_goal(
        plan,
        None,
        {
            "description": description,
            "indicator": indicator,
            "data_source": source,
            "baseline": 14,
            "target_date": datetime.date(year, 12, 31),
        },
    )
    plan_services.add_activity(
        plan,
        None,
        {
            "what": "Gemensam rutin för kontakt mellan LAS och socialtjänstens mottagning",
            "responsible": "Socialtjänstens mottagning och LAS",
            "organisation": _org(municipality, "Socialtjänsten"),
            "starts_on": datetime.date(year, 9, 1),
            "ends_on": datetime.date(year, 12, 31),
        },
    )
