import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Sum
from openpyxl import Workbook

from audit.models import AuditEntry
from incidents.models import IncidentCategory
from policedata import counts
from policedata.models import CrimeCategoryMapping, PoliceReportCount
from tenancy.models import Membership, Municipality

pytestmark = pytest.mark.django_db

BRA_SAMPLE = "/work/shared/data/bra/bra_anmalda_brott_monthly_lulea_boden_2026-08.csv"
API_PATH = "/api/v1/imports/police-report-counts"
PAGE = "/k/1262/polisdata/anmalda-brott/"


def csv_bytes(rows, delimiter=",", header=("kommunkod", "område", "månad", "brottskategori", "antal"), bom=False):
    lines = [delimiter.join(header)] + [delimiter.join(str(c) for c in row) for row in rows]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def xlsx_bytes(rows, header=("Kommunkod", "Område", "Månad", "Brottskategori", "Antal")):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def stored(code="1262", month=datetime.date(2026, 8, 1)):
    return {
        (r.crime_category, r.area.name if r.area else None): r.count
        for r in PoliceReportCount.objects.filter(municipality__code=code, month=month).select_related("area")
    }


def run(data, username="police.kavlinge", user=None):
    from tenancy.scoping import municipality_ids

    actor = user(username) if user else None
    allowed = municipality_ids(actor, "import_police") if actor else None
    return counts.import_report_counts(data, actor, allowed_municipality_ids=allowed)


def errors_of(data, user, username="police.kavlinge"):
    with pytest.raises(counts.ImportFailed) as e:
        run(data, username, user)
    return e.value.errors


# --- reading ----------------------------------------------------------------------------------


def test_csv_with_commas_and_english_headers(user):
    data = csv_bytes(
        [("1262", "", "2026-08", "Skadegörelse", 12), ("1261", "", "2026-08-01", "Misshandel", 3)],
        header=("municipality", "area", "month", "crime_category", "count"),
    )
    result = run(data, user=user)
    assert result == {"created": 2, "updated": 0, "unchanged": 0, "county_level": 0, "errors": []}
    assert stored("1262") == {("Skadegörelse", None): 12}
    assert stored("1261") == {("Misshandel", None): 3}
    row = PoliceReportCount.objects.get(municipality__code="1262")
    assert row.category.slug == "skadegorelse-klotter"
    assert row.month == datetime.date(2026, 8, 1)


def test_csv_with_semicolons_swedish_headers_bom_and_areas(user, lomma):
    data = csv_bytes(
        [
            ("1262", "Bjärred", "2026-08", "Narkotikabrott", 4),
            ("1262", "lomma tätort", "2026-08-15", "Narkotikabrott", 7),
            ("1262", "", "2026-08", "Bedrägeri", 2),
        ],
        delimiter=";",
        bom=True,
    )
    assert run(data, user=user)["created"] == 3
    assert stored() == {("Narkotikabrott", "Bjärred"): 4, ("Narkotikabrott", "Lomma tätort"): 7, ("Bedrägeri", None): 2}
    assert set(PoliceReportCount.objects.filter(municipality=lomma).values_list("category__slug", flat=True)) == {
        "narkotika",
        None,
    }


def test_area_by_code(user, lomma):
    area = lomma.areas.get(name="Alnarp")
    area.code = "AL1"
    area.save()
    run(csv_bytes([("1262", "AL1", "2026-08", "Rån", 1)]), user=user)
    assert stored() == {("Rån", "Alnarp"): 1}


def test_excel_with_date_cells_and_numeric_codes(user):
    data = xlsx_bytes(
        [
            (1262, None, datetime.datetime(2026, 7, 1), "Misshandel", 5),
            (1261, "", "2026-07", "Ofredande", 2.0),
        ]
    )
    assert run(data, user=user)["created"] == 2
    assert stored("1262", datetime.date(2026, 7, 1)) == {("Misshandel", None): 5}
    assert stored("1261", datetime.date(2026, 7, 1)) == {("Ofredande", None): 2}


def test_excel_municipality_code_loses_its_leading_zero(user):
    data = xlsx_bytes([(380, None, "2026-07", "Klotter", 9)])
    assert run(data, "coordinator.uppsala", user)["created"] == 1
    assert stored("0380", datetime.date(2026, 7, 1)) == {("Klotter", None): 9}


