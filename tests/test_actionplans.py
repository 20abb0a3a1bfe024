"""Action plans: SMART gaps, the workflow rules with their Swedish reasons, the computed
baseline, the quarterly follow-up with measured values, the evaluation and the audit log."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from actionplans import services, smart
from actionplans.models import ActionPlan, FollowUp, Goal, Transition
from audit.models import AuditEntry
from focusareas import services as focus_services
from tests.test_indicators import make_plan

pytestmark = pytest.mark.django_db
D = datetime.date
STHLM = ZoneInfo("Europe/Stockholm")

COMPLETE_MANUAL = {
    "description": "Fler elever i årskurs 9 känner sig trygga i skolan",
    "indicator": "Andel trygga elever i årskurs 9",
    "baseline": Decimal("72"),
    "target": Decimal("80"),
    "direction": "increase",
    "target_date": D(2026, 12, 31),
    "data_source": "Skolans trygghetsenkät",
}
SERIES = {
    "description": "Mindre klotter vid skolorna i centrum",
    "indicator_source": "est",
    "indicator_params": {"category": "skadegorelse-klotter"},
    "baseline_from": D(2026, 1, 1),
    "baseline_to": D(2026, 3, 31),
    "target": Decimal("1"),
    "target_date": D(2026, 12, 31),
}
CHILD = {
    "affected_children": "Elever på skolorna i centrum, 10–16 år.",
    "views_heard": "Elevrådet och en enkät på fritidsgården.",
    "best_interest": "Tryggare skolväg väger tyngst; inga insatser som pekar ut barn.",
}
ACTIVITY = {
    "what": "Trygghetsvandring med elevrådet",
    "responsible": "Trygghetssamordnaren",
    "starts_on": D(2026, 2, 1),
    "ends_on": D(2026, 5, 31),
}


@pytest.fixture
def plan(lomma, coordinator):
    return make_plan(lomma, coordinator)


def ready(plan, actor):
    """A plan that may be proposed: one complete goal and one activity."""
    services.add_goal(plan, actor, COMPLETE_MANUAL)
    services.add_activity(plan, actor, ACTIVITY)
    return plan


def refused(plan, actor, to):
    with pytest.raises(services.TransitionRefused) as e:
        services.transition(plan, actor, to)
    return e.value.reasons


def test_it_lists_the_missing_smart_parts(plan):
    g = Goal(plan=plan, description="Klotter")
    assert smart.missing(g) == ["specific", "indicator", "baseline", "target", "target_date", "data_source"]
    g = Goal(plan=plan, **COMPLETE_MANUAL)
    assert smart.missing(g) == []
    g.target, g.data_source = None, " "
    assert smart.missing(g) == ["target", "data_source"]
    assert smart.labels(["target", "data_source"]) == ["Målvärde", "Datakälla"]


def test_a_series_goal_implies_its_data_source_and_needs_a_baseline_period(plan):
    g = Goal(plan=plan, **{k: v for k, v in SERIES.items() if k not in ("baseline_from", "baseline_to")})
    assert smart.missing(g) == ["baseline"]
    g.indicator_params = {}
    assert smart.missing(g) == ["indicator", "baseline"]


def test_saving_a_series_goal_computes_and_stores_its_baseline(plan, coordinator, report):
    report(occurred_at=datetime.datetime(2026, 1, 10, 12, tzinfo=STHLM))
    report(occurred_at=datetime.datetime(2026, 3, 31, 23, 30, tzinfo=STHLM))
    goal = services.add_goal(plan, coordinator, {**SERIES, "baseline": Decimal("99")})  # a typed value is ignored
    goal.refresh_from_db()
    assert goal.baseline == Decimal("0.67")
    assert goal.data_source.startswith("Samtrygg: EST-rapporter")
    assert "Skadegörelse/klotter" in goal.indicator
    assert smart.missing(goal) == []
    services.update_goal(goal, coordinator, {"baseline_from": D(2026, 3, 1)})
    goal.refresh_from_db()
    assert goal.baseline == Decimal("1.00")
    assert AuditEntry.objects.filter(object_type="actionplans.goal", object_id=str(goal.pk)).count() == 2


def test_one_plan_per_decided_focus_area(lomma, coordinator, plan):
    with pytest.raises(services.ActionPlanError, match="redan en handlingsplan"):
        services.create_plan(plan.focus_area, coordinator)
    proposed = focus_services.create_focus_area(lomma, coordinator, year=2026, name="Föreslaget")
    with pytest.raises(services.ActionPlanError, match="inte beslutat"):
        services.create_plan(proposed, coordinator)
    assert plan.title == "Handlingsplan: Klotter i centrum"
    assert (plan.starts_on, plan.ends_on, plan.status) == (D(2026, 1, 1), D(2026, 12, 31), "draft")
    assert AuditEntry.objects.filter(object_type="actionplans.actionplan", action="create").exists()


def test_a_plan_needs_goals_and_activities_to_be_proposed(plan, coordinator):
    reasons = refused(plan, coordinator, "proposed")
    assert reasons == [
        "Planen har inga mål. Lägg till minst ett SMART mål.",
        "Planen har inga aktiviteter. Lägg till minst en.",
    ]


def test_an_incomplete_goal_blocks_the_proposal_with_its_missing_parts(plan, coordinator):
    ready(plan, coordinator)
    services.add_goal(plan, coordinator, {**COMPLETE_MANUAL, "description": "Färre bränder i soprum", "target": None})
    (reason,) = refused(plan, coordinator, "proposed")
    assert reason == "Målet ”Färre bränder i soprum” är inte SMART – det saknar: målvärde."
    assert ActionPlan.objects.get(pk=plan.pk).status == "draft"
    assert not Transition.objects.filter(plan=plan).exists()


def test_the_whole_workflow_records_who_and_when(plan, coordinator, user):
    ready(plan, coordinator)
    plan = services.transition(plan, coordinator, "proposed", "Till styrgruppen")
    assert refused(plan, coordinator, "approved") == [
        "Barnkonsekvensanalysen är inte klar: vilka barn som berörs, hur deras åsikter har inhämtats och "
        "bedömningen av barnets bästa måste vara ifyllda innan planen godkänns."
    ]
    assessment = services.save_child_impact(plan, coordinator, {**CHILD, "best_interest": ""})
    assert assessment.completed_at is None
    assert refused(plan, coordinator, "approved")
    assessment = services.save_child_impact(plan, coordinator, CHILD)
    assert assessment.completed_at is not None and assessment.completed_by == coordinator
    plan = services.transition(plan, coordinator, "approved")
    assert plan.approved_by == "Styrgruppen" and plan.approved_on is not None
    police = user("police.kavlinge")
    plan = services.transition(plan, police, "in_progress")
    plan = services.transition(plan, coordinator, "completed")
    assert refused(plan, coordinator, "evaluated") == [
        "Utvärderingen är inte gjord. Fyll i den innan planen markeras som utvärderad."
    ]
    services.save_evaluation(
        plan,
        coordinator,
        {"production": "Allt gjort.", "process": "Bra.", "effect": "Klottret minskade.", "conclusion": "Fortsätt."},
    )
    plan = services.transition(plan, coordinator, "evaluated")
    steps = list(Transition.objects.filter(plan=plan).values_list("from_status", "to_status", "actor__username"))
    assert steps == [
        ("draft", "proposed", "coordinator.lomma"),
        ("proposed", "approved", "coordinator.lomma"),
        ("approved", "in_progress", "police.kavlinge"),
        ("in_progress", "completed", "coordinator.lomma"),
        ("completed", "evaluated", "coordinator.lomma"),
    ]
    assert Transition.objects.filter(plan=plan).first().comment == "Till styrgruppen"
    assert all(t.at for t in Transition.objects.filter(plan=plan))
    assert (
        AuditEntry.objects.filter(object_type="actionplans.actionplan", object_id=str(plan.pk), action="update").count()
        == 5
    )


def test_a_proposal_can_be_sent_back_and_steps_cannot_be_skipped(plan, coordinator):
    ready(plan, coordinator)
    assert refused(plan, coordinator, "approved") == ["Planen kan inte gå från Utkast till Godkänd."]
    plan = services.transition(plan, coordinator, "proposed")
    plan = services.transition(plan, coordinator, "draft", "Målen behöver skärpas")
    assert plan.status == "draft"
    assert refused(plan, coordinator, "completed") == ["Planen kan inte gå från Utkast till Avslutad."]
    with pytest.raises(ValueError):
        services.transition(plan, coordinator, "decided")


def test_the_evaluation_waits_until_the_plan_is_completed(plan, coordinator):
    with pytest.raises(services.ActionPlanError, match="avslutad"):
        services.save_evaluation(plan, coordinator, {"production": "x"})


def approved(plan, actor):
    ready(plan, actor)
    services.transition(plan, actor, "proposed")
    services.save_child_impact(plan, actor, CHILD)
    return services.transition(plan, actor, "approved")


def test_a_quarterly_follow_up_measures_series_goals_and_takes_typed_values(plan, coordinator, report):
    for when in (
        datetime.datetime(2026, 4, 1, 0, 30, tzinfo=STHLM),  # Q2 (22:30 UTC on 31 March)
        datetime.datetime(2026, 5, 10, 12, tzinfo=STHLM),
        datetime.datetime(2026, 6, 30, 23, 30, tzinfo=STHLM),
        datetime.datetime(2026, 7, 1, 0, 30, tzinfo=STHLM),  # Q3
    ):
        report(occurred_at=when)
    plan = approved(plan, coordinator)
    series = services.add_goal(plan, coordinator, SERIES)
    manual = plan.goals.get(indicator_source="manual")
    activity = plan.activities.get()
    services.record_follow_up(
        plan,
        coordinator,
        2026,
        2,
        activities={activity.pk: ("yellow", "Vandringen flyttad till maj")},
        goals={series.pk: "Ungefär som förra året", manual.pk: ("Enkäten i maj", Decimal("75"))},
    )
    rows = {(f.activity_id, f.goal_id): f for f in FollowUp.objects.filter(plan=plan, year=2026, quarter=2)}
    assert rows[(None, series.pk)].measured_value == Decimal("1.00")  # 3 reports in Apr–Jun
    assert rows[(None, manual.pk)].measured_value == Decimal("75")
    assert rows[(activity.pk, None)].status == "yellow"
    activity.refresh_from_db()
    assert (activity.status, activity.status_comment) == ("yellow", "Vandringen flyttad till maj")
    # recording the quarter again replaces its rows
    services.record_follow_up(plan, coordinator, 2026, 2, activities={activity.pk: ("green", "Klar")})
    assert FollowUp.objects.filter(plan=plan, activity=activity).count() == 1
    assert FollowUp.objects.get(plan=plan, activity=activity).status == "green"


def test_a_follow_up_flags_personal_data_and_refuses_a_draft(plan, coordinator):
    with pytest.raises(services.ActionPlanError, match="följs upp"):
        services.record_follow_up(plan, coordinator, 2026, 1)
    plan = approved(plan, coordinator)
    activity = plan.activities.get()
    services.record_follow_up(
        plan, coordinator, 2026, 1, activities={activity.pk: ("red", "Ring Anna på 070-123 45 67")}
    )
    row = FollowUp.objects.get(plan=plan, activity=activity)
    assert row.pii and row.pii[0]["label"]
    with pytest.raises(services.ActionPlanError, match="1–4"):
        services.record_follow_up(plan, coordinator, 2026, 5)


def test_activities_record_done_and_their_period(plan, coordinator):
    activity = services.add_activity(plan, coordinator, {**ACTIVITY, "done": True, "cost": Decimal("15000")})
    assert activity.done_at is not None
    services.update_activity(activity, coordinator, {"done": False})
    assert activity.done_at is None
    with pytest.raises(services.ActionPlanError, match="före startdatumet"):
        services.update_activity(activity, coordinator, {"ends_on": D(2026, 1, 1)})
    services.delete_activity(activity, coordinator)
    assert AuditEntry.objects.filter(object_type="actionplans.activity", action="delete").exists()


def test_only_a_draft_can_be_deleted(plan, coordinator):
    ready(plan, coordinator)
    services.transition(plan, coordinator, "proposed")
    plan.refresh_from_db()
    with pytest.raises(services.ActionPlanError):
        services.delete_plan(plan, coordinator)
