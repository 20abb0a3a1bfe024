"""The follow-up reports' content: the quarterly report to KSAU and the yearly follow-up of the
agreement, built from stored plans, follow-ups, evaluations and promises (the fixture here is
shared with the export, API and browser tests)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from actionplans.models import ActionPlan, Activity, ChildImpactAssessment, Evaluation, FollowUp, Goal, Transition
from agreements.models import Agreement
from focusareas.models import FocusArea
from promises.models import CitizenPromise, PromiseUpdate
from reports import content

pytestmark = pytest.mark.django_db
YEAR = 2025
D = datetime.date


def _steps(plan, actor, steps):
    """Transitions with chosen times (Transition.at is auto_now_add, so it is set afterwards)."""
    previous = ActionPlan.Status.DRAFT
    for status, day in steps:
        step = Transition.objects.create(plan=plan, from_status=previous, to_status=status, actor=actor)
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
        Transition.objects.filter(pk=step.pk).update(at=at)
        previous = status


def build_world(municipality, actor) -> dict:
    """Lomma 2025: 'Barn och unga' with a plan in progress (two goals, three activities,
    follow-ups Q1–Q3), 'Grannsamverkan' with an evaluated plan, a third focus area without a plan,
    the agreement in force and a promise with two updates."""
    youth = FocusArea.objects.create(
        municipality=municipality,
        year=YEAR,
        name="Barn och unga",
        children_and_youth=True,
        status="decided",
        decided_by="Styrgruppen",
        decided_on=D(2025, 1, 20),
        order=1,
    )
    neighbours = FocusArea.objects.create(
        municipality=municipality, year=YEAR, name="Grannsamverkan", status="decided", order=2
    )
    tobacco = FocusArea.objects.create(municipality=municipality, year=YEAR, name="Tobakstillsyn", order=3)
    FocusArea.objects.create(municipality=municipality, year=YEAR + 1, name="Nästa års område", order=1)

    plan = ActionPlan.objects.create(
        municipality=municipality,
        focus_area=youth,
        title="Tryggare skolvägar",
        status=ActionPlan.Status.IN_PROGRESS,
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 12, 31),
        approved_by="Styrgruppen",
        approved_on=D(2025, 2, 10),
    )
    ChildImpactAssessment.objects.create(
        plan=plan, affected_children="Elever 10–15 år", views_heard="Elevråd", best_interest="Ja"
    )
    _steps(
        plan,
        actor,
        [("proposed", D(2025, 2, 1)), ("approved", D(2025, 2, 10)), ("in_progress", D(2025, 3, 3))],
    )
    vandalism = Goal.objects.create(
        plan=plan,
        description="Minska skadegörelsen vid skolorna",
        indicator="Skadegörelse vid skolor per månad",
        baseline=Decimal("12"),
        target=Decimal("8"),
        direction="decrease",
        target_date=D(2025, 12, 31),
        data_source="EST",
        order=1,
    )
    safety = Goal.objects.create(
        plan=plan,
        description="Fler elever ska känna sig trygga",
        indicator="Andel trygga elever (%)",
        baseline=Decimal("70"),
        target=Decimal("80"),
        direction="increase",
        target_date=D(2025, 12, 31),
        order=2,
    )
    walk = Activity.objects.create(
        plan=plan,
        what="Trygghetsvandring vid Pilängsskolan",
        responsible="Anna Svensson",
        starts_on=D(2025, 3, 1),
        ends_on=D(2025, 5, 31),
        status="green",
        done_at=D(2025, 5, 20),
    )
    parents = Activity.objects.create(
        plan=plan,
        what="Föräldravandringar på helger",
        responsible="Fritidsgården",
        starts_on=D(2025, 4, 1),
        ends_on=D(2025, 6, 30),
        status="yellow",
        status_comment="För få föräldrar anmälda",
    )
    Activity.objects.create(
        plan=plan,
        what="Utbildning för fritidsledare",
        responsible="Socialtjänsten",
        starts_on=D(2025, 9, 1),
        ends_on=D(2025, 12, 15),
        status="red",
    )
    for quarter, value in ((1, "11"), (2, "10"), (3, "9")):
        FollowUp.objects.create(plan=plan, year=YEAR, quarter=quarter, goal=vandalism, measured_value=Decimal(value))
    FollowUp.objects.create(
        plan=plan, year=YEAR, quarter=3, goal=safety, measured_value=Decimal("68.5"), comment="Enkät i september"
    )
    FollowUp.objects.create(plan=plan, year=YEAR, quarter=1, activity=walk, status="green", comment="Planerad")
    FollowUp.objects.create(
        plan=plan, year=YEAR, quarter=2, activity=walk, status="green", comment="Vandringen gav tolv åtgärdsförslag"
    )
    FollowUp.objects.create(
        plan=plan, year=YEAR, quarter=3, activity=parents, status="red", comment="Återkopplingen till föräldrarna brast"
    )

    evaluated = ActionPlan.objects.create(
        municipality=municipality,
        focus_area=neighbours,
        title="Fler grannsamverkansområden",
        status=ActionPlan.Status.EVALUATED,
        starts_on=D(2025, 1, 1),
        ends_on=D(2025, 9, 30),
    )
    _steps(
        evaluated, actor, [("approved", D(2025, 1, 15)), ("completed", D(2025, 10, 1)), ("evaluated", D(2025, 11, 5))]
    )
    areas = Goal.objects.create(
        plan=evaluated,
        description="Fler områden med grannsamverkan",
        indicator="Antal grannsamverkansområden",
        baseline=Decimal("10"),
        target=Decimal("15"),
        direction="increase",
        target_date=D(2025, 9, 30),
    )
    FollowUp.objects.create(plan=evaluated, year=YEAR, quarter=3, goal=areas, measured_value=Decimal("16"))
    Activity.objects.create(
        plan=evaluated,
        what="Informationsmöten i Bjärred",
        responsible="Kommunpolisen",
        starts_on=D(2025, 2, 1),
        ends_on=D(2025, 4, 30),
        done_at=D(2025, 5, 10),
    )
    Evaluation.objects.create(
        plan=evaluated,
        production="Alla informationsmöten hölls.",
        process="Samarbetet med bostadsbolaget fungerade väl.",
        effect="Sex nya områden startade.",
        conclusion="Fortsätt med fokus på Lomma hamn.",
    )

    agreement = Agreement.objects.create(
        municipality=municipality,
        kind="operative",
        title="Samverkansöverenskommelse Lomma 2024–2027",
        valid_from=D(2024, 1, 1),
        valid_to=D(2027, 12, 31),
        status="in_force",
    )
    agreement.focus_areas.add(youth, neighbours, tobacco)
    Agreement.objects.create(
        municipality=municipality, title="Utkast som inte räknas", valid_from=D(2025, 1, 1), valid_to=D(2025, 12, 31)
    )
    promise = CitizenPromise.objects.create(
        municipality=municipality,
        year=YEAR,
        title="Tryggare Lomma centrum",
        situation_today="Otryggt vid busstorget.",
        what_we_do="Trygghetsvandringar varje månad.",
        what_we_achieve="Fler känner sig trygga.",
        follow_along="På webben.",
    )
    promise.focus_areas.add(youth)
    PromiseUpdate.objects.create(
        promise=promise, date=D(2025, 4, 2), status="on_track", text="Första vandringen gjord."
    )
    PromiseUpdate.objects.create(promise=promise, date=D(2025, 8, 20), status="delayed", text="Sommaruppehåll.")
    PromiseUpdate.objects.create(promise=promise, date=D(2025, 11, 2), status="done", text="Alla vandringar gjorda.")
    return {"youth": youth, "neighbours": neighbours, "plan": plan, "evaluated": evaluated, "promise": promise}


@pytest.fixture
def rep_world(lomma, user):
    return build_world(lomma, user("coordinator.lomma"))


def test_it_builds_the_quarterly_report_per_focus_area(lomma, rep_world):
    r = content.quarterly(lomma, YEAR, 3)
    assert r["title"] == "Kvartalsrapport till KSAU, kvartal 3 2025"
    assert r["period"] == {"year": 2025, "quarter": 3, "from": "2025-07-01", "to": "2025-09-30"}
    assert [a["name"] for a in r["focus_areas"]] == ["Barn och unga", "Grannsamverkan", "Tobakstillsyn"]
    plan = r["focus_areas"][0]["plan"]
    assert plan["status"]["label"] == "Pågår" and plan["status"]["since"] == "2025-03-03"
    walk, parents, course = plan["activities"]
    assert walk["status"] == {"code": "green", "label": "Grön – enligt plan"} and walk["done_at"] == "2025-05-20"
    assert walk["follow_up"] is None  # nothing recorded for it in Q3
    assert parents["follow_up"] == {
        "status": {"code": "red", "label": "Röd – försenad eller stoppad"},
        "comment": "Återkopplingen till föräldrarna brast",
    }
    assert parents["late"] and not walk["late"] and not course["late"]
    assert plan["done_this_quarter"] == [
        {
            "what": "Föräldravandringar på helger",
            "status": parents["follow_up"]["status"],
            "comment": parents["follow_up"]["comment"],
        }
    ]
    vandalism, safety = plan["goals"]
    assert (vandalism["baseline"], vandalism["target"], vandalism["measured_value"]) == (12, 8, 9)
    assert vandalism["target_date"] == "2025-12-31"
    assert vandalism["trend"] == {"code": "towards", "label": "Mot målet"}
    assert safety["measured_value"] == 68.5 and safety["trend"]["code"] == "away"
    assert safety["comment"] == "Enkät i september"
    assert r["focus_areas"][2]["plan"] is None
    assert r["focus_areas"][2]["note"] == "Ingen handlingsplan är upprättad för fokusområdet."
    assert [a["what"] for a in r["late_activities"]] == ["Föräldravandringar på helger"]
    assert r["late_activities"][0]["days_late"] == 92  # 30 June → 30 September
    assert r["summary"]["late"] == 1 and r["summary"]["red"] == 1 and r["summary"]["focus_areas"] == 3
    promise = r["promises"][0]
    assert promise["latest_update"]["text"] == "Sommaruppehåll."  # the November update is after Q3
    assert promise["focus_areas"] == ["Barn och unga"]


def test_it_takes_the_measured_value_of_the_chosen_quarter(lomma, rep_world):
    r = content.quarterly(lomma, YEAR, 1)
    vandalism, safety = r["focus_areas"][0]["plan"]["goals"]
    assert vandalism["measured_value"] == 11
    assert safety["measured_value"] is None and safety["trend"]["code"] == "unknown"
    assert r["focus_areas"][0]["plan"]["activities"][0]["follow_up"]["comment"] == "Planerad"
    assert r["late_activities"] == []  # nothing had passed its end date by 31 March
    assert r["promises"][0]["latest_update"] is None


def test_it_builds_the_yearly_follow_up_in_the_shape_of_seed_002(lomma, rep_world):
    r = content.yearly(lomma, YEAR)
    assert r["title"] == "Årlig uppföljning av samverkansöverenskommelsen 2025"
    assert r["agreement"]["title"] == "Samverkansöverenskommelse Lomma 2024–2027"
    assert r["agreement"]["valid_from"] == "2024-01-01"
    youth, neighbours, tobacco = r["focus_areas"]
    plan = youth["plan"]
    assert [a["what"] for a in plan["done"]] == ["Trygghetsvandring vid Pilängsskolan"]
    assert plan["done"][0]["on_time"] is True
    assert [a["what"] for a in plan["not_done"]] == ["Föräldravandringar på helger", "Utbildning för fritidsledare"]
    assert [g["indicator"] for g in plan["goals_reached"]] == []
    assert [(g["baseline"], g["measured_value"], g["target"], g["reached"]) for g in plan["goals"]] == [
        (12, 9, 8, False),
        (70, 68.5, 80, False),
    ]
    # the walk's latest comment stands for the year ("Planerad" in quarter 1 is replaced)
    assert [(n["quarter"], n["comment"]) for n in plan["worked"]] == [(2, "Vandringen gav tolv åtgärdsförslag")]
    # the survey comment goes with a value moving away from the target
    assert [(n["subject"], n["comment"]) for n in plan["did_not_work"]] == [
        ("Andel trygga elever (%)", "Enkät i september"),
        ("Föräldravandringar på helger", "Återkopplingen till föräldrarna brast"),
    ]
    assert plan["notes"] == []
    assert plan["evaluation"] is None and plan["evaluation_note"] == "Ingen utvärdering gjord ännu."
    assert plan["proposal"] == "Inget förslag till nästa år ännu: planen är inte utvärderad."
    assert youth["decided"] == {"by": "Styrgruppen", "on": "2025-01-20"}

    done = neighbours["plan"]
    assert done["status"]["label"] == "Utvärderad" and done["status"]["since"] == "2025-11-05"
    assert done["evaluation"]["process"] == "Samarbetet med bostadsbolaget fungerade väl."
    assert done["proposal"] == "Fortsätt med fokus på Lomma hamn."
    assert done["done"][0]["on_time"] is False
    assert done["goals_reached"][0]["measured_value"] == 16
    assert tobacco["note"] == "Ingen handlingsplan upprättades för fokusområdet."

    s = r["summary"]
    assert (s["focus_areas"], s["plans"], s["approved"], s["completed"], s["evaluated"]) == (3, 2, 2, 1, 1)
    assert (s["activities"], s["done"], s["done_on_time"], s["goals"], s["goals_reached"]) == (4, 2, 1, 3, 1)
    assert "1 av 3 mål nåddes." in s["text"]
    assert [u["status"]["label"] for u in r["promises"][0]["updates"]] == ["Genomfört", "Försenat", "Enligt plan"]


def test_it_is_honest_about_a_year_without_anything(lomma):
    r = content.yearly(lomma, 2019)
    assert r["agreement"] is None and r["focus_areas"] == [] and r["promises"] == []
    assert r["summary"]["text"] == "Inga fokusområden är registrerade för 2019."
    q = content.quarterly(lomma, 2019, 2)
    assert q["late_activities"] == [] and q["summary"]["text"] == "Inga fokusområden är registrerade för 2019."


def test_it_rejects_a_bad_year_or_quarter():
    with pytest.raises(content.InvalidPeriod) as error:
        content.quarterly(None, 1999, 5)
    assert error.value.errors == {
        "year": ["Ange ett år mellan 2000 och 2100."],
        "quarter": ["Kvartalet ska vara 1, 2, 3 eller 4."],
    }


def test_it_gives_quarter_bounds():
    assert content.quarter_bounds(2026, 4) == (D(2026, 10, 1), D(2026, 12, 31))
    assert content.quarter_bounds(2026, 1) == (D(2026, 1, 1), D(2026, 3, 31))


def test_it_keeps_other_municipalities_out(lomma, rep_world):
    from tenancy.models import Municipality

    hoor = Municipality.objects.get(code="1267")
    assert content.yearly(hoor, YEAR)["focus_areas"] == []
    assert content.quarterly(hoor, YEAR, 3)["promises"] == []