def test_missing_columns_are_reported(user):
    errors = errors_of(b"kommunkod,antal\n1262,3\n", user)
    assert [e["row"] for e in errors] == [1, 1]
    assert "månad/month" in errors[0]["message"] and "brottskategori" in errors[1]["message"]


def test_windows_1252_csv_from_excel_is_accepted(user):
    data = "Kommunkod;Månad;Brottskategori;Antal\r\n1262;2026-08;Skadegörelse;3\r\n".encode("cp1252")
    assert run(data, user=user)["created"] == 1
    assert stored() == {("Skadegörelse", None): 3}


def test_damaged_excel_and_empty_file(user):
    assert "Excel" in errors_of(b"PK\x03\x04garbage", user)[0]["message"]
    assert errors_of(b"", user)[0]["message"] == "Filen är tom."


@pytest.mark.parametrize(
    "row, message",
    [
        (("9999", "", "2026-08", "Rån", 1), "Kommunkoden 9999 finns inte."),
        (("1267", "", "2026-08", "Rån", 1), "Du får inte importera polisdata för Höör (1267)."),
        (("1262", "Atlantis", "2026-08", "Rån", 1), "Området Atlantis finns inte i Lomma."),
        (("1262", "", "augusti", "Rån", 1), "Månaden augusti är inte giltig"),
        (("1262", "", "2026-13", "Rån", 1), "Månaden 2026-13 är inte giltig"),
        (("1262", "", "2026-08", "Rån", -1), "Antalet får inte vara negativt."),
        (("1262", "", "2026-08", "Rån", "2,5"), "Antalet måste vara ett heltal."),
        (("1262", "", "2026-08", "Rån", "många"), "Antalet måste vara ett heltal."),
        (("1262", "", "2026-08", "Rån", ""), "Antal saknas."),
        (("1262", "", "2026-08", "", 1), "Brottskategori saknas."),
        (("", "", "2026-08", "Rån", 1), "Kommunkod saknas."),
    ],
)
def test_each_validation_error_names_its_row_and_nothing_is_written(user, row, message):
    data = csv_bytes([("1262", "", "2026-08", "Misshandel", 3), row], delimiter=";")
    errors = errors_of(data, user)
    assert len(errors) == 1
    assert errors[0]["row"] == 3
    assert errors[0]["message"].startswith(message)
    assert not PoliceReportCount.objects.exists()
    assert not AuditEntry.objects.filter(object_type="policedata.policereportcount").exists()


def test_duplicate_key_within_the_file(user):
    data = csv_bytes([("1262", "", "2026-08", "Rån", 1), ("1262", "", "2026-08-20", "rån", 2)])
    assert errors_of(data, user) == [
        {"row": 3, "message": "Samma kommun, område, månad och brottskategori finns redan på rad 2."}
    ]


def test_every_bad_row_is_reported(user):
    data = csv_bytes([("9999", "", "x", "", -1), ("1262", "", "2026-08", "Rån", 1), ("1262", "", "2026-08", "Rån", 1)])
    errors = errors_of(data, user)
    assert [e["row"] for e in errors] == [2, 2, 2, 2, 4]


