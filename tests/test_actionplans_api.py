"""The action plans API: the list with SMART gaps and computed values, one plan, and the
workflow step with 409 and its Swedish reasons, 422 for an unknown status, 404 across
municipalities and 403 for readers."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from actionplans import services
from tests.test_actionplans import CHILD, COMPLETE_MANUAL, SERIES, ready
from tests.test_indicators import make_plan

pytestmark = pytest.mark.django_db
STHLM = ZoneInfo("Europe/Stockholm")


@pytest.fixture
def plan(lomma, user):
    return make_plan(lomma, user("coordinator.lomma"))


def post(client, plan, to):
    return client.post(f"/api/v1/action-plans/{plan.pk}/transition", {"to": to}, content_type="application/json")


def test_it_lists_plans_with_goals_and_activities(api, plan, user, report):
    report(occurred_at=datetime.datetime(2026, 2, 10, 12, tzinfo=STHLM))
    coordinator = user("coordinator.lomma")
    ready(plan, coordinator)
    services.add_goal(plan, coordinator, SERIES)
    services.add_goal(plan, coordinator, {"description": "Färre bränder"})
    response = api("reader.lomma").get("/api/v1/action-plans?municipality=1262")
    assert response.status_code == 200
    (out,) = [p for p in response.json() if p["id"] == plan.pk]
    assert out["focus_area"] == "Klotter i centrum" and out["status"] == "draft"
    manual, series, bare = out["goals"]
    assert manual["smart_missing"] == [] and manual["baseline"] == 72.0 and manual["target"] == 80.0
    assert manual["indicator"] == COMPLETE_MANUAL["indicator"] and manual["target_date"] == "2026-12-31"
    assert manual["current"] is None
    assert series["smart_missing"] == [] and series["baseline"] == pytest.approx(0.33)
    assert "current" in series and series["indicator"].startswith("EST-rapporter")
    assert bare["smart_missing"] == ["specific", "indicator", "baseline", "target", "target_date", "data_source"]
    (activity,) = out["activities"]
    assert activity["what"] == "Trygghetsvandring med elevrådet"
    assert (activity["responsible"], activity["starts_on"], activity["ends_on"]) == (
        "Trygghetssamordnaren",
        "2026-02-01",
        "2026-05-31",
    )
    assert activity["status"] == "green" and activity["done"] is False and "organisation" in activity
    assert api("reader.lomma").get(f"/api/v1/action-plans/{plan.pk}").json()["id"] == plan.pk


def test_a_refused_step_answers_409_with_the_reasons(api, plan, user):
    coordinator = user("coordinator.lomma")
    client = api("coordinator.lomma")
    ready(plan, coordinator)
    services.add_goal(plan, coordinator, {**COMPLETE_MANUAL, "description": "Färre bränder i soprum", "target": None})
    response = post(client, plan, "proposed")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] and body["reasons"] == [
        "Målet ”Färre bränder i soprum” är inte SMART – det saknar: målvärde."
    ]
    plan.goals.filter(target__isnull=True).update(target=2)
    response = post(client, plan, "proposed")
    assert response.status_code == 200 and response.json()["status"] == "proposed"
    response = post(client, plan, "approved")
    assert response.status_code == 409
    assert response.json()["reasons"][0].startswith("Barnkonsekvensanalysen är inte klar")
    services.save_child_impact(plan, coordinator, CHILD)
    response = post(client, plan, "approved")
    assert response.status_code == 200
    out = response.json()
    assert out["status"] == "approved" and out["approved_by"] == "Styrgruppen"
    assert [t["to_status"] for t in out["transitions"]] == ["proposed", "approved"]


def test_an_unknown_status_answers_422(api, plan):
    response = post(api("coordinator.lomma"), plan, "decided")
    assert response.status_code == 422
    assert "Okänd status" in response.json()["detail"]


def test_another_municipalitys_plan_is_404_and_readers_may_not_move_plans(api, plan):
    assert api("coordinator.hoor").get(f"/api/v1/action-plans/{plan.pk}").status_code == 404
    assert post(api("coordinator.hoor"), plan, "proposed").status_code == 404
    assert api("coordinator.hoor").get("/api/v1/action-plans?municipality=1262").status_code == 404
    assert post(api("reader.lomma"), plan, "proposed").status_code == 403
    assert api("coordinator.lomma").get("/api/v1/action-plans/999999").status_code == 404
