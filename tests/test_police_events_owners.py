"""Police events have owners (a user imports only their municipalities' events), every import's
audit entry shows in the log of each municipality it changed, and the feed import answers any
input with 200 or a 422 with row errors, never an exception (issue 11, findings 1 and 5)."""

import gzip
import io
import json
import random
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.models import AuditEntry
from policedata import events
from policedata.models import PoliceEvent
from tests.test_police_events import URL, event, get, gz, import_path  # noqa: F401 (import_path: both write paths)

pytestmark = pytest.mark.django_db
DATA = Path("/work/shared/data/polisen")


def lomma_event(pk=9_100_001, police_type="Försvunnen person", **kw):
    obj = event(
        pk,
        name=f"02 mars 07.57, {police_type}, Lomma",
        type=police_type,
        url=f"/aktuellt/handelser/2026/mars/02/{pk}/",
        location={"name": "Skåne län", "gps": "55.995,13.4"},
    )
    obj.update(kw)
    return obj


def county_event(pk=9_100_900):
    return event(pk, name="02 mars 07.57, Trafikolycka, Skåne län", type="Trafikolycka", location={"name": "Skåne län"})


def post(api, username, objs):
    return api(username).post(URL, json.dumps(objs), content_type="application/json")


# --- owners -------------------------------------------------------------------------------------


def test_it_skips_other_municipalities_events_by_api(api):
    events.import_events([lomma_event()], None)  # the national import
    r = post(
        api,
        "coordinator.uppsala",
        [lomma_event(police_type="Mord/dråp"), lomma_event(9_100_002, "Skottlossning"), event(9_100_003)],
    )
    assert r.status_code == 200
    body = r.json()
    assert (body["created"], body["updated"], body["skipped_foreign"]) == (1, 0, 2)
    assert body["skipped"] == [{"municipality": "1262", "name": "Lomma", "events": 2}]
    assert get(9_100_001).type == "Försvunnen person"
    assert not PoliceEvent.objects.filter(external_id=9_100_002).exists()
    assert get(9_100_003).municipality.code == "0380"


def test_a_new_version_cannot_move_another_municipalitys_event(api):
    events.import_events([lomma_event()], None)
    moved = event(9_100_001, name="02 mars 07.57, Försvunnen person, Uppsala", type="Försvunnen person")
    body = post(api, "coordinator.uppsala", [moved]).json()
    assert body["skipped_foreign"] == 1 and body["updated"] == 0
    assert get(9_100_001).municipality.code == "1262"


def test_only_system_imports_write_county_level_events(api):
    body = post(api, "coordinator.lomma", [county_event()]).json()
    assert body["skipped_county_level"] == 1 and body["created"] == 0
    assert not PoliceEvent.objects.filter(external_id=9_100_900).exists()
    assert events.import_events([county_event()], None)["county_level"] == 1
    # nor can a user's import give a stored county-level event a municipality
    placed = county_event()
    placed["name"] = "02 mars 07.57, Trafikolycka, Lomma"
    assert post(api, "coordinator.lomma", [placed]).json()["skipped_county_level"] == 1
    assert get(9_100_900).municipality is None


def test_a_police_liaison_imports_every_municipality_of_the_police_area(api):
    kavlinge = event(9_100_004, name="02 mars 07.57, Stöld, Kävlinge", type="Stöld", location={"name": "Skåne län"})
    body = post(api, "police.kavlinge", [lomma_event(), kavlinge, event(9_100_005)]).json()
    assert (body["created"], body["skipped_foreign"]) == (2, 1)
    assert body["skipped"] == [{"municipality": "0380", "name": "Uppsala", "events": 1}]


def test_the_page_skips_other_municipalities_and_says_so(login):
    client = login("coordinator.uppsala")
    upload = SimpleUploadedFile("feed.json", json.dumps([lomma_event(), event(9_100_003), county_event()]).encode())
    r = client.post("/k/0380/polisdata/", {"import": "1", "file": upload}, follow=True)
    body = r.content.decode()
    assert r.status_code == 200
    assert "1 händelse i en kommun där du inte får importera polisdata hoppades över (Lomma)" in body
    assert "1 händelse på länsnivå hoppades över" in body
    assert not PoliceEvent.objects.filter(external_id__in=[9_100_001, 9_100_900]).exists()
    assert PoliceEvent.objects.filter(external_id=9_100_003).exists()