def test_a_crash_mid_import_leaves_nothing(user, monkeypatch):
    run(csv_bytes([("1262", "", "2026-08", "Rån", 1)]), user=user)

    def boom(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(PoliceReportCount.objects, "bulk_create", boom)
    with pytest.raises(RuntimeError):
        run(csv_bytes([("1262", "", "2026-08", "Rån", 5), ("1262", "", "2026-09", "Rån", 5)]), user=user)
    assert stored() == {("Rån", None): 1}
    assert not PoliceReportCount.objects.filter(month=datetime.date(2026, 9, 1)).exists()
    assert AuditEntry.objects.filter(object_type="policedata.policereportcount").count() == 1


# --- replacing a month ------------------------------------------------------------------------


def test_a_reimport_replaces_the_month_and_is_audited(user, login):
    first = csv_bytes(
        [
            ("1262", "", "2026-08", "Rån", 1),
            ("1262", "", "2026-08", "Misshandel", 4),
            ("1262", "", "2026-08", "Bedrägeri", 6),
            ("1262", "", "2026-07", "Rån", 2),
        ]
    )
    assert run(first, user=user)["created"] == 4
    created = AuditEntry.objects.get(object_id="1262:2026-08")
    assert created.action == "create" and created.changes == {"month": "2026-08", "total": 11, "rows": 3}

    second = csv_bytes([("1262", "", "2026-08", "Rån", 1), ("1262", "", "2026-08", "Misshandel", 5)])
    result = run(second, user=user)
    assert result == {"created": 0, "updated": 1, "unchanged": 1, "county_level": 0, "errors": []}
    assert stored() == {("Rån", None): 1, ("Misshandel", None): 5}  # Bedrägeri is gone with the old month
    assert stored("1262", datetime.date(2026, 7, 1)) == {("Rån", None): 2}  # other months untouched
    entry = AuditEntry.objects.filter(object_id="1262:2026-08", action="update").get()
    assert entry.changes == {"month": "2026-08", "total": [11, 6], "rows": [3, 2]}
    assert entry.actor.username == "police.kavlinge"
    assert entry.municipality.code == "1262"
    log = login("coordinator.lomma").get("/k/1262/logg/")
    assert log.status_code == 200 and "1262:2026-08" in log.content.decode()


def test_an_identical_reimport_writes_nothing(user):
    data = csv_bytes([("1262", "", "2026-08", "Rån", 1), ("1262", "", "2026-08", "Misshandel", 4)])
    run(data, user=user)
    ids = set(PoliceReportCount.objects.values_list("id", flat=True))
    entries = AuditEntry.objects.count()
    assert run(data, user=user) == {"created": 0, "updated": 0, "unchanged": 2, "county_level": 0, "errors": []}
    assert set(PoliceReportCount.objects.values_list("id", flat=True)) == ids
    assert AuditEntry.objects.count() == entries


# --- categories -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Skadegörelse", "skadegorelse-klotter"),
        ("Brott mot brottsbalken, 8-12 kap. Brott mot förmögenhet, 12 kap. Skadegörelsebrott", "skadegorelse-klotter"),
        ("Misshandel inkl. grov", "hot-vald"),
        ("Olaga hot", "hot-vald"),
        ("Rån", "hot-vald"),
        ("Stöld ur och från motordrivet fordon", None),  # "från" is not "rån"
        ("Brott mot brottsbalken, 8-12 kap. Brott mot förmögenhet, 8 kap. Stöld, rån m.m.", None),
        ("Våldtäkt", None),
        ("Brott mot narkotikastrafflagen", "narkotika"),
        ("Mordbrand", "brand"),
        ("Brott mot ordningslagen", "ordningsstorning"),
        ("Hotell", None),
        ("Bedrägeri", None),
    ],
)
def test_default_category_table(name, slug):
    assert counts.default_category_slug(name) == slug


def test_a_municipality_mapping_overrides_the_default(user, lomma):
    ordning = IncidentCategory.objects.get(municipality=lomma, slug="ordningsstorning")
    CrimeCategoryMapping.objects.create(municipality=lomma, crime_category="Misshandel", category=ordning)
    CrimeCategoryMapping.objects.create(municipality=lomma, crime_category="Skadegörelse", category=None)
    run(csv_bytes([("1262", "", "2026-08", "Misshandel", 1), ("1262", "", "2026-08", "Skadegörelse", 1)]), user=user)
    by_name = dict(PoliceReportCount.objects.values_list("crime_category", "category__slug"))
    assert by_name == {"Misshandel": "ordningsstorning", "Skadegörelse": None}


