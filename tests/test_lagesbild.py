"""The situation picture: periods, create/edit/freeze, the change notice, charts, PDF and Word."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from lagesbild import charts, exporters, services
from lagesbild.models import SituationPicture
from samtrygg import dates

pytestmark = pytest.mark.django_db

FIXTURE = {
    "period": {"from": "2026-03-01", "to": "2026-03-31", "days": 31},
    "scope": {"municipalities": [{"code": "1262", "name": "Lomma"}], "areas": []},
    "totals": {"est": 12, "police_events": 5, "police_reports": 30},
    "by_category": [
        {
            "slug": "brand",
            "name": "Brand",
            "est": 2,
            "police_events": 1,
            "police_reports": 0,
            "total": 3,
            "previous": 1,
            "last_year": 4,
        },
        {
            "slug": "klotter",
            "name": "Skadegörelse/klotter",
            "est": 10,
            "police_events": 4,
            "police_reports": 30,
            "total": 44,
            "previous": 40,
            "last_year": 20,
        },
    ],
    "by_area": [
        {
            "id": 1,
            "name": "Bjärred",
            "population": 10000,
            "est": 5,
            "police_events": 1,
            "police_reports": 0,
            "total": 6,
            "per_1000": 0.6,
        },
        {
            "id": 2,
            "name": "Utanför områden",
            "population": None,
            "est": 7,
            "police_events": 4,
            "police_reports": 30,
            "total": 41,
            "per_1000": None,
        },
    ],
    "weekday_hour": [[(d + h) % 3 for h in range(24)] for d in range(7)],
    "comparison": {
        "previous_period": {
            "from": "2026-01-29",
            "to": "2026-02-28",
            "totals": {"est": 10, "police_events": 5, "police_reports": 26},
            "change_pct": 13,
        },
        "same_period_last_year": {
            "from": "2025-03-01",
            "to": "2025-03-31",
            "totals": {"est": 6, "police_events": 0, "police_reports": 18},
            "change_pct": 96,
        },
    },
    "recurring_places": [{"name": "Lomma hamn", "count": 4}],
    "hotspots": [{"lat": 55.67, "lon": 13.07, "count": 4, "z": 3.2, "p": 0.001}],
    "police_events": {"total": 5, "by_type": {"Stöld": 3, "Brand": 2}, "county_level": 7},
    "points": [
        {"lat": 55.67, "lon": 13.07, "source": "est", "category": "brand"},
        {"lat": 55.7, "lon": 13.05, "source": "est", "category": "klotter"},
    ],
}


@pytest.fixture
def picture(lomma, coordinator):
    start, end = dates.period_bounds("month")
    return services.create_picture(lomma, coordinator, period="month", date_from=start, date_to=end)


def test_it_computes_iso_weeks_months_quarters_and_years():
    day = datetime.date(2026, 3, 18)  # a Wednesday in ISO week 12
    assert dates.period_bounds("week", day) == (datetime.date(2026, 3, 16), datetime.date(2026, 3, 22))
    assert dates.period_bounds("week", day, back=1) == (datetime.date(2026, 3, 9), datetime.date(2026, 3, 15))
    assert dates.period_bounds("month", day) == (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert dates.period_bounds("month", datetime.date(2026, 1, 5), back=1) == (
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
    )
    assert dates.period_bounds("quarter", day) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert dates.period_bounds("quarter", day, back=1) == (datetime.date(2025, 10, 1), datetime.date(2025, 12, 31))
    assert dates.period_bounds("year", day, back=1) == (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert dates.period_kind(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)) == "month"
    assert dates.period_kind(datetime.date(2026, 3, 2), datetime.date(2026, 3, 31)) == "custom"


def test_it_gives_default_titles(lomma):
    assert (
        services.default_title(lomma, "month", datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
        == "Lägesbild Lomma mars 2026"
    )
    assert (
        services.default_title(lomma, "week", datetime.date(2026, 3, 16), datetime.date(2026, 3, 22))
        == "Lägesbild Lomma vecka 12 2026"
    )


def test_it_creates_edits_and_freezes_with_audit(lomma, coordinator, report):
    area = lomma.areas.first()
    start, end = dates.period_bounds("month")
    picture = services.create_picture(lomma, coordinator, period="month", date_from=start, date_to=end, areas=[area])
    assert list(picture.areas.all()) == [area]
    services.update_assessment(picture, coordinator, mapping="Klotter ökar.", analysis="Fler vuxna ute.")
    report()
    services.freeze(picture, coordinator, confirm_ongoing=True)  # this month: ongoing
    picture.refresh_from_db()
    assert picture.is_frozen and picture.mapping == "Klotter ökar."
    assert picture.data["period"] == {"from": start.isoformat(), "to": end.isoformat(), "days": (end - start).days + 1}
    actions = list(
        AuditEntry.objects.filter(object_type="lagesbild.situationpicture", object_id=str(picture.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "update", "update"]


def test_it_refuses_to_change_a_frozen_picture(picture, coordinator, login, lomma):
    services.freeze(picture, coordinator, confirm_ongoing=True)  # this month: ongoing
    with pytest.raises(services.PictureFrozen):
        services.update_assessment(picture, coordinator, analysis="Ändrad i efterhand.")
    with pytest.raises(services.PictureFrozen):
        services.freeze(picture, coordinator, confirm_ongoing=True)  # this month: ongoing
    client = login("coordinator.lomma")
    url = reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk})
    response = client.post(url, {"title": "Ny", "analysis": "Ändrad"})
    assert response.status_code == 302
    picture.refresh_from_db()
    assert picture.analysis == "" and picture.title != "Ny"
    page = client.get(url).content.decode()
    assert "<textarea" not in page and "Fastställd" in page


def test_it_says_when_live_data_changed_after_freezing(picture, coordinator, report, login):
    services.freeze(picture, coordinator, confirm_ongoing=True)  # this month: ongoing
    frozen = SituationPicture.objects.get(pk=picture.pk).data
    assert services.picture_data(picture) == (frozen, False)
    report()
    data, changed = services.picture_data(picture)
    assert changed and data == frozen
    page = login("reader.lomma").get(reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk}))
    assert "Siffrorna har ändrats sedan lägesbilden fastställdes" in page.content.decode()


def test_it_edits_the_assessment_on_the_page_and_freezes_with_confirmation(picture, login):
    client = login("coordinator.lomma")
    url = reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk})
    page = client.get(url).content.decode()
    assert 'name="mapping"' in page and "Fastställ" in page
    data = {
        "title": picture.title,
        "mapping": "Kartläggning.",
        "other_information": "",
        "analysis": "Analys.",
        "current_situation": "",
    }
    assert client.post(url, data).status_code == 302
    picture.refresh_from_db()
    assert picture.analysis == "Analys."
    freeze_url = reverse("lagesbild:freeze", kwargs={"code": "1262", "picture_id": picture.pk})
    client.post(freeze_url)  # without the confirmation box
    picture.refresh_from_db()
    assert not picture.is_frozen
    client.post(freeze_url, {"confirm": "1", "confirm_ongoing": "1"})  # this month is ongoing
    picture.refresh_from_db()
    assert picture.is_frozen


def test_it_creates_pictures_from_quick_buttons_and_the_form(login, lomma):
    client = login("coordinator.lomma")
    url = reverse("lagesbild:create", kwargs={"code": "1262"})
    first = client.post(url, {"quick": "week"})
    assert first.status_code == 302
    assert client.post(url, {"quick": "week"})["Location"] == first["Location"]  # the same draft
    week = SituationPicture.objects.get(municipality=lomma, period="week")
    assert week.date_from.weekday() == 0 and (week.date_to - week.date_from).days == 6
    area = lomma.areas.first()
    response = client.post(
        url, {"period": "custom", "date_from": "2026-03-01", "date_to": "2026-03-10", "areas": [area.pk]}
    )
    assert response.status_code == 302
    custom = SituationPicture.objects.get(municipality=lomma, period="custom")
    assert list(custom.areas.all()) == [area] and custom.title.startswith("Lägesbild Lomma")
    assert client.post(url, {"period": "custom", "date_from": "2026-03-10", "date_to": "2026-03-01"}).status_code == 422


def test_it_lets_readers_read_but_not_write(picture, login):
    client = login("reader.lomma")
    assert client.get(reverse("lagesbild:index", kwargs={"code": "1262"})).status_code == 200
    page = client.get(reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk}))
    assert page.status_code == 200 and "<textarea" not in page.content.decode()
    assert client.post(reverse("lagesbild:create", kwargs={"code": "1262"}), {"quick": "week"}).status_code == 403
    assert (
        client.post(
            reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk}), {"analysis": "x"}
        ).status_code
        == 403
    )
    assert (
        login("coordinator.hoor")
        .get(reverse("lagesbild:detail", kwargs={"code": "1262", "picture_id": picture.pk}))
        .status_code
        == 404
    )


def test_it_renders_charts_as_svg_and_png(lomma):
    images = charts.charts(FIXTURE, "svg", lomma.boundary, [(a.name, a.geometry) for a in lomma.areas.all()])
    assert set(images) == {"category", "heatmap", "map"}
    assert all(svg.lstrip().startswith("<?xml") and "<svg" in svg for svg in images.values())
    pngs = charts.charts(FIXTURE, "png", lomma.boundary)
    assert all(png.startswith(b"\x89PNG") for png in pngs.values())
    empty = charts.charts({}, "png")  # no data at all still draws
    assert all(png.startswith(b"\x89PNG") for png in empty.values())


def _fixture_report(lomma):
    return exporters.Report(
        title="Lägesbild Lomma mars 2026",
        place="Lomma kommun",
        period_label="mars 2026",
        date_from=datetime.date(2026, 3, 1),
        date_to=datetime.date(2026, 3, 31),
        data=FIXTURE,
        boundary=lomma.boundary,
        texts=[("Kartläggning", "Klotter ökar i Lomma hamn."), ("Analys", "")],
        frozen_at=timezone.now(),
    )


def test_it_exports_a_pdf(lomma):
    content = exporters.pdf(_fixture_report(lomma))
    assert content.startswith(b"%PDF") and len(content) > 20_000
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=content, capture_output=True, check=True).stdout.decode()
        for expected in (
            "Lomma kommun",
            "Sammanfattning",
            "Kartläggning",
            "Klotter ökar i Lomma hamn.",
            "Sida 2 av",
            "Bjärred",
        ):
            assert expected in text


def test_it_exports_a_word_file(lomma):
    from docx import Document

    document = Document(io.BytesIO(exporters.docx(_fixture_report(lomma))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert "Lägesbild Lomma mars 2026" in headings
    assert {"Sammanfattning", "Bedömning", "Kartläggning", "Händelser per kategori", "Karta", "Per område"} <= set(
        headings
    )
    assert len(document.tables) >= 5 and len(document.inline_shapes) == 3
    assert document.tables[0].cell(1, 0).text == "EST-rapporter"
    cover, body = document.sections
    assert cover.different_first_page_header_footer and not body.different_first_page_header_footer
    footer = body.footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer


def test_it_downloads_pdf_and_word_of_a_picture(picture, login):
    client = login("reader.lomma")
    pdf = client.get(reverse("lagesbild:pdf", kwargs={"code": "1262", "picture_id": picture.pk}))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("lagesbild:docx", kwargs={"code": "1262", "picture_id": picture.pk}))
    assert docx.status_code == 200 and docx.content.startswith(b"PK")


def test_it_serves_pdf_and_word_from_the_api(api, report, lomma):
    report()
    client = api("coordinator.lomma")
    today = timezone.localdate()
    query = f"municipality=1262&from={today.replace(day=1)}&to={today}"
    pdf = client.get(f"/api/v1/situation-picture.pdf?{query}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    docx = client.get(f"/api/v1/situation-picture.docx?{query}")
    assert docx.status_code == 200 and docx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(f"/api/v1/situation-picture.pdf?from={today}&to={today}").status_code == 422
    police_area = lomma.police_areas.first()
    both = api("police.kavlinge").get(
        f"/api/v1/situation-picture.docx?police_area={police_area.pk}&from={today}&to={today}"
    )
    assert both.status_code == 200 and both.content.startswith(b"PK")
    assert api("coordinator.hoor").get(f"/api/v1/situation-picture.pdf?{query}").status_code == 404