def test_the_command_with_a_user_skips_other_municipalities(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([lomma_event(), event(9_100_003)]))
    out = io.StringIO()
    call_command("import_police_events", str(path), user="coordinator.uppsala", stdout=out)
    assert "1 nya" in out.getvalue() and "Överhoppade: 1 i andra kommuner (Lomma (1))" in out.getvalue()
    assert not PoliceEvent.objects.filter(external_id=9_100_001).exists()
    with pytest.raises(CommandError, match="får inte importera polisdata"):
        call_command("import_police_events", str(path), user="reader.lomma")
    call_command("import_police_events", str(path), stdout=out)  # national: everything
    assert get(9_100_001).municipality.code == "1262"


def test_each_changed_municipality_logs_the_import(api, login):
    events.import_events([lomma_event(), event(9_100_003)], None, source="national.json")
    entries = AuditEntry.objects.filter(object_type="policedata.policeevent", object_repr="national.json")
    assert sorted(e.municipality.code for e in entries if e.municipality) == ["0380", "1262"]
    assert entries.get(municipality=None).changes["municipalities"] == ["0380", "1262"]
    changed = lomma_event(summary="Personen är återfunnen.")
    upload = SimpleUploadedFile("lomma-update.json", json.dumps([changed]).encode())
    assert api("police.kavlinge").post(URL, {"file": upload}).status_code == 200
    entry = AuditEntry.objects.get(object_repr="lomma-update.json", municipality__code="1262")
    assert entry.changes["updated"] == 1 and entry.actor_name == "police.kavlinge"
    assert "lomma-update.json" in login("coordinator.lomma").get("/k/1262/logg/").content.decode()
    assert "lomma-update.json" not in login("coordinator.uppsala").get("/k/0380/logg/").content.decode()


# --- robust parsing (each answered 500 or a traceback before) -------------------------------------


def upload(api, body: bytes, username="coordinator.uppsala"):
    """A file upload: the input boundary (samtrygg.inputs) refuses control characters in a JSON
    body with a 400 before the import sees it, but file contents are the import's to check.
    `api` is the fixture, or a client already made (the fuzz test makes one for all examples)."""
    client = api if isinstance(api, Client) else api(username)
    return client.post(URL, {"file": SimpleUploadedFile("feed.json", body)})


def refused(api, body: bytes, text: str):
    before = PoliceEvent.objects.count()
    r = upload(api, body)
    assert r.status_code == 422, r.content
    errors = r.json()["errors"]
    assert any(text in e["message"] for e in errors), errors
    assert PoliceEvent.objects.count() == before
    return errors


@pytest.mark.parametrize("bad_id", ["²", "١٢٣", 2**63, str(2**63), "12a", -5, 0, 1.5, True])
def test_it_refuses_invalid_ids(api, bad_id):
    errors = refused(api, json.dumps([event(), event(9_100_002, id=bad_id)]).encode(), "Ogiltigt id")
    assert errors[0]["row"] == 2
    assert not PoliceEvent.objects.filter(external_id=123).exists()


def test_it_takes_the_largest_bigint_id(api):
    assert post(api, "coordinator.uppsala", [event(2**63 - 1)]).status_code == 200
    assert get(2**63 - 1).municipality.code == "0380"


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01 0:40:16 +01:00",
        "9999-12-31 23:40:16 -01:00",
        "9999-01-01 0:00:00 +00:00",
        "1989-12-31 12:00:00 +01:00",
    ],
)
def test_it_refuses_years_out_of_range(api, value):
    refused(api, json.dumps([event(datetime=value)]).encode(), "datetime")


@pytest.mark.parametrize("text", ["\\ud800", "a\\udfffb", "\\u0000", "bell\\u0007"])
@pytest.mark.parametrize("field", ["summary", "name", "type"])
def test_it_refuses_lone_surrogates_and_control_characters(api, field, text):
    obj = event()
    obj[field] = "PLACEHOLDER"
    body = json.dumps([obj]).replace("PLACEHOLDER", text).encode()
    refused(api, body, "otillåtna tecken")


def test_it_keeps_tabs_and_newlines(api):
    assert post(api, "coordinator.uppsala", [event(summary="Rad ett.\n\tRad två.")]).status_code == 200