def test_remapping_updates_stored_counts_and_is_audited(user, lomma):
    run(csv_bytes([("1262", "", "2026-08", "Bedrägeri", 3), ("1262", "", "2026-07", "Bedrägeri", 2)]), user=user)
    ovrigt = IncidentCategory.objects.get(municipality=lomma, slug="ovrigt")
    assert counts.map_crime_category(lomma, user("coordinator.lomma"), "Bedrägeri", ovrigt) == 2
    assert set(PoliceReportCount.objects.values_list("category", flat=True)) == {ovrigt.id}
    entry = AuditEntry.objects.get(object_type="policedata.crimecategorymapping", action="create")
    assert entry.changes["crime_category"] == "Bedrägeri" and entry.municipality == lomma
    assert counts.map_crime_category(lomma, user("coordinator.lomma"), "Bedrägeri", None) == 2
    assert set(PoliceReportCount.objects.values_list("category", flat=True)) == {None}
    assert AuditEntry.objects.filter(object_type="policedata.crimecategorymapping", action="update").count() == 1
    # later imports follow the municipality's choice
    run(csv_bytes([("1262", "", "2026-09", "Bedrägeri", 1)]), user=user)
    assert PoliceReportCount.objects.get(month=datetime.date(2026, 9, 1)).category is None


# --- Brå's export -----------------------------------------------------------------------------


def test_the_bra_sample_file_imports_as_it_is(capsys):
    call_command("import_police_report_counts", BRA_SAMPLE)
    assert "52 nya" in capsys.readouterr().out
    month = datetime.date(2026, 8, 1)
    for code, total in (("2580", 652), ("2582", 225)):
        rows = PoliceReportCount.objects.filter(municipality__code=code, month=month)
        # aggregates, "Totalt antal brott" and "därav" subsets are skipped: the rest sums to Brå's total
        assert rows.count() == 26
        assert rows.aggregate(n=Sum("count"))["n"] == total
        assert not rows.filter(crime_category__contains="därav").exists()
        assert not rows.filter(crime_category="Brott mot brottsbalken").exists()
    lulea = PoliceReportCount.objects.filter(municipality__code="2580")
    assert lulea.get(crime_category__endswith="12 kap. Skadegörelsebrott").category.slug == "skadegorelse-klotter"
    assert lulea.get(crime_category__endswith="narkotikastrafflagen").count == 38
    assert AuditEntry.objects.filter(object_type="policedata.policereportcount", action="create").count() == 2
    call_command("import_police_report_counts", BRA_SAMPLE)
    assert "0 nya, 0 ersatta, 52 oförändrade" in capsys.readouterr().out


def test_the_command_reports_errors_and_respects_a_user(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([("1262", "", "2026-08", "Rån", -2)]))
    with pytest.raises(CommandError):
        call_command("import_police_report_counts", str(bad))
    assert "rad 2: Antalet får inte vara negativt." in capsys.readouterr().err
    with pytest.raises(CommandError):
        call_command("import_police_report_counts", BRA_SAMPLE, user="coordinator.lomma")
    assert "Du får inte importera polisdata för Luleå (2580)." in capsys.readouterr().err
    assert not PoliceReportCount.objects.exists()


# --- API --------------------------------------------------------------------------------------


def post_file(client, data, name="anmalda.csv"):
    return client.post(API_PATH, {"file": SimpleUploadedFile(name, data)})


def test_api_imports_for_the_police_areas_municipalities(api):
    data = csv_bytes([("1261", "", "2026-08", "Rån", 1), ("1262", "", "2026-08", "Rån", 2)])
    r = post_file(api("police.kavlinge"), data)
    assert r.status_code == 200
    assert r.json() == {"created": 2, "updated": 0, "unchanged": 0, "county_level": 0, "errors": []}
    r = post_file(api("police.kavlinge"), csv_bytes([("1262", "", "2026-08", "Rån", 3)]))
    assert r.json() == {"created": 0, "updated": 1, "unchanged": 0, "county_level": 0, "errors": []}


def test_api_rejects_a_foreign_municipality_with_422_and_imports_nothing(api):
    data = csv_bytes([("1262", "", "2026-08", "Rån", 1), ("1267", "", "2026-08", "Rån", 2)])
    r = post_file(api("police.kavlinge"), data)
    assert r.status_code == 422
    assert r.json() == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "county_level": 0,
        "errors": [{"row": 3, "message": "Du får inte importera polisdata för Höör (1267)."}],
    }
    assert not PoliceReportCount.objects.exists()


def test_api_accepts_excel(api):
    r = post_file(api("coordinator.lomma"), xlsx_bytes([("1262", "", "2026-08", "Rån", 1)]), "anmalda.xlsx")
    assert r.status_code == 200 and r.json()["created"] == 1


