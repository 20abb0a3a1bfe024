import datetime
import functools
import gzip
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from audit.models import AuditEntry
from incidents.models import IncidentCategory
from policedata import events
from policedata.models import EventTypeMapping, PoliceEvent
from tenancy.models import Municipality

pytestmark = pytest.mark.django_db

URL = "/api/v1/imports/police-events"
DATA = "/work/shared/data/polisen/"


@pytest.fixture(autouse=True, params=["parse-then-write", "stream"])
def import_path(request, monkeypatch):
    """Every test runs on both write paths of import_events: the whole file parsed first, and
    (PostgreSQL, large files) parse and COPY in one pass; STREAM_MIN 0 makes every file large."""
    if request.param == "stream":
        from django.db import connection

        if connection.vendor != "postgresql":
            pytest.skip("the streaming import is PostgreSQL's")
        monkeypatch.setattr(events, "STREAM_MIN", 0)


@functools.cache
def feed(name):
    from django.conf import settings

    with gzip.open(settings.DATA_DIR / "polisen" / name) as f:
        return json.load(f)


def real(name="events_2024_2025.json.gz", **match):
    """The first real feed object whose fields match (location name via `location`)."""
    for obj in feed(name):
        if all((obj["location"]["name"] if k == "location" else obj[k]) == v for k, v in match.items()):
            return json.loads(json.dumps(obj))
    raise LookupError(match)


def event(pk=9_000_001, **kw):
    """A crafted object in the 2026 style: the county in location, the municipality in the name."""
    obj = {
        "id": pk,
        "datetime": "2026-03-02 8:05:00 +01:00",
        "name": "02 mars 07.57, Stöld/inbrott, Uppsala",
        "summary": "Inbrott i en villa.",
        "url": "/aktuellt/handelser/2026/mars/02/02-mars-07.57-stoldinbrott-uppsala/",
        "type": "Stöld/inbrott",
        "location": {"name": "Uppsala län", "gps": "60.009226,17.271459"},
    }
    obj.update(kw)
    return obj


def get(pk):
    return PoliceEvent.objects.select_related("municipality", "category").get(external_id=pk)


def test_it_parses_hours_without_a_leading_zero():
    assert events.parse_datetime("2024-01-01 0:40:16 +01:00") == datetime.datetime(
        2023, 12, 31, 23, 40, 16, tzinfo=datetime.UTC
    )
    assert events.parse_datetime("2024-01-01 10:40:16 +01:00").hour == 9
    assert events.parse_datetime("2024-01-01 x:40 +01:00") is None


def test_it_imports_a_real_event_with_an_absolute_url_and_a_centroid():
    obj = real(id=480687)  # "31 december 00.07, Brand, Nacka", published 2024-01-01 0:40:16
    result = events.import_events([obj], None)
    assert result == dict(events.failed([]), created=1)
    e = get(480687)
    assert e.url == "https://polisen.se/aktuellt/handelser/2023/december/31/31-december-00.07-brand-nacka/"
    assert e.municipality.code == "0182"
    assert e.county_code == "01"
    assert (e.lat, e.lon) == (59.307903, 18.156042)
    assert e.position_is_centroid and e.area is None
    # the name's December lies after the published January: the previous year, local time
    assert e.occurred_at == datetime.datetime(2023, 12, 30, 23, 7, tzinfo=datetime.UTC)
    assert e.category.slug == "brand"


def test_it_takes_the_municipality_from_the_name_when_location_is_the_county():
    events.import_events([event()], None)
    e = get(9_000_001)
    assert e.municipality.code == "0380"
    assert e.location_name == "Uppsala län"
    assert e.occurred_at == datetime.datetime(2026, 3, 2, 6, 57, tzinfo=datetime.UTC)


def test_it_imports_real_2026_skane_events_under_their_municipality():
    obj = next(
        o
        for o in feed("events_skane_2022_2026.json.gz")
        if o["location"]["name"] == "Skåne län" and o["name"].endswith(", Lomma")
    )
    PoliceEvent.objects.filter(external_id=obj["id"]).delete()
    events.import_events([obj], None)
    assert get(obj["id"]).municipality.code == "1262"


@pytest.mark.parametrize(
    "name,code",
    [
        ("Upplands väsby", "0114"),
        ("Östra göinge", "1256"),
        ("Lilla edet", "1462"),
        ("Dals-ed", "1438"),
        ("Upplands-bro", "0139"),
    ],
)
def test_it_matches_municipality_names_that_differ_from_scb(name, code):
    obj = real(location=name)
    PoliceEvent.objects.filter(external_id=obj["id"]).delete()
    events.import_events([obj], None)
    assert get(obj["id"]).municipality.code == code


