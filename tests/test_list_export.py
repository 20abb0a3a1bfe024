import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_it_lists_and_filters(login, report, lomma):
    report(description="Klotter vid bryggan.")
    report(category="brand", description="Brand i container.", lat=55.6728, lon=13.0688)
    client = login("coordinator.lomma")
    body = client.get("/k/1262/handelser/").content.decode()
    assert "Klotter vid bryggan." in body and "Brand i container." in body
    body = client.get("/k/1262/handelser/?category=brand").content.decode()
    assert "Brand i container." in body and "Klotter vid bryggan." not in body
    area = lomma.areas.get(name="Lomma tätort")
    body = client.get(f"/k/1262/handelser/?area={area.pk}").content.decode()
    assert "Brand i container." in body and "Klotter vid bryggan." not in body


def test_it_filters_by_period_in_local_time(login, report):
    report(description="Gammal händelse.", occurred_at=timezone.now() - timezone.timedelta(days=40))
    report(description="Ny händelse.")
    today = timezone.localdate()
    body = (
        login("reader.lomma").get(f"/k/1262/handelser/?date_from={today - timezone.timedelta(days=7)}").content.decode()
    )
    assert "Ny händelse." in body and "Gammal händelse." not in body


def test_it_hides_rejected_unless_asked(login, report, user):
    from incidents import services

    services.reject(report(description="Felrapport."), user("coordinator.lomma"), "Fel kommun")
    client = login("coordinator.lomma")
    assert "Felrapport." not in client.get("/k/1262/handelser/").content.decode()
    assert "Felrapport." in client.get("/k/1262/handelser/?status=rejected").content.decode()


def test_it_shows_filter_errors_in_swedish(login):
    body = login("coordinator.lomma").get("/k/1262/handelser/?date_from=2026-03-10&date_to=2026-03-01").content.decode()
    assert "Slutdatum ligger före startdatum." in body


def test_it_exports_csv(login, report):
    report(description='=HYPERLINK("x") klotter')
    r = login("coordinator.lomma").get("/k/1262/handelser/export.csv")
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    text = r.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Nr", "Tid", "Kategori"]
    assert rows[1][2] == "Skadegörelse/klotter" and rows[1][3] == "Bjärred"
    assert rows[1][7].startswith("'=")  # no formula injection


def test_it_exports_excel(login, report):
    report()
    report(category="brand")
    r = login("police.kavlinge").get("/k/1262/handelser/export.xlsx?category=brand")
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet.max_row == 2 and sheet["C2"].value == "Brand"


def test_unknown_export_format_is_404(login):
    assert login("coordinator.lomma").get("/k/1262/handelser/export.pdf").status_code == 404


def test_map_page_points_at_the_geojson(login):
    body = login("reader.lomma").get("/k/1262/handelser/karta/?category=brand").content.decode()
    assert "/api/v1/incidents/map?municipality=1262&amp;category=brand" in body


def test_it_exports_every_column_to_excel_with_labels_and_local_times(login, report):
    incident = report(description="Klotter på busskuren.", people_count="2-5", age_group="youth")
    r = login("coordinator.lomma").get("/k/1262/handelser/export.xlsx")
    assert r["Content-Disposition"].startswith('attachment; filename="handelser-1262-')
    sheet = load_workbook(io.BytesIO(r.content)).active
    header, row = ([c.value for c in sheet[n]] for n in (1, 2))
    assert header[0] == "Nr" and header[-1] == "Rapporterad" and len(header) == len(row) == 15
    local = timezone.localtime(incident.occurred_at).strftime("%Y-%m-%d %H:%M")
    assert row[0] == incident.pk and row[1] == local and row[7] == "Klotter på busskuren."
    assert row[8:10] == ["2–5 personer", "Ungdomar (13–17)"] and row[12] == "Ny"
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:O2"