def test_api_roles(api, client):
    data = csv_bytes([("1262", "", "2026-08", "Rån", 1)])
    assert post_file(api("reader.lomma"), data).status_code == 403
    assert post_file(api("reporter.lomma"), data).status_code == 403
    assert post_file(client, data).status_code == 401
    assert api("coordinator.lomma").post(API_PATH, {}).status_code == 422  # no file
    assert not PoliceReportCount.objects.exists()


# --- page -------------------------------------------------------------------------------------


def test_page_upload_flow(login, lomma):
    client = login("coordinator.lomma")
    assert client.get(PAGE).status_code == 200
    month = datetime.date.today().replace(day=1).strftime("%Y-%m")
    good = csv_bytes([("1262", "", month, "Skadegörelse", 12), ("1262", "", month, "Misshandel", 3)], delimiter=";")
    r = client.post(PAGE, {"import": "1", "file": SimpleUploadedFile("a.csv", good)}, follow=True)
    assert r.status_code == 200
    body = r.content.decode()
    assert "Importen är klar: 2 nya" in body
    assert "Skadegörelse/klotter" in body and "<td>15</td>" in body

    bad = csv_bytes([("1262", "", month, "Rån", 1), ("1261", "", month, "Rån", "x")])
    r = client.post(PAGE, {"import": "1", "file": SimpleUploadedFile("b.csv", bad)})
    assert r.status_code == 422
    body = r.content.decode()
    assert "Inget importerades" in body
    assert "Rad 3" in body and "Du får inte importera polisdata för Kävlinge (1261)." in body
    assert "Antalet måste vara ett heltal." in body
    assert PoliceReportCount.objects.filter(municipality=lomma).aggregate(n=Sum("count"))["n"] == 15

    r = client.post(PAGE, {"import": "1"})
    assert r.status_code == 422 and "Välj en fil att importera." in r.content.decode()


def test_page_maps_crime_categories(login, lomma, user):
    run(csv_bytes([("1262", "", "2026-08", "Bedrägeri", 3), ("1262", "", "2026-08", "Misshandel", 1)]), user=user)
    client = login("police.kavlinge")
    body = client.get(PAGE).content.decode()
    assert "Bedrägeri" in body and "Misshandel" in body
    ovrigt = IncidentCategory.objects.get(municipality=lomma, slug="ovrigt")
    hot = IncidentCategory.objects.get(municipality=lomma, slug="hot-vald")
    # the rows are sorted: c0 Bedrägeri, c1 Misshandel (unchanged)
    r = client.post(
        PAGE, {"mapping": "1", "n0": "Bedrägeri", "c0": str(ovrigt.id), "n1": "Misshandel", "c1": str(hot.id)}
    )
    assert r.status_code == 302
    assert dict(PoliceReportCount.objects.values_list("crime_category", "category")) == {
        "Bedrägeri": ovrigt.id,
        "Misshandel": hot.id,
    }
    assert list(CrimeCategoryMapping.objects.filter(municipality=lomma).values_list("crime_category", flat=True)) == [
        "Bedrägeri"
    ]
    r = client.post(PAGE, {"mapping": "1", "n0": "Bedrägeri", "c0": "0", "n1": "Misshandel", "c1": str(hot.id)})
    assert r.status_code == 302
    assert PoliceReportCount.objects.get(crime_category="Bedrägeri").category is None
    assert client.post(PAGE, {"mapping": "1", "n0": "Bedrägeri", "c0": "nonsense"}).status_code == 422


def test_page_roles(login):
    assert login("reader.lomma").get(PAGE).status_code == 403
    assert login("coordinator.hoor").get(PAGE).status_code == 404
    assert login("police.kavlinge").get("/k/1261/polisdata/anmalda-brott/").status_code == 200


def test_a_bra_file_is_refused_for_a_municipality_the_user_may_not_import_into(user):
    # a coordinator added for Luleå may import Brå's file for Luleå only
    Membership.objects.create(
        user=user("coordinator.uppsala"), municipality=Municipality.objects.get(code="2580"), role="coordinator"
    )
    errors = errors_of(open(BRA_SAMPLE, "rb").read(), user, "coordinator.uppsala")
    assert {e["message"] for e in errors} == {"Du får inte importera polisdata för Boden (2582)."}
