"""The årshjul: generating a year from the template, items, done/undo, late and next, the wheel
and the API."""

import datetime
import re

import pytest

from agreements.models import Agreement
from audit.models import AuditEntry
from forums.models import Forum
from samtrygg import dates
from tenancy.models import Municipality
from yearcycle import services
from yearcycle.models import CycleItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def bare(db):
    """A municipality with no forums or agreements, so the template's role titles show."""
    return Municipality.objects.get(code="0114")


def keys(items):
    return {i.template_key for i in items}


def test_it_generates_the_template_once(bare):
    items = services.generate_year(bare, 2026, None)
    assert {"promises", "action_plans", "survey", "mapping", "situation", "focus_proposed", "focus_decided"} <= keys(
        items
    )
    assert {"follow_up", "report_1", "report_2", "report_3", "report_4"} <= keys(items)
    assert all(i.year == 2026 and i.due_date.year == 2026 for i in items)
    reports = sorted((i for i in items if i.phase == "report"), key=lambda i: i.due_date)
    assert [r.due_date.month for r in reports] == [3, 6, 9, 12]
    assert reports[0].owner == "Lokala BRÅ"
    assert CycleItem.objects.get(municipality=bare, template_key="focus_decided").owner == "Styrgruppen"
    assert services.generate_year(bare, 2026, None) == []
    assert CycleItem.objects.filter(municipality=bare, year=2026).count() == len(items)
    assert AuditEntry.objects.filter(object_type="yearcycle.cycleitem", municipality=bare).count() == len(items)


