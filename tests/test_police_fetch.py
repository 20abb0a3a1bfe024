"""The police feed fetcher (policedata.fetch) against a local server of the tests' own that serves
the real Skåne feed as the police's API does: the latest events as a JSON array (newest first),
`?DateTime=YYYY-MM-DD` for one day, ETag / If-None-Match."""

import datetime
import functools
import gzip
import hashlib
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.models import AuditEntry
from lagesbild import coverage
from policedata import fetch
from policedata.feed import parse_datetime
from policedata.models import FeedFetch, PoliceEvent

pytestmark = pytest.mark.django_db

DATA = "/work/shared/data/polisen/events_skane_2022_2026.json.gz"
UTC = datetime.UTC


@functools.cache
def skane() -> tuple:
    with gzip.open(DATA) as f:
        return tuple(json.load(f))


class Feed:
    """What the server answers; tests change it between fetches."""

    def __init__(self):
        self.events = [dict(e) for e in skane()]  # oldest first, as in the archive
        self.limit = 500
        self.etag = True
        self.status = 200
        self.delay = 0.0
        self.truncate = False
        self.until = None  # the server's clock: events published later do not exist yet
        self.requests: list[tuple[str, dict]] = []

    def body(self, query: dict) -> bytes:
        day = query.get("DateTime", [None])[0]
        known = [e for e in self.events if self.until is None or parse_datetime(e["datetime"]) <= self.until]
        if day:
            chosen = [e for e in known if e["datetime"].startswith(day)][::-1]
        else:
            chosen = known[::-1][: self.limit]
        return json.dumps(chosen, ensure_ascii=False).encode()


