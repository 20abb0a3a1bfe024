"""The counts, area and population imports are bounded and never crash (issue 11, findings 5-7):
bad cells, damaged Excel files, odd GeoJSON and oversized files are Swedish 422s with row errors,
nothing is written, and a seeded corpus of mutated files never gets anything but 200/302 or 422."""

import io
import json
import random
import time
import zipfile

import numpy as np
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from areas import population
from areas.models import Area
from policedata.models import PoliceReportCount

pytestmark = pytest.mark.django_db

COUNTS_API = "/api/v1/imports/police-report-counts"
AREAS_PAGE = "/k/1262/omraden/"
HEADER = ("kommunkod", "område", "månad", "brottskategori", "antal")
SQUARE = [[13.060, 55.670], [13.075, 55.670], [13.075, 55.678], [13.060, 55.678], [13.060, 55.670]]


def counts_csv(*rows):
    return ("\n".join([",".join(HEADER)] + [",".join(map(str, r)) for r in rows]) + "\n").encode()


GOOD_CSV = counts_csv(("1262", "", "2026-08", "Rån", 3), ("1262", "", "2026-08", "Misshandel", 5))


def xlsx(rows=(("1262", "", "2026-08", "Rån", 3),), header=HEADER):
    workbook = Workbook()
    workbook.active.append(list(header))
    for row in rows:
        workbook.active.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def rezip(data: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The .xlsx `data` with some members replaced (None: left out)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = replace.get(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


def post_counts(api, data, name="anmalda.csv"):
    return api("police.kavlinge").post(COUNTS_API, {"file": SimpleUploadedFile(name, data)})


def feature(name="Hamnen", coordinates=None, **props):
    return {
        "type": "Feature",
        "properties": {"name": name, **props},
        "geometry": {"type": "Polygon", "coordinates": [coordinates or SQUARE]},
    }


def geojson(*features):
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def post_areas(client, data):
    f = SimpleUploadedFile("omraden.geojson", data, content_type="application/geo+json")
    return client.post(AREAS_PAGE, {"import": "1", "file": f, "kind": "district"})


# --- police report counts ---------------------------------------------------------------------


def test_it_refuses_nul_in_a_cell_naming_row_and_column(api):
    r = post_counts(api, counts_csv(("1262", "", "2026-08", "R\x00n", 3), ("1262", "", "2026-08", "Misshandel", 5)))
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"row": 2, "message": "Kolumn brottskategori innehåller otillåtna tecken (till exempel styrtecken)."}
    ]
    assert not PoliceReportCount.objects.exists()


def test_it_refuses_control_characters_in_a_windows_1252_file(api):
    data = counts_csv(("1262", "Hamn\x1ben", "2026-08", "Rån", 3)).decode().encode("cp1252")
    r = post_counts(api, data)
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"row": 2, "message": "Kolumn område innehåller otillåtna tecken (till exempel styrtecken)."}
    ]
    assert not PoliceReportCount.objects.exists()


@pytest.mark.parametrize(
    "replace, reason",
    [
        ({"xl/worksheets/sheet1.xml": b"<worksheet><sheetData><row><c"}, "XML är trasig"),
        (
            {
                "xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
                b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
                b'<c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>'
            },
            "DTD",
        ),
        ({"xl/worksheets/sheet1.xml": None}, ""),
        ({"xl/workbook.xml": None}, ""),
    ],
    ids=["broken-sheet-xml", "dtd-entity", "sheet-missing", "workbook-missing"],
)
def test_it_refuses_a_damaged_xlsx_with_422(api, replace, reason):
    r = post_counts(api, rezip(xlsx(), replace), "a.xlsx")
    assert r.status_code == 422
    message = r.json()["errors"][0]["message"]
    assert message.startswith("Filen kunde inte läsas som Excel: ") and reason in message
    assert not PoliceReportCount.objects.exists()


def test_it_refuses_an_xlsx_without_sheets(api):
    workbook_xml = b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'
    r = post_counts(api, rezip(xlsx(), {"xl/workbook.xml": workbook_xml}), "a.xlsx")
    assert r.status_code == 422 and r.json()["errors"][0]["message"].startswith("Filen kunde inte läsas som Excel")