def test_it_keeps_events_that_name_no_municipality_at_county_level(lomma):
    obj = real("events_skane_2022_2026.json.gz", id=419366)  # "11 april 07:30, Övrigt, Skåne län"
    PoliceEvent.objects.filter(external_id=obj["id"]).delete()
    lomma_before = PoliceEvent.objects.filter(municipality=lomma).count()
    result = events.import_events([obj, event(9_000_002)], None)
    assert result["county_level"] == 1
    e = get(419366)
    assert e.municipality is None and e.county_code == "12" and e.category is None
    assert PoliceEvent.objects.filter(municipality=lomma).count() == lomma_before


def test_it_marks_summaries():
    obj = real(type="Sammanfattning natt")
    PoliceEvent.objects.filter(external_id=obj["id"]).delete()
    events.import_events([obj], None)
    e = get(obj["id"])
    assert e.is_summary and e.category is None


def test_it_falls_back_to_the_published_time_when_the_name_has_none():
    events.import_events([event(name="Trafikkontroll i centrum, Uppsala")], None)
    assert get(9_000_001).occurred_at == datetime.datetime(2026, 3, 2, 7, 5, tzinfo=datetime.UTC)


def test_it_is_idempotent_and_updates_a_changed_summary():
    objs = [event(), event(9_000_002, type="Sammanfattning natt", name="02 mars 06.00, Sammanfattning natt, Uppsala")]
    assert events.import_events(objs, None)["created"] == 2
    assert events.import_events(objs, None) == dict(events.failed([]), unchanged=2)
    objs[1]["summary"] = "Nattens händelser, uppdaterad."
    assert events.import_events(objs, None)["updated"] == 1
    assert get(9_000_002).summary == "Nattens händelser, uppdaterad."
    assert PoliceEvent.objects.filter(external_id__in=[9_000_001, 9_000_002]).count() == 2


def test_it_counts_an_event_at_the_autumn_dst_hour_as_unchanged():
    obj = event(datetime="2024-10-27 3:10:00 +01:00", name="27 oktober 02.23, Brand, Uppsala", type="Brand")
    events.import_events([obj], None)
    assert events.import_events([obj], None)["unchanged"] == 1


def test_it_imports_nothing_when_one_row_is_bad():
    good = [event(9_000_001 + i) for i in range(5)]
    bad = event(9_000_010, datetime="igår")
    with pytest.raises(events.ImportFailed) as e:
        events.import_events([*good[:3], bad, *good[3:], {"id": "x"}], None)
    rows = {error["row"] for error in e.value.errors}
    assert rows == {4, 7}
    assert any("datetime" in error["message"] for error in e.value.errors)
    assert not PoliceEvent.objects.filter(external_id__gte=9_000_000).exists()


def test_a_later_object_with_the_same_id_wins_within_a_file():
    objs = [event(9_000_001, summary="Först."), event(9_000_002), event(9_000_001, summary="Sist.")]
    assert events.import_events(objs, None)["created"] == 2
    assert get(9_000_001).summary == "Sist."
    objs.append(event(9_000_002, summary="Ändrad."))
    assert events.import_events(objs, None)["updated"] == 1
    assert get(9_000_002).summary == "Ändrad."


def test_it_rejects_an_unknown_place():
    with pytest.raises(events.ImportFailed) as e:
        events.import_events([event(location={"name": "Atlantis", "gps": "1,1"}, name="x, Atlantis")], None)
    assert "Atlantis" in e.value.errors[0]["message"]


def test_it_writes_one_audit_entry_per_changed_municipality_and_a_summary():
    before = AuditEntry.objects.filter(object_type="policedata.policeevent").count()
    events.import_events([event(9_000_001 + i) for i in range(3)], None, source="test.json")
    entries = AuditEntry.objects.filter(object_type="policedata.policeevent")
    assert entries.count() == before + 2
    uppsala = entries.get(municipality__code="0380")
    assert uppsala.changes["created"] == 3 and uppsala.object_repr == "test.json"
    summary = entries.filter(municipality=None).first()
    assert summary.changes["created"] == 3 and summary.changes["municipalities"] == ["0380"]


def test_it_maps_types_per_municipality_and_recategorises(user):
    uppsala = Municipality.objects.get(code="0380")
    events.import_events([event()], None)
    assert get(9_000_001).category.slug == "ovrigt"
    target = IncidentCategory.objects.get(municipality=uppsala, slug="samling-tillhall")
    assert events.set_type_mapping(uppsala, user("coordinator.uppsala"), "Stöld/inbrott", target)
    assert get(9_000_001).category == target
    assert AuditEntry.objects.filter(object_type="policedata.eventtypemapping", action="create").exists()
    events.import_events([event(9_000_002)], None)
    assert get(9_000_002).category == target
    events.set_type_mapping(uppsala, None, "Stöld/inbrott", events.DEFAULT)
    assert get(9_000_001).category.slug == "ovrigt"
    assert not EventTypeMapping.objects.filter(municipality=uppsala).exists()


