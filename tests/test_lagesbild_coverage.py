"""Figures that do not mislead (issue 10): coverage per source, ongoing periods compared like for
like, no percentage on a small base, EST reports by age group and the "barn och unga" filter, and
the API contract of GET /api/v1/situation-picture and POST …/freeze."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from lagesbild import coverage, exporters, services
from lagesbild.compute import situation_picture
from lagesbild.models import SituationPicture, SituationSettings
from tenancy.models import Municipality, PoliceArea
from tests.test_situation_picture import D, at, est, police, reports

pytestmark = pytest.mark.django_db

TODAY = D(2026, 12, 3)  # the demo's day: 3 December, "Denna månad" is 3 days old
URL = "/api/v1/situation-picture"


@pytest.fixture(autouse=True)
def no_police_data(db):
    from policedata.models import PoliceEvent, PoliceReportCount

    PoliceEvent.objects.all().delete()
    PoliceReportCount.objects.all().delete()


@pytest.fixture
def today(monkeypatch):
    """Pages, services and the API read today through samtrygg.dates.local_today."""
    from samtrygg import dates

    monkeypatch.setattr(dates, "local_today", lambda: TODAY)
    return TODAY


def december(lomma, **kw):
    return situation_picture([lomma], D(2026, 12, 1), D(2026, 12, 31), today=TODAY, **kw)


def test_it_compares_an_ongoing_month_like_for_like(lomma):
    for day in (1, 2, 3):
        est(lomma, at(2026, 12, day, 12))
    est(lomma, at(2026, 11, 2, 12))
    est(lomma, at(2026, 11, 20, 12))  # after 3 November: not in the comparison
    est(lomma, at(2025, 12, 3, 12))
    est(lomma, at(2025, 12, 15, 12))  # after 3 December last year
    data = december(lomma)
    assert data["ongoing"] is True and data["as_of"] == "2026-12-03"
    previous, last_year = data["comparison"]["previous_period"], data["comparison"]["same_period_last_year"]
    assert (previous["from"], previous["to"]) == ("2026-11-01", "2026-11-03")
    assert (last_year["from"], last_year["to"]) == ("2025-12-01", "2025-12-03")
    assert previous["totals"]["est"] == 1 and last_year["totals"]["est"] == 1
    # 3 against 1: too small a base for a percentage, the difference instead
    assert previous["change_pct"]["est"] is None and previous["change_abs"]["est"] == 2


def test_it_does_not_cut_a_period_that_has_ended(lomma):
    data = situation_picture([lomma], D(2026, 11, 1), D(2026, 11, 30), today=TODAY)
    assert data["ongoing"] is False
    assert data["comparison"]["previous_period"]["to"] == "2026-10-31"


def test_it_gives_a_percentage_only_from_a_base_of_twenty():
    assert coverage.change(3, 45) == {"pct": -93.3, "abs": -42}
    assert coverage.change(6, 19) == {"pct": None, "abs": -13}
    assert coverage.change(30, 20) == {"pct": 50.0, "abs": 10}
    assert coverage.change(30, 20, comparable=False) == {"pct": None, "abs": None}


def test_it_says_police_events_are_missing_after_the_last_import(lomma):
    police(lomma, at(2025, 10, 3, 12))
    police(lomma, at(2026, 8, 22, 9))  # the real feed ends here
    est(lomma, at(2026, 12, 1, 12))
    data = december(lomma)
    events = data["coverage"]["police_events"]
    assert (events["from"], events["to"]) == ("2025-10-03", "2026-08-22")
    assert events["complete"] is False
    assert events["periods"] == {"current": "none", "previous_period": "none", "same_period_last_year": "full"}
    assert "t.o.m. 22 augusti 2026" in events["currency"]
    # no "−100 %" against last year's events
    assert data["comparison"]["same_period_last_year"]["change_pct"]["police_events"] is None
    assert data["comparison"]["same_period_last_year"]["change_abs"]["police_events"] is None


def test_it_says_police_report_counts_are_missing(lomma):
    reports(lomma, D(2026, 3, 1), 25)
    reports(lomma, D(2025, 3, 1), 20)
    data = situation_picture([lomma], D(2026, 3, 1), D(2026, 3, 31), today=TODAY)
    counts = data["coverage"]["police_report_counts"]
    assert (counts["from"], counts["to"]) == ("2025-03-01", "2026-03-31")
    assert counts["periods"] == {"current": "full", "previous_period": "none", "same_period_last_year": "full"}
    assert "februari 2026" in counts["reason"]
    assert data["comparison"]["same_period_last_year"]["change_pct"]["police_reports"] == 25.0
    assert data["comparison"]["previous_period"]["change_abs"]["police_reports"] is None
    # a week holds no whole month: monthly counts do not cover it
    week = situation_picture([lomma], D(2026, 3, 9), D(2026, 3, 15), today=TODAY)
    assert week["coverage"]["police_report_counts"]["periods"]["current"] == "none"


def test_it_has_no_coverage_without_any_data(lomma):
    data = december(lomma)
    for key in ("est", "police_events", "police_report_counts"):
        assert data["coverage"][key]["from"] is None and data["coverage"][key]["complete"] is False


def test_it_starts_est_at_the_set_date(lomma, user):
    est(lomma, at(2024, 9, 10, 12))
    year = situation_picture([lomma], D(2025, 1, 1), D(2025, 12, 31), today=TODAY)
    assert year["coverage"]["est"]["from"] == "2024-09-10"  # the first report
    services.set_est_start(municipality=lomma, actor=user("coordinator.lomma"), est_start=D(2024, 7, 1))
    year = situation_picture([lomma], D(2025, 1, 1), D(2025, 12, 31), today=TODAY)
    est_cover = year["coverage"]["est"]
    assert est_cover["from"] == "2024-07-01"
    assert est_cover["periods"]["same_period_last_year"] == "partial"
    assert "EST-rapporteringen började 1 juli 2024" in est_cover["reason"]
    # no "+103 %" against a half year of reporting
    assert year["comparison"]["same_period_last_year"]["change_pct"]["est"] is None


def test_it_sets_the_est_start_on_a_page_with_audit(login, lomma):
    url = reverse("lagesbild:settings", kwargs={"code": "1262"})
    client = login("coordinator.lomma")
    assert client.post(url, {"est_start": "2999-01-01"}).status_code == 422
    assert client.post(url, {"est_start": "2024-07-01"}).status_code == 302
    assert SituationSettings.objects.get(municipality=lomma).est_start == D(2024, 7, 1)
    entry = AuditEntry.objects.filter(object_type="lagesbild.situationsettings").latest("id")
    assert entry.changes["est_start"] == "2024-07-01"
    assert login("reader.lomma").get(url).status_code == 403


def test_it_combines_a_police_area_conservatively(lomma):
    kavlinge = Municipality.objects.get(code="1261")
    police(lomma, at(2026, 1, 2, 12))
    police(lomma, at(2026, 8, 22, 12))
    police(kavlinge, at(2026, 2, 1, 12))
    police(kavlinge, at(2026, 8, 1, 12))
    data = situation_picture([lomma, kavlinge], D(2026, 8, 1), D(2026, 8, 31), today=TODAY)
    assert (data["coverage"]["police_events"]["from"], data["coverage"]["police_events"]["to"]) == (
        "2026-02-01",
        "2026-08-01",
    )
    assert data["coverage"]["police_events"]["periods"]["current"] == "partial"


def test_it_counts_est_reports_by_age_group(lomma):
    est(lomma, at(2026, 3, 10, 12), age_group="youth")
    est(lomma, at(2026, 3, 10, 12), age_group="children")
    est(lomma, at(2026, 3, 10, 12), age_group="adults")
    est(lomma, at(2026, 3, 10, 12))  # not given: unknown
    est(lomma, at(2026, 2, 10, 12), age_group="youth")
    data = situation_picture([lomma], D(2026, 3, 1), D(2026, 3, 31), today=TODAY)
    groups = {g["key"]: g for g in data["by_age_group"]}
    assert [g["key"] for g in data["by_age_group"]] == [
        "children",
        "youth",
        "young_adults",
        "adults",
        "mixed",
        "unknown",
    ]
    assert (groups["youth"]["est"], groups["youth"]["previous"]) == (1, 1)
    assert groups["unknown"]["est"] == 1 and groups["adults"]["children_and_youth"] is False
    assert data["age_filter"] is None


def test_it_narrows_only_the_est_figures_to_children_and_youth(lomma):
    est(lomma, at(2026, 3, 10, 12), age_group="youth", slug="brand")
    est(lomma, at(2026, 3, 10, 20), age_group="young_adults")
    est(lomma, at(2026, 3, 10, 12), age_group="adults")
    police(lomma, at(2026, 3, 11, 12))
    data = situation_picture([lomma], D(2026, 3, 1), D(2026, 3, 31), age="barn-och-unga", today=TODAY)
    assert data["totals"]["est"] == 2 and data["totals"]["police_events"] == 1
    rows = {r["slug"]: r for r in data["by_category"]}
    assert rows["brand"]["est"] == 1 and rows["skadegorelse-klotter"]["est"] == 1
    assert sum(map(sum, data["weekday_hour"])) == 2  # the filtered EST reports only
    assert "inte filtrerade" in data["age_filter"]["note"]
    assert len(data["points"]) == 2


def test_it_answers_the_api_contract(api, lomma, today):
    est(lomma, at(2026, 12, 2, 12), age_group="children")
    response = api("coordinator.lomma").get(URL, {"municipality": "1262", "from": "2026-12-01", "to": "2026-12-31"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["ongoing"] is True
    assert set(data["coverage"]) == {"est", "police_events", "police_report_counts"}
    for source in data["coverage"].values():
        assert {"from", "to", "complete"} <= set(source)
    assert data["coverage"]["est"]["from"] == "2026-12-02" and data["coverage"]["est"]["to"] == "2026-12-03"
    assert data["coverage"]["police_events"] == {**data["coverage"]["police_events"], "from": None, "to": None}
    assert data["comparison"]["previous_period"]["to"] == "2026-11-03"
    assert set(data["comparison"]["previous_period"]) >= {"from", "to", "totals", "change_pct", "change_abs"}
    assert {g["key"]: g["est"] for g in data["by_age_group"]}["children"] == 1
    assert "points" in data and "by_category" in data  # the other parts pass through
    narrowed = api("coordinator.lomma").get(
        URL, {"municipality": "1262", "from": "2026-12-01", "to": "2026-12-31", "age": "barn-och-unga"}
    )
    assert narrowed.json()["age_filter"]["key"] == "barn-och-unga"
    bad = api("coordinator.lomma").get(
        URL, {"municipality": "1262", "from": "2026-12-01", "to": "2026-12-31", "age": "x"}
    )
    assert bad.status_code == 422


def test_it_declares_the_contract_with_enums(api):
    schema = api("coordinator.lomma").get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schema["CoveragePeriodsOut"]["properties"]["current"]["enum"] == ["full", "partial", "none"]
    assert "young_adults" in schema["AgeGroupOut"]["properties"]["key"]["enum"]
    assert set(schema["SourceCoverageOut"]["properties"]) >= {"from", "to", "complete"}


@pytest.fixture
def this_month(lomma, user, today):
    return services.create_picture(
        lomma, user("coordinator.lomma"), period="month", date_from=D(2026, 12, 1), date_to=D(2026, 12, 31)
    )


def test_it_refuses_to_freeze_an_ongoing_period_without_confirmation(this_month, user):
    with pytest.raises(services.PeriodOngoing) as refused:
        services.freeze(this_month, user("coordinator.lomma"))
    assert str(refused.value) == (
        "Perioden december 2026 pågår fortfarande (t.o.m. 3 december 2026). Vill du ändå fastställa den?"
    )
    services.freeze(this_month, user("coordinator.lomma"), confirm_ongoing=True)
    assert this_month.is_frozen and this_month.data["ongoing"] is True and "coverage" in this_month.data


def test_it_asks_on_the_page_before_freezing_an_ongoing_period(this_month, login):
    client = login("coordinator.lomma")
    url = reverse("lagesbild:freeze", kwargs={"code": "1262", "picture_id": this_month.pk})
    page = client.post(url, {"confirm": "1"})
    assert page.status_code == 409
    assert "Perioden december 2026 pågår fortfarande (t.o.m. 3 december 2026)" in page.content.decode()
    this_month.refresh_from_db()
    assert not this_month.is_frozen
    assert client.post(url, {"confirm": "1", "confirm_ongoing": "1"}).status_code == 302
    this_month.refresh_from_db()
    assert this_month.is_frozen


def test_it_freezes_through_the_api_only_with_the_confirm_flag(this_month, api):
    url = f"/api/v1/situation-pictures/{this_month.pk}/freeze"
    client = api("coordinator.lomma")
    refused = client.post(url, {}, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["ongoing"] is True
    assert "pågår fortfarande" in refused.json()["detail"]
    assert api("reader.lomma").post(url, {"confirm_ongoing": True}, content_type="application/json").status_code == 403
    done = client.post(url, {"confirm_ongoing": True}, content_type="application/json")
    assert done.status_code == 200 and done.json()["id"] == this_month.pk
    assert api("coordinator.hoor").post(url, {}, content_type="application/json").status_code == 404


def test_the_page_says_what_is_missing_and_how_current(this_month, login, lomma):
    police(lomma, at(2026, 8, 22, 9))
    est(lomma, at(2026, 12, 2, 12))
    page = login("reader.lomma").get(reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": this_month.pk}))
    html = page.content.decode()
    assert "Perioden pågår" in html and "t.o.m. 3 december 2026" in html
    assert "saknas" in html and "Polisens händelser" in html and "t.o.m. 22 augusti 2026" in html
    assert "EST-rapporter per åldersgrupp" in html
    narrowed = login("reader.lomma").get(
        reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": this_month.pk}), {"age": "barn-och-unga"}
    )
    assert "inte filtrerade på ålder" in narrowed.content.decode()


def test_the_rows_show_missing_and_small_changes_not_percentages():
    data = {
        "totals": {"est": 3, "police_events": 0, "police_reports": 0},
        "ongoing": True,
        "as_of": "2026-12-03",
        "comparison": {
            "previous_period": {"from": "2026-11-01", "to": "2026-11-03", "totals": {"est": 7, "police_events": 0}},
            "same_period_last_year": {
                "from": "2025-12-01",
                "to": "2025-12-03",
                "totals": {"est": 40, "police_events": 5},
            },
        },
        "coverage": {
            "est": {"periods": dict.fromkeys(coverage.PERIODS, "full"), "currency": "EST", "reason": ""},
            "police_events": {
                "periods": {"current": "none", "previous_period": "none", "same_period_last_year": "full"},
                "currency": "Polisens händelser t.o.m. 22 augusti 2026",
                "reason": "x",
            },
            "police_report_counts": {"periods": dict.fromkeys(coverage.PERIODS, "none"), "currency": "", "reason": ""},
        },
    }
    rows = exporters.figures(data)
    est_row, police_row, reports_row = rows["sources"]
    assert est_row["previous_change"]["text"] == "−4"  # base 7: a difference
    assert est_row["last_year_change"]["text"] == "−92 %"  # base 40: a percentage
    assert (police_row["value_text"], police_row["last_year_change"]["text"]) == ("saknas", "–")
    assert reports_row["value_text"] == "saknas"
    assert rows["total"]["value"] == 3 and rows["total"]["left_out"] == ["Polisens händelser", "Polisanmälningar"]


def test_an_old_frozen_picture_still_renders(lomma, login, user):
    """A picture frozen before coverage, ongoing and the age groups were kept."""
    picture = services.create_picture(
        lomma, user("coordinator.lomma"), period="month", date_from=D(2026, 3, 1), date_to=D(2026, 3, 31)
    )
    live = services.live_data(picture)
    old = {k: v for k, v in live.items() if k not in ("coverage", "ongoing", "as_of", "by_age_group", "age_filter")}
    for comparison in old["comparison"].values():
        del comparison["change_abs"]
    SituationPicture.objects.filter(pk=picture.pk).update(data=old, frozen_at=datetime.datetime.now(datetime.UTC))
    assert services.figures_differ(old, live) is False
    page = login("reader.lomma").get(reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk}))
    assert page.status_code == 200
    assert "Siffrorna har ändrats" not in page.content.decode()


def test_the_word_file_says_how_current_the_sources_are(this_month, lomma):
    import io

    from docx import Document

    police(lomma, at(2026, 8, 22, 9))
    document = Document(io.BytesIO(exporters.docx(exporters.report_for_picture(this_month))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Polisens händelser 22 augusti 2026 t.o.m. 22 augusti 2026" in text
    assert "Perioden pågår fortfarande" in text
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "saknas" in cells


def test_police_area_coverage_in_the_api(api, lomma, today):
    police(lomma, at(2026, 3, 2, 12))
    params = {"police_area": PoliceArea.objects.get(name="LPO Kävlinge").pk, "from": "2026-03-01", "to": "2026-03-31"}
    data = api("police.kavlinge").get(URL, params).json()
    events = data["coverage"]["police_events"]
    assert events["from"] is None  # Kävlinge has none: the police area is not covered in full
    assert events["periods"]["current"] == "partial" and "Kävlinge" in events["reason"]
    assert data["comparison"]["previous_period"]["change_abs"]["police_events"] is None


def test_the_weekly_email_says_missing_not_zero(user, lomma):
    from django.core import mail

    from lagesbild import weekly

    reader = user("reader.lomma")
    reader.email = "reader.lomma@example.se"
    reader.save()
    weekly.subscribe(reader, lomma)
    est(lomma, at(2026, 11, 25, 12))
    assert weekly.send_for_municipality(lomma.pk, D(2026, 11, 23), D(2026, 11, 29)) == 1
    body = mail.outbox[-1].body
    # monthly counts never cover a week; the first report came mid-week
    assert "Anmälda brott: saknas" in body and "Händelserapporter (EST): 1 (ofullständig)" in body


def test_the_api_gives_a_percentage_with_its_decimal(api, lomma, today):
    # A percentage is rounded to one decimal; the API once declared it an integer and answered 500.
    for day in range(1, 22):
        est(lomma, at(2026, 9, day, 12))
    for day in range(1, 29):
        est(lomma, at(2026, 10, day, 12))
    response = api("coordinator.lomma").get(URL, {"municipality": "1262", "from": "2026-10-01", "to": "2026-10-31"})
    assert response.status_code == 200, response.content
    assert response.json()["comparison"]["previous_period"]["change_pct"]["est"] == 33.3