def test_it_bounds_rows_and_bytes(api, settings):
    settings.COUNTS_IMPORT_MAX_ROWS = 1
    r = post_counts(api, GOOD_CSV)
    assert r.status_code == 422 and r.json()["errors"][0]["message"] == "Filen har fler än 1 rader; dela upp den."
    settings.COUNTS_IMPORT_MAX_ROWS = 10
    settings.COUNTS_IMPORT_MAX_BYTES = 50
    r = post_counts(api, GOOD_CSV)
    assert r.status_code == 422 and "högst 50 tas emot" in r.json()["errors"][0]["message"]
    settings.COUNTS_IMPORT_MAX_SECONDS = 0
    settings.COUNTS_IMPORT_MAX_BYTES = 1000
    r = post_counts(api, GOOD_CSV)
    assert r.status_code == 422 and "sekunder" in r.json()["errors"][0]["message"]
    assert not PoliceReportCount.objects.exists()


def test_the_command_imports_no_file_when_one_is_bad(tmp_path, capsys):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(GOOD_CSV)
    bad.write_bytes(counts_csv(("1262", "", "2026-07", "Rån", -2)))
    with pytest.raises(CommandError, match="Inget importerades: 1 fel"):
        call_command("import_police_report_counts", str(good), str(bad))
    assert f"{bad}, rad 2: Antalet får inte vara negativt." in capsys.readouterr().err
    assert not PoliceReportCount.objects.exists()
    bad.write_bytes(counts_csv(("1262", "", "2026-07", "Rån", 2)))
    call_command("import_police_report_counts", str(good), str(bad))
    assert PoliceReportCount.objects.count() == 3


# --- GeoJSON areas ----------------------------------------------------------------------------


def test_features_and_properties_that_are_not_objects_are_row_errors(login, lomma):
    before = Area.objects.filter(municipality=lomma).count()
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                [1],
                "x",
                None,
                {"type": "Feature", "properties": [1, 2], "geometry": None},
                {"type": "Feature", "properties": {"name": {"a": 1}}, "geometry": None},
            ],
        }
    ).encode()
    r = post_areas(login("coordinator.lomma"), data)
    body = r.content.decode()
    assert r.status_code == 422
    assert body.count("Objektet är inte ett GeoJSON-objekt") == 3
    assert "Objektets egenskaper (properties) måste vara ett JSON-objekt" in body
    assert Area.objects.filter(municipality=lomma).count() == before


@pytest.mark.parametrize("name", ["Ham\x00nen", "Ham\ud800nen", "Ham\x1bnen"])
def test_a_name_with_control_characters_is_a_row_error(login, lomma, name):
    data = json.dumps({"type": "FeatureCollection", "features": [feature(name)]}).encode()
    r = post_areas(login("coordinator.lomma"), data)
    assert r.status_code == 422 and "Namnet innehåller otillåtna tecken" in r.content.decode()
    assert not Area.objects.filter(municipality=lomma, name__startswith="Ham").exists()


@pytest.mark.parametrize("value", ["Infinity", "-Infinity", "NaN", "1e30", str(2**31), "2000001", "-1", "12.5", '"x"'])
def test_population_must_be_a_finite_whole_number_up_to_two_million(login, lomma, value):
    data = geojson(feature(population=0)).replace(b'"population": 0', b'"population": ' + value.encode())
    r = post_areas(login("coordinator.lomma"), data)
    assert r.status_code == 422 and "befolkningen måste vara ett heltal från 0 till 2" in r.content.decode()
    assert not Area.objects.filter(municipality=lomma, name="Hamnen").exists()


def test_population_at_the_bound_and_as_a_whole_float_imports(login, lomma):
    client = login("coordinator.lomma")
    assert post_areas(client, geojson(feature(population=2_000_000))).status_code == 302
    assert post_areas(client, geojson(feature(population=1234.0))).status_code == 302
    assert Area.objects.get(municipality=lomma, name="Hamnen").population == 1234