class Handler(BaseHTTPRequestHandler):
    feed: Feed

    def do_GET(self):  # noqa: N802
        feed = self.server.feed
        parts = urlsplit(self.path)
        feed.requests.append((self.path, dict(self.headers)))
        if feed.delay:
            time.sleep(feed.delay)
        if feed.status != 200:
            self.send_response(feed.status)
            self.end_headers()
            return
        body = feed.body(parse_qs(parts.query))
        tag = '"%s"' % hashlib.sha1(body).hexdigest()
        if feed.etag and "DateTime" not in parts.query and self.headers.get("If-None-Match") == tag:
            self.send_response(304)
            self.end_headers()
            return
        if feed.truncate:
            body = body[: len(body) // 2]
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        if feed.etag:
            self.send_header("ETag", tag)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def no_events(db):
    """The demo world has the whole Skåne archive imported: start without it."""
    PoliceEvent.objects.all().delete()


@pytest.fixture
def server(settings):
    """The local feed server; POLICE_FEED_URL points at it for the test."""
    assert settings.POLICE_FEED_URL.startswith("http://192.0.2.1"), "tests must never reach the real API"
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.feed = Feed()
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    settings.POLICE_FEED_URL = f"http://127.0.0.1:{httpd.server_address[1]}/api/events"
    settings.POLICE_FEED_TIMEOUT = 1
    yield httpd.feed
    httpd.shutdown()
    httpd.server_close()


def test_it_never_reaches_the_real_api_by_default():
    assert settings.POLICE_FEED_URL == "http://192.0.2.1:9/api/events"
    assert "polisen.se" not in settings.POLICE_FEED_URL


def test_it_imports_the_latest_events_of_municipalities_in_use(server):
    run = fetch.run()
    assert run.status == FeedFetch.Status.SUCCESS, run.error
    assert run.http_status == 200 and run.etag.startswith('"')
    assert run.fetched == 500  # the latest list (the first run's catch-up days, this week, are empty)
    used = fetch.municipalities_in_use()
    stored = PoliceEvent.objects.count()
    assert run.created == stored == run.stored > 0
    assert run.stored < run.fetched  # Skåne's municipalities without Samtrygg users are left out
    assert set(PoliceEvent.objects.exclude(municipality=None).values_list("municipality_id", flat=True)) <= used
    assert run.finished_at is not None and run.covers_from is not None


def test_it_stores_every_municipality_when_told(server, settings):
    settings.POLICE_FEED_ALL_MUNICIPALITIES = True
    run = fetch.run()
    assert run.status == FeedFetch.Status.SUCCESS
    assert run.stored == run.fetched == 500 and run.created == PoliceEvent.objects.count() == 500


def test_it_asks_with_the_etag_and_a_304_writes_nothing(server):
    fetch.run()
    count = PoliceEvent.objects.count()
    second = fetch.run()
    assert second.status == FeedFetch.Status.NOT_MODIFIED and second.http_status == 304
    assert server.requests[-1][1].get("If-None-Match") == FeedFetch.objects.filter(status="success").get().etag
    assert PoliceEvent.objects.count() == count
    assert fetch.status()["last_success_at"] == second.started_at


def test_the_same_body_without_etag_is_nothing_new(server):
    server.etag = False
    fetch.run()
    audit_entries = AuditEntry.objects.count()
    second = fetch.run()
    assert second.status == FeedFetch.Status.NOT_MODIFIED and second.http_status == 200
    assert "If-None-Match" not in server.requests[-1][1]
    assert AuditEntry.objects.count() == audit_entries


def test_a_changed_event_is_updated_not_duplicated(server):
    fetch.run()
    count = PoliceEvent.objects.count()
    newest = server.events[-1]
    newest["summary"] = "Uppdaterad: en person gripen."
    server.events.append(
        {**newest, "id": 9_900_001, "datetime": "2026-08-22 21:00:00 +02:00", "name": "22 augusti 20.55, Brand, Lomma"}
    )
    run = fetch.run()
    assert run.status == FeedFetch.Status.SUCCESS, run.error
    assert (run.created, run.updated) == (1, 1)
    assert PoliceEvent.objects.count() == count + 1
    assert PoliceEvent.objects.get(external_id=newest["id"]).summary == "Uppdaterad: en person gripen."


def assert_failed_and_nothing_written(run, text):
    assert run.status == FeedFetch.Status.ERROR
    assert text in run.error
    assert PoliceEvent.objects.count() == 0
    assert fetch.status()["last_error"] == run.error


def test_a_slow_answer_is_an_error_and_writes_nothing(server):
    server.delay = 1.5
    assert_failed_and_nothing_written(fetch.run(), "svarade inte inom 1 sekunder")


def test_an_error_status_is_recorded(server):
    server.status = 503
    run = fetch.run()
    assert_failed_and_nothing_written(run, "HTTP-status 503")
    assert run.http_status == 503


def test_a_broken_body_writes_nothing(server):
    server.truncate = True
    assert_failed_and_nothing_written(fetch.run(), "inte giltig JSON")


def test_one_bad_row_writes_nothing(server):
    server.events[-3] = {**server.events[-3], "datetime": "igår"}
    assert_failed_and_nothing_written(fetch.run(), "Ogiltig tidpunkt i datetime: igår")


def test_it_backs_off_after_failures_in_a_row(server, settings):
    settings.POLICE_FEED_BACKOFF_AFTER = 2
    server.status = 503
    start = timezone.now()
    for minutes in (0, 10):
        assert fetch.run(now=start + datetime.timedelta(minutes=minutes)).status == FeedFetch.Status.ERROR
    requests = len(server.requests)
    skipped = fetch.run(now=start + datetime.timedelta(minutes=15))
    assert skipped.status == FeedFetch.Status.SKIPPED and "väntar" in skipped.error
    assert len(server.requests) == requests  # nothing asked
    # ten minutes after the last failure it tries again; after a third failure it waits twenty
    assert fetch.run(now=start + datetime.timedelta(minutes=25)).status == FeedFetch.Status.ERROR
    assert fetch.run(now=start + datetime.timedelta(minutes=40)).status == FeedFetch.Status.SKIPPED
    assert fetch.status()["failures_in_a_row"] == 3
    server.status = 200
    assert fetch.run(now=start + datetime.timedelta(minutes=40), force=True).status == FeedFetch.Status.SUCCESS
    assert fetch.status()["failures_in_a_row"] == 0 and fetch.status()["last_error"] is None


def test_after_a_day_down_it_catches_up_day_by_day(server, settings):
    settings.POLICE_FEED_ALL_MUNICIPALITIES = True
    settings.POLICE_FEED_CATCHUP_DAYS = 3
    server.limit = 5  # the latest list reaches back only a few hours
    monday = datetime.datetime(2026, 8, 22, 20, 0, tzinfo=UTC)
    server.until = monday - datetime.timedelta(days=2)
    first = fetch.run(now=server.until)
    assert first.status == FeedFetch.Status.SUCCESS
    asked = [path for path, _h in server.requests]
    assert asked[1:] == [f"/api/events?DateTime=2026-08-{d}" for d in (18, 19, 20)]
    server.requests.clear()
    server.until = monday
    second = fetch.run(now=monday)
    assert second.status == FeedFetch.Status.SUCCESS and second.days == "2026-08-20,2026-08-21,2026-08-22"
    assert [p for p, _h in server.requests][1:] == [f"/api/events?DateTime=2026-08-{d}" for d in (20, 21, 22)]
    missed = [e["id"] for e in skane() if e["datetime"][:10] in ("2026-08-20", "2026-08-21")]
    assert PoliceEvent.objects.filter(external_id__in=missed).count() == len(missed) > 5
    # each day reaches the next: the first run is complete from the start of its first day, and the
    # second run's days reach back into the first run's span, so the chain has no gap
    assert first.continuous_since == datetime.datetime(2026, 8, 18, tzinfo=fetch.STOCKHOLM)
    assert second.continuous_since == first.continuous_since


def test_runs_are_pruned(server, settings):
    settings.POLICE_FEED_KEEP_RUNS = 3
    for _ in range(5):
        fetch.run()
    assert FeedFetch.objects.count() == 3


def test_the_command_fetches_once(server):
    out = io.StringIO()
    call_command("fetch_police_events", stdout=out)
    assert "Hämtningen är klar" in out.getvalue()
    assert PoliceEvent.objects.exists()


def test_the_command_fails_with_a_message(server):
    server.status = 503
    with pytest.raises(CommandError, match="inget sparades: Polisens API svarade med HTTP-status 503"):
        call_command("fetch_police_events")
    assert not PoliceEvent.objects.exists()


def test_the_command_can_queue_the_task(server):
    out = io.StringIO()
    call_command("fetch_police_events", "--enqueue", stdout=out)  # the test backend runs it at once
    assert "köad" in out.getvalue()
    assert FeedFetch.objects.get().status == FeedFetch.Status.SUCCESS


def test_the_status_api(server, api):
    fetch.run()
    server.status = 503
    fetch.run()
    response = api("police.kavlinge").get("/api/v1/police-feed/status")
    assert response.status_code == 200
    body = response.json()
    assert body["last_status"] == "error" and "503" in body["last_error"]
    assert body["last_success_at"] and body["last_fetch_at"] > body["last_success_at"]
    assert body["latest_event_at"].startswith("2026-08-22")
    assert body["last_created"] == PoliceEvent.objects.count()
    assert api("reader.lomma").get("/api/v1/police-feed/status").status_code == 403


def test_the_police_page_shows_the_panel(server, login, lomma):
    fetch.run()
    page = login("coordinator.lomma").get(f"/k/{lomma.code}/polisdata/").content.decode()
    assert "Automatisk hämtning från polisen" in page and "Senast lyckade" in page


def test_coverage_runs_to_the_last_successful_fetch(server, lomma):
    today = timezone.localdate()
    window = (today - datetime.timedelta(days=400), today)
    fetch.run()
    spans = coverage.spans([lomma.id], today=today, window=window)
    assert spans["police_events"].last == today
    # without the fetcher (or when its last success is old) only up to the last imported event
    FeedFetch.objects.update(started_at=timezone.now() - datetime.timedelta(days=2))
    spans = coverage.spans([lomma.id], today=today, window=window)
    last = PoliceEvent.objects.filter(municipality=lomma).order_by("-occurred_at").first().occurred_at
    assert spans["police_events"].last == timezone.localtime(last).date() < today


def test_coverage_is_not_carried_over_a_gap(server, lomma):
    """Lomma's events were imported long before the fetcher's first run and the fetched list has
    none of Lomma's: between the two lies a gap, so the coverage ends at the last imported event."""
    from policedata import events

    old = next(e for e in skane() if e["datetime"].startswith("2025-01") and e["name"].endswith("Lomma"))
    events.import_events([old], None)
    server.events = [e for e in server.events if "Lomma" not in e["name"] and e["location"]["name"] != "Lomma"]
    assert fetch.run().status == FeedFetch.Status.SUCCESS
    today = timezone.localdate()
    spans = coverage.spans([lomma.id], today=today, window=(today - datetime.timedelta(days=400), today))
    assert spans["police_events"].last == datetime.date.fromisoformat(old["datetime"][:10])