def test_it_refuses_json_nested_a_thousand_deep(api):
    refused(api, b"[" * 1000 + b"]" * 1000, "för djupt nästlad")
    # inside an event, and with brackets in strings hiding the depth from the first look
    hidden = b'[{"x": ' + b'["]", ' * 1000 + b"1" + b"]" * 1000 + b"}]"
    refused(api, hidden, "för djupt nästlad")
    refused(api, gz([event(extra=json.loads(b"[" * 40 + b"]" * 40))]), "för djupt nästlad")


def test_it_refuses_a_file_past_the_size_bound(api, login, settings):
    settings.POLICE_IMPORT_MAX_BYTES = 1000
    refused(api, json.dumps([event(summary="x" * 1000)]).encode(), "POLICE_IMPORT_MAX_BYTES")
    bomb = gz([event(summary=" " * 100_000)])
    assert len(bomb) < 1000
    refused(api, bomb, "POLICE_IMPORT_MAX_BYTES")
    upload = SimpleUploadedFile("big.json", json.dumps([event(summary="x" * 1000)]).encode())
    r = login("coordinator.uppsala").post("/k/0380/polisdata/", {"import": "1", "file": upload})
    assert r.status_code == 422 and "POLICE_IMPORT_MAX_BYTES" in r.content.decode()


def test_it_refuses_too_many_events(api, settings):
    settings.POLICE_IMPORT_MAX_EVENTS = 2
    refused(api, json.dumps([event(9_100_001 + i) for i in range(3)]).encode(), "POLICE_IMPORT_MAX_EVENTS")


def test_the_page_shows_row_errors_for_crafted_text(login):
    body = json.dumps([event(id="PLACEHOLDER")]).replace("PLACEHOLDER", "\\ud800").encode()
    r = login("coordinator.uppsala").post(
        "/k/0380/polisdata/", {"import": "1", "file": SimpleUploadedFile("x.json", body)}
    )
    assert r.status_code == 422 and "Ogiltigt id ?" in r.content.decode()


def test_the_command_refuses_all_files_for_one_bad_one(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps([event()]))
    bad.write_bytes(b"[" * 1000 + b"]" * 1000)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_police_events", str(good), str(bad), stderr=err)
    assert "för djupt nästlad" in err.getvalue()
    assert not PoliceEvent.objects.filter(external_id=9_000_001).exists()


# --- fuzzing: mutated real feed objects ----------------------------------------------------------


def _sample() -> list[dict]:
    with gzip.open(DATA / "events_skane_2022_2026.json.gz") as f:
        feed = json.load(f)
    return random.Random(11).sample(feed, 20)


SAMPLE = _sample()
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["²", "١٢٣", "\ud800", "\x00", "0001-01-01 0:00:00 +01:00", "9999-12-31 23:59:59 -12:00", "Lomma"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
)
FIELDS = ["id", "datetime", "name", "summary", "url", "type", "location", "gps", "location.name"]


def _mutate(obj: dict, field: str, value):
    obj = json.loads(json.dumps(obj))
    if field.startswith("location.") or field == "gps":
        if isinstance(obj.get("location"), dict):
            obj["location"][field.removeprefix("location.")] = value
    else:
        obj[field] = value
    return obj


def _fuzz_client():
    """Holds the fuzz test's client between its examples (as attributes)."""


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(SAMPLE) - 1), st.sampled_from(FIELDS), ODD_VALUES), min_size=1, max_size=4
    ),
    as_text=st.booleans(),
    cut=st.one_of(st.none(), st.integers(0, 4000)),
)
def test_fuzzed_feeds_answer_200_or_422_and_write_nothing_on_refusal(api, picks, as_text, cut):
    objs = [json.loads(json.dumps(o)) for o in SAMPLE[:6]]
    for index, field, value in picks:
        objs[index % len(objs)] = _mutate(objs[index % len(objs)], field, value)
    body = json.dumps(objs, ensure_ascii=not as_text).encode("utf-8", "surrogatepass")
    if cut is not None:
        body = body[:cut]
    before = PoliceEvent.objects.count()
    clients = _fuzz_client.__dict__
    if clients.get("api") is not api:  # one token for all examples of one test run
        clients.update(api=api, client=api("police.kavlinge"))
    r = upload(clients["client"], body)
    assert r.status_code in (200, 422), r.content
    result = r.json()
    if r.status_code == 422:
        assert result["errors"] and PoliceEvent.objects.count() == before
    else:
        assert not result["errors"]