# --- API ----------------------------------------------------------------------------------------


def gz(objs) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb") as f:
        f.write(json.dumps(objs).encode())
    return buf.getvalue()


def test_it_imports_a_json_array_by_api(api):
    r = api("coordinator.uppsala").post(URL, json.dumps([event()]), content_type="application/json")
    assert r.status_code == 200
    assert r.json() == dict(events.failed([]), created=1)
    assert get(9_000_001).municipality.code == "0380"


def test_it_imports_a_gzip_upload_by_api(api):
    upload = SimpleUploadedFile("events.json.gz", gz([event(), event(9_000_002)]), "application/gzip")
    r = api("coordinator.uppsala").post(URL, {"file": upload})
    assert r.status_code == 200 and r.json()["created"] == 2


def test_it_answers_422_and_imports_nothing_for_a_malformed_file(api):
    r = api("coordinator.lomma").post(
        URL, json.dumps([event(), event(9_000_002, id=None)]), content_type="application/json"
    )
    assert r.status_code == 422
    body = r.json()
    assert body["created"] == 0 and body["errors"][0]["row"] == 2
    assert not PoliceEvent.objects.filter(external_id=9_000_001).exists()
    r = api("coordinator.lomma").post(URL, b"{not json", content_type="application/json")
    assert r.status_code == 422 and body["errors"]


@pytest.mark.parametrize("username,status", [("reader.lomma", 403), ("reporter.lomma", 403), ("admin", 200)])
def test_it_allows_the_api_import_only_to_importers(api, username, status):
    r = api(username).post(URL, json.dumps([event()]), content_type="application/json")
    assert r.status_code == status


def test_it_answers_401_to_anonymous_api_imports():
    assert Client().post(URL, "[]", content_type="application/json").status_code == 401


# --- command ------------------------------------------------------------------------------------


def test_it_imports_a_gzip_file_by_command(tmp_path):
    path = tmp_path / "events.json.gz"
    path.write_bytes(gz([event(), real(id=480687)]))
    PoliceEvent.objects.filter(external_id=480687).delete()
    out = io.StringIO()
    call_command("import_police_events", str(path), stdout=out)
    assert "2 nya" in out.getvalue()
    call_command("import_police_events", str(path), stdout=out)
    assert "2 oförändrade" in out.getvalue()


def test_it_fails_the_command_with_row_errors(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps([event()]))
    bad.write_text(json.dumps([event(9_000_002), event(9_000_003, type="")]))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_police_events", str(good), str(bad), stderr=err)
    assert f"{bad}, rad 2: Fältet type saknas." in err.getvalue()
    assert not PoliceEvent.objects.filter(external_id__gte=9_000_000).exists()


# --- page ---------------------------------------------------------------------------------------


def test_it_shows_the_municipality_and_county_events(login, lomma):
    r = login("coordinator.lomma").get("/k/1262/polisdata/")
    assert r.status_code == 200
    body = r.content.decode()
    assert "Polisens händelser" in body and "Händelser på länsnivå i Skåne län" in body
    # the demo's real Skåne events: Lomma's own, and the county's that name no municipality
    newest = PoliceEvent.objects.filter(municipality=lomma).first()
    county = PoliceEvent.objects.filter(municipality=None, county_code="12").first()
    assert newest.url in body and county.url in body
    kavlinge = PoliceEvent.objects.filter(municipality__code="1261").first()
    assert kavlinge.url not in body


def test_it_uploads_a_feed_file_on_the_page(login):
    client = login("coordinator.uppsala")
    upload = SimpleUploadedFile("events.json.gz", gz([event()]), "application/gzip")
    r = client.post("/k/0380/polisdata/", {"import": "1", "file": upload})
    assert r.status_code == 302
    assert get(9_000_001).municipality.code == "0380"
    bad = SimpleUploadedFile("events.json", json.dumps([event(9_000_002), {"id": 1}]).encode())
    r = client.post("/k/0380/polisdata/", {"import": "1", "file": bad})
    assert r.status_code == 422
    assert "Inget importerades" in r.content.decode() and "Rad 2" in r.content.decode()
    assert not PoliceEvent.objects.filter(external_id=9_000_002).exists()


def test_it_saves_type_mappings_on_the_page(login, lomma):
    category = IncidentCategory.objects.get(municipality=lomma, slug="motorburen-storning")
    r = login("coordinator.lomma").post("/k/1262/polisdata/", {"mappings": "1", "type:Trafikbrott": str(category.pk)})
    assert r.status_code == 302
    assert EventTypeMapping.objects.get(municipality=lomma, police_type="Trafikbrott").category == category
    assert PoliceEvent.objects.filter(municipality=lomma, type="Trafikbrott").exclude(category=category).count() == 0
