"""The action plan pages: the list of a year, the plan page with SMART gaps and refusal reasons,
the forms (bad input keeps what was typed), the follow-up, the late activities, the daily
reminders (at most once per 7 days) and scoping."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from actionplans import services
from actionplans.models import Activity, FollowUp, Goal
from tests.test_actionplans import ACTIVITY, CHILD, COMPLETE_MANUAL, ready
from tests.test_indicators import make_plan

pytestmark = pytest.mark.django_db
STHLM = ZoneInfo("Europe/Stockholm")
BASE = "/k/1262/handlingsplaner/"


@pytest.fixture
def plan(lomma, coordinator):
    return make_plan(lomma, coordinator)


def test_the_year_lists_plans_with_goal_and_activity_state(login, plan, coordinator):
    ready(plan, coordinator)
    services.add_goal(plan, coordinator, {"description": "Färre bränder"})
    services.add_activity(plan, coordinator, {**ACTIVITY, "what": "Sen", "status": "red"})
    page = login("reader.lomma").get(BASE + "?ar=2026").content.decode()
    assert "Klotter i centrum" in page and "Utkast" in page
    assert "1 av 2 mål är inte SMART" in page
    assert "1 röd" in page
    assert "Skapa handlingsplan" not in page  # readers do not write


def test_a_coordinator_creates_a_plan_for_a_decided_focus_area(login, lomma, coordinator):
    from focusareas import services as focus_services

    focus = focus_services.create_focus_area(lomma, coordinator, year=2026, name="Grannsamverkan", status="decided")
    client = login("coordinator.lomma")
    assert "Skapa handlingsplan" in client.get(BASE + "?ar=2026").content.decode()
    form = client.get(BASE + f"ny/?fokusomrade={focus.pk}").content.decode()
    assert "2026-01-01" in form
    bad = client.post(
        BASE + "ny/", {"focus_area": focus.pk, "title": "Min plan", "starts_on": "2026-05-01", "ends_on": "2026-01-01"}
    )
    assert bad.status_code == 422
    assert "Slutdatumet kan inte vara före startdatumet." in bad.content.decode()
    assert 'value="Min plan"' in bad.content.decode()
    response = client.post(
        BASE + "ny/", {"focus_area": focus.pk, "title": "", "starts_on": "2026-01-01", "ends_on": "2026-12-31"}
    )
    assert response.status_code == 302
    assert focus.action_plan.title == "Handlingsplan: Grannsamverkan"


def test_a_series_goal_gets_its_computed_baseline_and_the_page_shows_what_is_missing(login, plan, report):
    report(occurred_at=datetime.datetime(2026, 2, 10, 12, tzinfo=STHLM))
    client = login("coordinator.lomma")
    data = {
        "description": "Mindre klotter vid skolorna",
        "indicator_source": "est",
        "category": "skadegorelse-klotter",
        "baseline_from": "2026-01-01",
        "baseline_to": "2026-02-28",
        "direction": "decrease",
        "target_date": "2026-12-31",
    }
    response = client.post(BASE + f"{plan.pk}/mal/nytt/", data, follow=True)
    page = response.content.decode()
    assert "Utgångsvärdet är uträknat" in page and "0,5" in page.replace("0.50", "0,5")
    assert "Saknas:" in page and "Målvärde" in page
    goal = Goal.objects.get(plan=plan)
    assert str(goal.baseline) == "0.50"
    edit = client.get(BASE + f"{plan.pk}/mal/{goal.pk}/andra/").content.decode()
    assert "Uträknat utgångsvärde" in edit and "0,5" in edit


def test_a_goal_form_with_bad_input_keeps_what_was_typed(login, plan):
    response = login("coordinator.lomma").post(
        BASE + f"{plan.pk}/mal/nytt/",
        {"description": "Mindre klotter", "indicator_source": "est", "target": "tolv", "direction": "decrease"},
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "Välj vilken kategori som räknas." in page and "Ange ett tal" in page
    assert 'href="#id_category"' in page and "Mindre klotter" in page and 'value="tolv"' in page


def test_a_refused_step_shows_its_reasons_on_the_plan_page(login, plan, coordinator):
    services.add_goal(plan, coordinator, {**COMPLETE_MANUAL, "target": None})
    client = login("coordinator.lomma")
    page = client.get(BASE + f"{plan.pk}/").content.decode()
    assert "Det här steget kan inte tas än" in page and "det saknar: målvärde" in page
    response = client.post(BASE + f"{plan.pk}/status/", {"to": "proposed"}, follow=True)
    assert "Steget gick inte att ta" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "draft"


def test_child_impact_follow_up_and_evaluation_through_the_pages(login, plan, coordinator):
    ready(plan, coordinator)
    services.transition(plan, coordinator, "proposed")
    client = login("coordinator.lomma")
    named = {**CHILD, "views_heard": "Samtal med Kalle, 070-123 45 67"}
    response = client.post(BASE + f"{plan.pk}/barnkonsekvensanalys/", named, follow=True)
    assert "verkar innehålla personuppgifter" in response.content.decode()
    response = client.post(BASE + f"{plan.pk}/barnkonsekvensanalys/", CHILD, follow=True)
    assert "Barnkonsekvensanalysen är klar" in response.content.decode()
    assert "verkar innehålla personuppgifter" not in response.content.decode()
    assert client.post(BASE + f"{plan.pk}/status/", {"to": "approved"}).status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved"
    activity, goal = plan.activities.get(), plan.goals.get()
    form = client.get(BASE + f"{plan.pk}/uppfoljning/").content.decode()
    assert f"activity_{activity.pk}_status" in form and f"goal_{goal.pk}_value" in form
    bad = client.post(BASE + f"{plan.pk}/uppfoljning/", {"year": "2026", "quarter": "9"})
    assert bad.status_code == 422 and "Välj ett kvartal i listan." in bad.content.decode()
    response = client.post(
        BASE + f"{plan.pk}/uppfoljning/",
        {
            "year": "2026",
            "quarter": "2",
            f"activity_{activity.pk}_status": "yellow",
            f"activity_{activity.pk}_comment": "Flyttad",
            f"goal_{goal.pk}_value": "74,5",
            f"goal_{goal.pk}_comment": "Enkäten i maj",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Uppföljningen är sparad" in page and "2026, kvartal 2" in page and "74,5" in page.replace("74.5", "74,5")
    assert FollowUp.objects.get(goal=goal).measured_value == pytest.approx(74.5)
    assert client.get(BASE + f"{plan.pk}/utvardering/").status_code == 302  # not completed yet
    services.transition(plan, coordinator, "in_progress")
    services.transition(plan, coordinator, "completed")
    fields = {"production": "Gjort", "process": "Bra", "effect": "Minskade", "conclusion": "Fortsätt"}
    assert client.post(BASE + f"{plan.pk}/utvardering/", {**fields, "effect": ""}).status_code == 422
    assert client.post(BASE + f"{plan.pk}/utvardering/", fields).status_code == 302
    assert client.post(BASE + f"{plan.pk}/status/", {"to": "evaluated"}).status_code == 302
    page = client.get(BASE + f"{plan.pk}/").content.decode()
    assert "Utvärderad" in page and "Minskade" in page


def test_late_activities_across_plans(login, lomma, plan, coordinator):
    other = make_plan(lomma, coordinator, name="Trygghetsdagar")
    today = timezone.localdate()
    services.add_activity(
        plan, coordinator, {**ACTIVITY, "what": "Passerat slutdatum", "ends_on": today - datetime.timedelta(days=3)}
    )
    services.add_activity(
        other,
        coordinator,
        {**ACTIVITY, "what": "Röd men i tid", "ends_on": today + datetime.timedelta(days=30), "status": "red"},
    )
    services.add_activity(
        plan,
        coordinator,
        {**ACTIVITY, "what": "Klar i tid", "ends_on": today - datetime.timedelta(days=3), "done": True},
    )
    services.add_activity(
        plan, coordinator, {**ACTIVITY, "what": "I tid", "ends_on": today + datetime.timedelta(days=3)}
    )
    page = login("reader.lomma").get(BASE + "forsenade/").content.decode()
    assert "Passerat slutdatum" in page and "Röd men i tid" in page and "3 dagar sen" in page
    assert "Klar i tid" not in page and "I tid<" not in page


def test_owners_of_overdue_activities_are_reminded_at_most_once_a_week(plan, coordinator, user):
    owner = user("coordinator.lomma")
    owner.email = "samordnare@lomma.example"
    owner.save()
    late_day = timezone.localdate() - datetime.timedelta(days=2)
    activity = services.add_activity(
        plan, coordinator, {**ACTIVITY, "what": "Försenad vandring", "ends_on": late_day, "owner": owner}
    )
    services.add_activity(plan, coordinator, {**ACTIVITY, "what": "Ingen ägare", "ends_on": late_day})
    services.add_activity(
        plan, coordinator, {**ACTIVITY, "what": "Gjord", "ends_on": late_day, "owner": owner, "done": True}
    )
    mail.outbox.clear()
    call_command("send_activity_reminders", verbosity=0)
    assert [m.to for m in mail.outbox] == [["samordnare@lomma.example"]]
    assert "Försenad vandring" in mail.outbox[0].subject and f"/handlingsplaner/{plan.pk}/" in mail.outbox[0].body
    call_command("send_activity_reminders", verbosity=0)
    assert len(mail.outbox) == 1  # not again within 7 days
    Activity.objects.filter(pk=activity.pk).update(reminded_at=timezone.now() - datetime.timedelta(days=6))
    call_command("send_activity_reminders", verbosity=0)
    assert len(mail.outbox) == 1
    Activity.objects.filter(pk=activity.pk).update(reminded_at=timezone.now() - datetime.timedelta(days=7, hours=1))
    call_command("send_activity_reminders", verbosity=0)
    assert len(mail.outbox) == 2


def test_scoping_outsiders_get_404_and_readers_403_on_writes(login, plan):
    outsider, reader = login("coordinator.hoor"), login("reader.lomma")
    assert outsider.get(BASE + f"{plan.pk}/").status_code == 404
    assert outsider.get("/k/1267/handlingsplaner/" + f"{plan.pk}/").status_code == 404  # not Höör's plan
    assert reader.get(BASE + f"{plan.pk}/").status_code == 200
    assert reader.post(BASE + f"{plan.pk}/status/", {"to": "proposed"}).status_code == 403
    assert reader.get(BASE + f"{plan.pk}/mal/nytt/").status_code == 403
    assert login("reporter.lomma").get(BASE).status_code == 403


def test_a_series_goal_shows_its_months_as_a_chart_with_the_values_in_a_table(login, plan, report, coordinator):
    from actionplans import chart

    for day in (10, 11, 12):
        report(occurred_at=datetime.datetime(2026, 2, day, 12, tzinfo=STHLM))
    goal = services.add_goal(
        plan,
        coordinator,
        {
            "description": "Mindre klotter vid skolorna",
            "indicator_source": "est",
            "indicator_params": {"category": "skadegorelse-klotter"},
            "baseline_from": datetime.date(2026, 1, 1),
            "baseline_to": datetime.date(2026, 3, 31),
            "target": 0,
        },
    )
    drawn = chart.series_chart(goal, datetime.date(2026, 5, 20))
    assert [(b.month.month, b.value) for b in drawn["bars"]] == [(1, 0), (2, 3), (3, 0), (4, 0)]
    assert drawn["baseline"] == 1.0 and drawn["target"] == 0.0
    assert drawn["bars"][1].height > 0 and drawn["bars"][0].height == 0
    assert drawn["target_y"] == drawn["axis_y"] and drawn["baseline_y"] < drawn["axis_y"]
    assert [b.label for b in drawn["bars"]] == ["2026", "", "", ""]
    assert chart.series_chart(goal, datetime.date(2026, 1, 15)) is None  # no whole month yet
    page = login("reader.lomma").get(BASE + f"{plan.pk}/").content.decode()
    assert 'class="series-chart"' in page and '<th scope="row">februari 2026</th><td class="n">3</td>' in page