def test_a_100000_deep_nesting_answers_422_at_once(login):
    client = login("coordinator.lomma")
    for data in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000):
        started = time.monotonic()
        r = post_areas(client, data)
        assert r.status_code == 422 and "nästlad i 100\u00a0000 nivåer; högst 32" in r.content.decode()
        assert time.monotonic() - started < 5


def circle(n, lon=13.0675, lat=55.674, r=0.004):
    a = np.linspace(0, 2 * np.pi, n, endpoint=False)
    ring = np.c_[lon + r * np.cos(a), lat + r * 0.6 * np.sin(a)].round(7).tolist()
    return ring + [ring[0]]


def test_a_polygon_with_too_many_vertices_is_refused_quickly(login, lomma):
    started = time.monotonic()
    r = post_areas(login("coordinator.lomma"), geojson(feature(coordinates=circle(60_000))))
    assert r.status_code == 422
    assert "Området har 60\u00a0001 hörn; högst 20\u00a0000 per område tas emot." in r.content.decode()
    assert time.monotonic() - started < 15
    assert not Area.objects.filter(municipality=lomma, name="Hamnen").exists()


def test_vertex_feature_byte_and_time_bounds_are_settings(login, settings):
    client = login("coordinator.lomma")
    two = geojson(feature("A", circle(40)), feature("B", circle(40, lat=55.675)))
    settings.AREA_IMPORT_MAX_VERTICES = 60
    assert "Filen har 82 hörn; högst 60 tas emot." in post_areas(client, two).content.decode()
    settings.AREA_IMPORT_MAX_FEATURES = 1
    assert "Filen har 2 objekt; högst 1 tas emot." in post_areas(client, two).content.decode()
    settings.AREA_IMPORT_MAX_BYTES = 100
    assert "högst 100 tas emot" in post_areas(client, two).content.decode()
    settings.AREA_IMPORT_MAX_BYTES = 10**6
    settings.AREA_IMPORT_MAX_FEATURES = 10
    settings.AREA_IMPORT_MAX_VERTICES = 1000
    settings.AREA_IMPORT_MAX_SECONDS = 0
    r = post_areas(client, two)
    assert r.status_code == 422 and "Importen tog mer än 0 sekunder" in r.content.decode()


def test_the_arrays_are_counted_before_the_json_is_parsed(login, settings):
    settings.AREA_IMPORT_MAX_VERTICES, settings.AREA_IMPORT_MAX_FEATURES = 10, 1  # 30 arrays
    r = post_areas(login("coordinator.lomma"), geojson(feature("A", circle(40))))
    assert (
        r.status_code == 422 and "Filen har för många koordinater (44 listor; högst 30 tas emot)" in r.content.decode()
    )


def test_a_tangled_polygon_is_refused_instead_of_repaired_for_minutes(login, lomma):
    rng = random.Random(1)
    ring = [[13.062 + rng.random() * 0.01, 55.671 + rng.random() * 0.006] for _ in range(400)]
    started = time.monotonic()
    r = post_areas(login("coordinator.lomma"), geojson(feature(coordinates=ring + [ring[0]])))
    assert r.status_code == 422 and "geometrin måste vara en giltig polygon" in r.content.decode()
    assert time.monotonic() - started < 5


def test_a_bowtie_is_still_repaired(login, lomma):
    bowtie = [[13.060, 55.670], [13.075, 55.678], [13.075, 55.670], [13.060, 55.678], [13.060, 55.670]]
    assert post_areas(login("coordinator.lomma"), geojson(feature(coordinates=bowtie))).status_code == 302
    assert Area.objects.get(municipality=lomma, name="Hamnen").geometry["type"] == "MultiPolygon"


def test_nan_coordinates_are_a_row_error(login, lomma):
    data = geojson(feature(coordinates=[[13.06, 55.67], [13.075, 55.67], [13.075, 0], [13.06, 55.67]]))
    r = post_areas(login("coordinator.lomma"), data.replace(b", 0]", b", NaN]"))
    assert r.status_code == 422 and "geometrin måste vara en giltig polygon" in r.content.decode()


