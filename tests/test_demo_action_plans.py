"""The demo's action plans for Lomma (issue 5), read back through the API contract: last year's
plans evaluated with four quarters of follow-up, this year's in progress, a draft refused with
its reasons, and the reports built from them. The demo is loaded as on 27 November of this year
so that what has happened by then does not depend on the day the tests run."""

import datetime

import pytest
from django.utils import timezone

from actionplans.models import FollowUp
from audit.models import AuditEntry
from demo import action_plans, collaboration

pytestmark = pytest.mark.django_db

THIS = timezone.localdate().year
LAST = THIS - 1
DAY = datetime.date(THIS, 11, 27)
PLANNED = ["Barn och unga", "ANDT-S", "Alkohol- och tobakstillsyn", "Grannsamverkan", "Trygghetsdagar"]


@pytest.fixture
def demo(db):
    collaboration.load(DAY)
    action_plans.load(DAY)


def _plans(api, year):
    answer = api("coordinator.lomma").get(f"/api/v1/action-plans?municipality=1262&year={year}")
    assert answer.status_code == 200
    return {p["focus_area"]: p for p in answer.json()}


def test_it_gives_last_year_evaluated_plans_with_smart_goals(demo, api):
    plans = _plans(api, LAST)
    assert list(plans) == PLANNED
    assert {p["status"] for p in plans.values()} == {"evaluated"}
    youth = plans["Barn och unga"]
    assert [t["to_status"] for t in youth["transitions"]] == [
        "proposed",
        "approved",
        "in_progress",
        "completed",
        "evaluated",
    ]
    assert youth["approved_on"] == f"{LAST}-02-23" and youth["child_impact_completed"]
    assert all(g["smart_missing"] == [] for p in plans.values() for g in p["goals"])
    series = [g for g in youth["goals"] if g["indicator_source"] == "est"]
    assert [g["indicator_params"]["category"] for g in series] == ["samling-tillhall", "skadegorelse-klotter"]
    assert series[0]["baseline_from"] == f"{LAST - 1}-07-01"  # the reports start in July the year before
    assert series[1]["indicator_params"]["areas"]  # narrowed to Lomma tätort
    survey = youth["goals"][2]
    assert (survey["baseline"], survey["target"], survey["direction"]) == (81, 85, "increase")
    lighting = next(a for a in youth["activities"] if a["what"].startswith("Ny belysning"))
    assert not lighting["done"] and lighting["status"] == "red"
    quarters = set(FollowUp.objects.filter(plan_id=youth["id"]).values_list("quarter", flat=True))
    assert sorted(quarters) == [1, 2, 3, 4]


def test_it_gives_this_year_plans_in_progress_and_a_draft_that_is_refused(demo, api):
    plans = _plans(api, THIS)
    assert list(plans) == [*PLANNED, "Avhopparverksamhet"]
    assert [p["status"] for p in plans.values()] == ["in_progress"] * 5 + ["draft"]
    draft = plans["Avhopparverksamhet"]
    assert draft["goals"][0]["smart_missing"] == ["target"]
    refused = api("coordinator.lomma").post(
        f"/api/v1/action-plans/{draft['id']}/transition", {"to": "proposed"}, content_type="application/json"
    )
    assert refused.status_code == 409
    assert "målvärde" in " ".join(refused.json()["reasons"])
    youth = plans["Barn och unga"]
    late = next(a for a in youth["activities"] if a["what"].startswith("Utbildning i tidiga signaler"))
    assert (late["done"], late["status"], late["ends_on"]) == (False, "red", f"{THIS}-08-31")
    quarters = set(FollowUp.objects.filter(plan_id=youth["id"]).values_list("quarter", flat=True))
    assert sorted(quarters) == [1, 2, 3]  # the fourth has not ended on 27 November


def test_this_years_focus_areas_rest_on_last_years_yearly_picture(demo):
    from focusareas.models import FocusArea
    from lagesbild.models import SituationPicture

    picture = SituationPicture.objects.get(municipality__code="1262", period="year", date_from=f"{LAST}-01-01")
    assert picture.is_frozen
    youth = FocusArea.objects.get(municipality__code="1262", year=THIS, name="Barn och unga")
    assert youth.cause_analysis.causes.count() == 3
    assert youth.evidence.filter(cause__isnull=False).count() == 3


def test_the_yearly_follow_up_reads_the_evaluations(demo, api):
    client = api("reader.lomma")
    report = client.get(f"/api/v1/reports/yearly-follow-up?municipality=1262&year={LAST}").json()
    assert report["summary"]["plans"] == 5 and report["summary"]["evaluated"] == 5
    youth = report["focus_areas"][0]["plan"]
    assert youth["evaluation"]["production"].startswith("Tre av fyra aktiviteter genomfördes")
    # the effect part is written from the goals' follow-ups, one line per goal
    assert "från 81 till 86 (mål 85) – målet nåddes." in youth["evaluation"]["effect"]
    assert [a["what"] for a in youth["not_done"]] == ["Ny belysning längs strandpromenaden vid Lomma hamn"]
    assert youth["did_not_work"][-1]["comment"] == "Flyttas till nästa års plan."
    for suffix, kind in ((".docx", "officedocument"), (".pdf", "pdf")):
        answer = client.get(f"/api/v1/reports/yearly-follow-up{suffix}?municipality=1262&year={LAST}")
        assert answer.status_code == 200 and kind in answer["Content-Type"]


def test_the_quarterly_report_shows_the_late_activity(demo, api):
    report = api("reader.lomma").get(f"/api/v1/reports/quarterly?municipality=1262&year={THIS}&quarter=3").json()
    assert [a["what"] for a in report["late_activities"]] == ["Utbildning i tidiga signaler för alla fritidsledare"]
    assert report["summary"]["plans"] == 6


def test_it_loads_twice_without_change(demo):
    before = AuditEntry.objects.count()
    collaboration.load(DAY)
    action_plans.load(DAY)
    assert AuditEntry.objects.count() == before