def test_a_template_step_exists_once_per_year_in_the_database(bare):
    from django.db import IntegrityError, transaction

    item = services.generate_year(bare, 2026, None)[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        CycleItem.objects.create(
            municipality=bare, year=2026, template_key=item.template_key, title="x", owner="x", due_date=item.due_date
        )
    # steps typed by hand have no key and may repeat
    for _i in range(2):
        CycleItem.objects.create(municipality=bare, year=2026, title="Egen", owner="x", due_date=item.due_date)


def test_it_regenerates_only_what_was_deleted(bare):
    items = services.generate_year(bare, 2026, None)
    services.mark_done(items[0], None, datetime.date(2026, 1, 20))
    services.delete_item(CycleItem.objects.get(municipality=bare, template_key="survey"), None)
    again = services.generate_year(bare, 2026, None)
    assert keys(again) == {"survey"}
    assert CycleItem.objects.get(pk=items[0].pk).done_at == datetime.date(2026, 1, 20)


def test_it_uses_the_forum_reporting_to_ksau_and_its_reports_per_year(bare):
    bra = Forum.objects.create(
        municipality=bare, name="Brå Väsby", kind=Forum.Kind.LOCAL_CRIME_COUNCIL, reports_to="KSAU", reports_per_year=2
    )
    steering = Forum.objects.create(municipality=bare, name="Styrgrupp Trygg Väsby", kind=Forum.Kind.STEERING_GROUP)
    items = services.generate_year(bare, 2026, None)
    reports = sorted((i for i in items if i.phase == "report"), key=lambda i: i.due_date)
    assert [(r.due_date.month, r.forum, r.owner) for r in reports] == [(6, bra, "Brå Väsby"), (12, bra, "Brå Väsby")]
    decided = next(i for i in items if i.template_key == "focus_decided")
    assert decided.forum == steering and decided.owner == "Styrgrupp Trygg Väsby"


def test_it_adds_the_agreement_renewal_two_months_before_it_ends(bare):
    ending = Agreement.objects.create(
        municipality=bare,
        title="Överenskommelse 2024–2026",
        valid_from=datetime.date(2024, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
        status=Agreement.Status.IN_FORCE,
    )
    Agreement.objects.create(
        municipality=bare,
        title="Ersatt",
        valid_from=datetime.date(2022, 1, 1),
        valid_to=datetime.date(2026, 6, 30),
        status=Agreement.Status.REPLACED,
    )
    items = services.generate_year(bare, 2026, None)
    renewal = [i for i in items if i.phase == "agreement"]
    assert [(i.template_key, i.title, i.due_date) for i in renewal] == [
        (f"agreement_{ending.pk}", "Ny samverkansöverenskommelse tas fram", datetime.date(2026, 10, 31))
    ]
    assert not any(i.phase == "agreement" for i in services.generate_year(bare, 2025, None))
    later = Agreement.objects.create(
        municipality=bare,
        title="Till 2028",
        valid_from=datetime.date(2025, 1, 1),
        valid_to=datetime.date(2028, 2, 29),
        renewal_year=2027,
        status=Agreement.Status.IN_FORCE,
    )
    renewal_2027 = [i for i in services.generate_year(bare, 2027, None) if i.phase == "agreement"]
    assert [(i.template_key, i.due_date) for i in renewal_2027] == [
        (f"agreement_{later.pk}", datetime.date(2027, 12, 29))
    ]


def test_it_computes_late_and_next(bare):
    items = services.generate_year(bare, 2026, None)
    today = datetime.date(2026, 7, 1)
    for item in items:
        if item.due_date.month <= 3:
            services.mark_done(item, None, item.due_date)
    items = list(CycleItem.objects.filter(municipality=bare, year=2026))
    summary = services.summary(items, today)
    assert [i.template_key for i in summary["late"]] == ["report_2"]
    assert [i.template_key for i in summary["next"]] == ["report_3", "survey", "mapping"]
    assert services.state(summary["late"][0], today) == "late"
    assert services.state(CycleItem.objects.get(municipality=bare, template_key="promises"), today) == "done"


def test_the_page_shows_wheel_timeline_and_summary(login, lomma):
    client = login("coordinator.lomma")
    year = dates.local_today().year
    response = client.post("/k/1262/arshjul/skapa-fran-mall/", {"ar": year}, follow=True)
    body = response.content.decode()
    assert "punkter lades till från mallen" in body
    assert "<svg" in body and 'aria-describedby="wheel-caption"' in body and ">jan</text>" in body
    assert "Tidslinje" in body and "Nästa" in body and "Försenat" in body
    assert body.count('class="marker marker-') == CycleItem.objects.filter(municipality=lomma, year=year).count()
    assert 'class="hand"' in body  # today's position on this year's wheel
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert not re.search(r'(x|y|cx|cy)="[\d.]+,', svg), "a localised decimal comma is two SVG coordinates"
    reader = login("reader.lomma").get("/k/1262/arshjul/").content.decode()
    assert "Markera klar" not in reader and "<svg" in reader


def test_it_creates_edits_marks_done_and_deletes_an_item(login, lomma):
    client = login("police.kavlinge")
    data = {"title": "Trygghetsvandring i Bjärred", "phase": "other", "due_date": "2026-05-12", "owner": "Kommunpolis"}
    assert client.post("/k/1262/arshjul/ny/", data).status_code == 302
    item = CycleItem.objects.get(municipality=lomma, title="Trygghetsvandring i Bjärred")
    assert item.year == 2026
    client.post(f"/k/1262/arshjul/{item.pk}/andra/", {**data, "due_date": "2026-05-20"})
    item.refresh_from_db()
    assert item.due_date == datetime.date(2026, 5, 20)
    client.post(f"/k/1262/arshjul/{item.pk}/klar/")
    item.refresh_from_db()
    assert item.done_at == dates.local_today()
    client.post(f"/k/1262/arshjul/{item.pk}/angra-klar/")
    item.refresh_from_db()
    assert item.done_at is None
    client.post(f"/k/1262/arshjul/{item.pk}/ta-bort/")
    assert not CycleItem.objects.filter(pk=item.pk).exists()


def test_a_generated_step_stays_in_its_year(login, lomma):
    services.generate_year(lomma, 2026, None)
    item = CycleItem.objects.get(municipality=lomma, year=2026, template_key="report_4")
    data = {"title": item.title, "phase": item.phase, "owner": item.owner, "due_date": "2027-01-12"}
    response = login("coordinator.lomma").post(f"/k/1262/arshjul/{item.pk}/andra/", data)
    assert response.status_code == 422 and "hör till årshjulet för 2026" in response.content.decode()
    item.refresh_from_db()
    assert item.year == 2026 and item.due_date.year == 2026
    assert services.generate_year(lomma, 2026, None) == []
    assert "report_4" in keys(services.generate_year(lomma, 2027, None))


def test_the_form_keeps_input_on_errors(login):
    response = login("coordinator.lomma").post(
        "/k/1262/arshjul/ny/", {"title": "Min punkt", "phase": "other", "due_date": "31/3", "owner": ""}
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert "Ange vem som är ansvarig." in body and "Ange datum" in body and 'value="Min punkt"' in body


def test_the_api_lists_items_with_late(api, lomma):
    services.generate_year(lomma, 2025, None)
    rows = api("reader.lomma").get("/api/v1/year-cycle?municipality=1262&year=2025").json()
    assert {r["phase"] for r in rows} >= {"promises", "report", "survey"}
    assert all(r["late"] is True for r in rows)  # all of 2025 is in the past and nothing is done
    assert {"title", "owner", "due_date", "done_at"} <= set(rows[0])
    assert api("coordinator.hoor").get("/api/v1/year-cycle?municipality=1262").status_code == 404
    assert api("reporter.lomma").get("/api/v1/year-cycle?municipality=1262").status_code == 403