def test_real_municipality_boundaries_fit_the_bounds(settings, lomma):
    """Every municipality of Sweden (Kiruna's 925 vertices the most; 71,646 in all) passes the
    bounds; Lomma's own boundary imports as an area of Lomma."""
    from areas import services

    raw = (settings.DATA_DIR / "geo" / "kommuner.geojson").read_bytes()
    services._check_bounds(json.loads(raw)["features"])
    call_command(
        "import_areas", "1262", str(settings.DATA_DIR / "geo" / "kommuner.geojson"),
        "--name-property", "kommun", "--filter-property", "kommunkod", "--filter-value", "1262", verbosity=0,
    )  # fmt: skip
    assert Area.objects.filter(municipality=lomma, name="Lomma").exists()


# --- area population from CSV / Excel ---------------------------------------------------------


def test_population_import_refuses_control_characters_and_damaged_xlsx(lomma):
    Area.objects.create(municipality=lomma, name="Hamnen", geometry={"type": "Polygon", "coordinates": [SQUARE]})
    with pytest.raises(population.ImportFailed) as e:
        population.import_population(municipality=lomma, data="område;befolkning\nHam\x00nen;12\n".encode(), actor=None)
    assert e.value.errors == [
        {"row": 2, "message": "Kolumn område innehåller otillåtna tecken (till exempel styrtecken)."}
    ]
    broken = rezip(xlsx(header=("område", "befolkning"), rows=[("Hamnen", 12)]), {"xl/worksheets/sheet1.xml": b"<x"})
    with pytest.raises(population.ImportFailed) as e:
        population.import_population(municipality=lomma, data=broken, actor=None)
    assert e.value.errors[0]["message"].startswith("Filen kunde inte läsas som Excel")
    assert Area.objects.get(municipality=lomma, name="Hamnen").population is None


# --- fuzzing: a seeded corpus of mutated files --------------------------------------------------

NASTY = [b"\x00", b"\x1b", b"\xed\xa0\x80", b'"', b";", b",", b"\n", b"\r", b"[", b"{", b"NaN", b"1e999", b"\xff"]


def mutants(data: bytes, n: int, seed: int):
    rng = random.Random(seed)
    for _ in range(n):
        out = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(out) + 1)
            choice = rng.random()
            if choice < 0.4:
                out[at:at] = rng.choice(NASTY)
            elif choice < 0.7 and out:
                del out[at : at + rng.randint(1, 8)]
            elif out:
                out[min(at, len(out) - 1)] = rng.randrange(256)
        yield bytes(out)


def test_fuzz_counts_csv_and_xlsx(api):
    client = api("police.kavlinge")
    good_xlsx = xlsx([("1262", "", "2026-08", "Rån", 3)])
    corpus = list(mutants(GOOD_CSV, 40, 1)) + list(mutants(good_xlsx, 25, 2))
    sheet = zipfile.ZipFile(io.BytesIO(good_xlsx)).read("xl/worksheets/sheet1.xml")
    corpus += [rezip(good_xlsx, {"xl/worksheets/sheet1.xml": m}) for m in mutants(sheet, 25, 3)]
    for data in corpus:
        before = PoliceReportCount.objects.count()
        r = client.post(COUNTS_API, {"file": SimpleUploadedFile("f", data)})
        assert r.status_code in (200, 422), data
        if r.status_code == 422:
            assert r.json()["errors"] and PoliceReportCount.objects.count() == before


def test_fuzz_geojson(login, lomma):
    client = login("coordinator.lomma")
    good = geojson(feature("A", population=12, code="X1"), feature("B", circle(30, lat=55.675)))
    for data in mutants(good, 60, 4):
        before = Area.objects.filter(municipality=lomma).count()
        r = post_areas(client, data)
        assert r.status_code in (302, 422), data
        if r.status_code == 422:
            assert "Inget importerades" in r.content.decode()
            assert Area.objects.filter(municipality=lomma).count() == before
