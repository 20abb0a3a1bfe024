"""Fetching the police's public event feed (POLICE_FEED_URL, polisen.se/api/events) by itself, on
a schedule: cron runs `manage.py fetch_police_events` every ten minutes (or the command queues the
policedata.tasks.fetch_police_events task for the worker with --enqueue). django-tasks 0.12 has no
periodic scheduling of its own, so cron is the clock either way.

One run:
- Backoff: after POLICE_FEED_BACKOFF_AFTER failures in a row a run is skipped (and recorded as
  skipped) until POLICE_FEED_BACKOFF_MINUTES × 2^(failures − BACKOFF_AFTER) have passed since the
  start of the last failed run, at most POLICE_FEED_BACKOFF_MAX_MINUTES. `force` ignores it.
- The latest events (the API answers its ~500 latest) with If-None-Match / If-Modified-Since from
  the last successful run: 304 means nothing new, nothing is written; so does the same body as
  the last successful run's (a server without ETag), which spares an import and its audit entry.
- Catch-up: when the last successful run is older than POLICE_FEED_CATCHUP_AFTER_HOURS (or there
  is none), each day since then is fetched too with `?DateTime=YYYY-MM-DD`, at most the
  POLICE_FEED_CATCHUP_DAYS latest days (today included). Older gaps stay gaps: import the
  archive file on the police data page for them.
- All pages are read and checked before anything is written, then imported by the same path as an
  uploaded file (policedata.events.import_events, as a system import: no user): idempotent by id,
  all or nothing per run, every quirk of the feed handled there. A timeout, an error status, a
  broken body or any bad row fails the whole run and writes no event.
- Only events of municipalities that use Samtrygg are stored (and county-level events of their
  counties), unless POLICE_FEED_ALL_MUNICIPALITIES. A municipality "uses Samtrygg" when it has at
  least one membership (also through a police area) or organisation.
- Runs are kept as FeedFetch rows, the last POLICE_FEED_KEEP_RUNS of them.

Coverage (covered_until): a successful run knows its answer is complete from `covers_from` on (the
oldest event of the latest-events list, or the start of the earliest whole day it fetched). Runs
whose spans overlap form a chain without gaps, recorded as `continuous_since`. The lägesbild's
police-event coverage of a municipality then runs to the last successful run instead of its last
imported event, when that run is recent (POLICE_FEED_FRESH_HOURS) and the municipality's imported
events reach into the chain (its last event is not older than `continuous_since`): otherwise there
may be a gap between the last imported event and the fetcher's first run.
"""

import dataclasses
import datetime
import hashlib
import socket
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.services import ImportFailed
from policedata import events as police_events
from policedata.feed import STOCKHOLM, Places, max_bytes, parse_datetime, parse_row, read_feed, too_large_message
from policedata.models import FeedFetch, PoliceEvent
from tenancy.models import Membership, Municipality, Organisation

DEFAULT_URL = "https://polisen.se/api/events"
PAGE_LIMIT = 500  # the API's answers hold at most this many events; a full day page may be cut
USER_AGENT = "Samtrygg (kommunal lägesbild; polisens öppna händelse-API)"


def setting(name: str, default):
    return getattr(settings, name, default)


def feed_url() -> str:
    return setting("POLICE_FEED_URL", DEFAULT_URL)


class FetchFailed(Exception):
    def __init__(self, message: str, http_status: int | None = None):
        super().__init__(message)
        self.message = message
        self.http_status = http_status


@dataclasses.dataclass
class Page:
    day: datetime.date | None  # None: the latest events
    events: list
    http_status: int
    etag: str = ""
    last_modified: str = ""
    sha1: str = ""


# --- HTTP ---------------------------------------------------------------------------------------


def _get(url: str, headers: dict) -> tuple[int, bytes, dict]:
    """(status, body, headers); 304 is an answer, not an error. Raises FetchFailed."""
    timeout = setting("POLICE_FEED_TIMEOUT", 20)
    limit = max_bytes()  # the import's own bound (POLICE_IMPORT_MAX_BYTES); gzip is bounded unpacked
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (a setting, http(s))
            body = response.read(limit + 1)
            if len(body) > limit:
                raise FetchFailed(too_large_message(limit), response.status)
            return response.status, body, dict(response.headers)
    except urllib.error.HTTPError as e:
        if e.code == 304:
            return 304, b"", dict(e.headers or {})
        raise FetchFailed(_("Polisens API svarade med HTTP-status %(status)d.") % {"status": e.code}, e.code) from None
    except (TimeoutError, socket.timeout):
        raise FetchFailed(_("Polisens API svarade inte inom %(seconds)s sekunder.") % {"seconds": timeout}) from None
    except urllib.error.URLError as e:
        if isinstance(e.reason, (TimeoutError, socket.timeout)):
            raise FetchFailed(
                _("Polisens API svarade inte inom %(seconds)s sekunder.") % {"seconds": timeout}
            ) from None
        raise FetchFailed(_("Polisens API gick inte att nå: %(reason)s.") % {"reason": e.reason}) from None
    except (OSError, ValueError) as e:  # connection reset, an invalid URL, a broken chunked body …
        raise FetchFailed(_("Polisens API gick inte att läsa: %(reason)s.") % {"reason": e}) from None


def _read(body: bytes, day) -> list:
    try:
        return read_feed(body)
    except ImportFailed as e:
        where = _("dagen %(day)s") % {"day": day.isoformat()} if day else _("de senaste händelserna")
        raise FetchFailed(
            _("Svaret för %(where)s är inte polisens händelselista: %(message)s")
            % {"where": where, "message": " ".join(err["message"] for err in e.errors)},
            200,
        ) from None


def fetch_page(day: datetime.date | None, previous: FeedFetch | None = None) -> Page:
    url = feed_url()
    headers = {}
    if day is not None:
        parts = urllib.parse.urlsplit(url)
        query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), ("DateTime", day.isoformat())])
        url = urllib.parse.urlunsplit(parts._replace(query=query))
    elif previous is not None:
        if previous.etag:
            headers["If-None-Match"] = previous.etag
        if previous.last_modified:
            headers["If-Modified-Since"] = previous.last_modified
    status, body, response_headers = _get(url, headers)
    lower = {k.lower(): v for k, v in response_headers.items()}
    if status == 304:
        return Page(day, [], 304, previous.etag if previous else "", previous.last_modified if previous else "")
    return Page(
        day,
        _read(body, day),
        status,
        lower.get("etag", "")[:200],
        lower.get("last-modified", "")[:100],
        hashlib.sha1(body, usedforsecurity=False).hexdigest(),
    )


# --- what is stored -----------------------------------------------------------------------------


def municipalities_in_use() -> set[int]:
    """The municipalities that use Samtrygg: at least one membership (a police area's membership
    counts for each of its municipalities) or organisation."""
    ids = set(Membership.objects.filter(municipality__isnull=False).values_list("municipality_id", flat=True))
    areas = Membership.objects.filter(police_area__isnull=False).values("police_area_id")
    ids.update(Municipality.objects.filter(police_areas__in=areas).values_list("id", flat=True))
    ids.update(Organisation.objects.values_list("municipality_id", flat=True))
    return ids


def stores_all() -> bool:
    return bool(setting("POLICE_FEED_ALL_MUNICIPALITIES", False))


def _select(objects: list) -> list:
    """The feed objects to store: all, or those of the municipalities in use and the county-level
    ones of their counties. A bad row is kept, so that the import reports it."""
    if stores_all():
        return objects
    used = municipalities_in_use()
    counties = set(Municipality.objects.filter(pk__in=used).values_list("county_code", flat=True))
    places = Places()
    kept = []
    for number, obj in enumerate(objects, start=1):
        errors: list = []
        parsed = parse_row(obj, number, places, errors)
        if parsed is None:
            kept.append(obj)
            continue
        values = parsed[1]
        municipality_id = values["municipality_id"]
        if municipality_id in used or (municipality_id is None and values["county_code"] in counties):
            kept.append(obj)
    return kept


def _covers_from(pages: list[Page]) -> datetime.datetime | None:
    """From when the pages together are known to hold every event: the oldest event of the latest
    list, extended back by each day page that reaches it (a whole day unless the page is full)."""
    latest = next((p for p in pages if p.day is None), None)
    times = [t for t in (parse_datetime(o.get("datetime")) for o in latest.events if isinstance(o, dict)) if t]
    if not times:
        return None
    start = min(times)
    for page in sorted((p for p in pages if p.day is not None), key=lambda p: p.day, reverse=True):
        day_start = datetime.datetime.combine(page.day, datetime.time(), tzinfo=STOCKHOLM)
        if day_start + datetime.timedelta(days=1) < start:
            break  # a gap between this day and what is covered already
        if len(page.events) >= PAGE_LIMIT:
            page_times = [
                t for t in (parse_datetime(o.get("datetime")) for o in page.events if isinstance(o, dict)) if t
            ]
            start = min(start, min(page_times, default=start))
            break  # the page may be cut: nothing before its oldest event is known
        start = min(start, day_start)
    return start


# --- runs ---------------------------------------------------------------------------------------


def last_success() -> FeedFetch | None:
    return FeedFetch.objects.filter(status__in=[FeedFetch.Status.SUCCESS, FeedFetch.Status.NOT_MODIFIED]).first()


def failures_in_a_row() -> list[FeedFetch]:
    """The failed runs since the last successful one, newest first (skipped runs not counted)."""
    failed = []
    for run in FeedFetch.objects.exclude(status__in=[FeedFetch.Status.SKIPPED, FeedFetch.Status.RUNNING])[:200]:
        if run.status != FeedFetch.Status.ERROR:
            break
        failed.append(run)
    return failed


def next_attempt_after() -> datetime.datetime | None:
    """When the next run may fetch again after failures in a row, or None (no backoff)."""
    failed = failures_in_a_row()
    after = setting("POLICE_FEED_BACKOFF_AFTER", 3)
    if len(failed) < after:
        return None
    minutes = min(
        setting("POLICE_FEED_BACKOFF_MINUTES", 10) * 2 ** (len(failed) - after),
        setting("POLICE_FEED_BACKOFF_MAX_MINUTES", 360),
    )
    return failed[0].started_at + datetime.timedelta(minutes=minutes)


def _catch_up_days(previous: FeedFetch | None, now: datetime.datetime) -> list[datetime.date]:
    hours = setting("POLICE_FEED_CATCHUP_AFTER_HOURS", 24)
    if previous is not None and now - previous.started_at < datetime.timedelta(hours=hours):
        return []
    today = now.astimezone(STOCKHOLM).date()
    days = setting("POLICE_FEED_CATCHUP_DAYS", 7)
    first = today - datetime.timedelta(days=days - 1)
    if previous is not None:
        first = max(first, previous.started_at.astimezone(STOCKHOLM).date())
    return [first + datetime.timedelta(days=n) for n in range((today - first).days + 1)]


def _prune() -> None:
    keep = setting("POLICE_FEED_KEEP_RUNS", 1000)
    cutoff = FeedFetch.objects.values_list("id", flat=True)[keep : keep + 1]
    if cutoff:
        oldest_kept = FeedFetch.objects.values_list("started_at", flat=True)[keep - 1]
        FeedFetch.objects.filter(started_at__lt=oldest_kept).delete()


def _finish(run: FeedFetch, status: str, **fields) -> FeedFetch:
    run.status = status
    run.finished_at = timezone.now()
    for name, value in fields.items():
        setattr(run, name, value)
    run.save()
    _prune()
    return run


def _import(objects: list) -> dict:
    """The same import as an uploaded file, as a system import (no user)."""
    return police_events.import_events(objects, None, source=_("Hämtat från polisens API"))


def run(*, force: bool = False, now: datetime.datetime | None = None) -> FeedFetch:
    """One run of the fetcher (see the module's docstring). Returns its FeedFetch row; its status
    is ERROR when the fetch or the body failed, and then no event was written."""
    now = now or timezone.now()
    waiting_until = None if force else next_attempt_after()
    if waiting_until is not None and now < waiting_until:
        run = FeedFetch.objects.create(started_at=now)
        return _finish(
            run,
            FeedFetch.Status.SKIPPED,
            error=_("Hämtningen väntar efter upprepade fel, till %(time)s.")
            % {"time": timezone.localtime(waiting_until).strftime("%Y-%m-%d %H:%M")},
        )
    previous = last_success()
    days = _catch_up_days(previous, now)
    run = FeedFetch.objects.create(started_at=now, days=",".join(d.isoformat() for d in days)[:200])
    try:
        latest = fetch_page(None, None if days else previous)
        same = not days and previous is not None and latest.sha1 and latest.sha1 == previous.body_sha1
        if latest.http_status == 304 or same:
            return _finish(
                run,
                FeedFetch.Status.NOT_MODIFIED,
                http_status=latest.http_status,
                etag=latest.etag,
                last_modified=latest.last_modified,
                body_sha1=previous.body_sha1,
                covers_from=previous.started_at,
                continuous_since=previous.continuous_since,
            )
        pages = [latest] + [fetch_page(day) for day in days]
        objects = [obj for page in reversed(pages) for obj in page.events]  # the latest list wins
        selected = _select(objects)
        try:
            result = _import(selected) if selected else {"created": 0, "updated": 0, "unchanged": 0}
        except ImportFailed as e:
            shown = "; ".join(
                (_("rad %(row)d: %(message)s") % e_ if e_.get("row") else e_["message"]) for e_ in e.errors[:5]
            )
            more = len(e.errors) - 5
            raise FetchFailed(
                _("Svaret innehåller fel, inget sparades: %(errors)s") % {"errors": shown}
                + (_(" (och %(count)d fel till)") % {"count": more} if more > 0 else ""),
                latest.http_status,
            ) from None
    except FetchFailed as e:
        return _finish(run, FeedFetch.Status.ERROR, http_status=e.http_status, error=e.message[:2000])
    covers_from = _covers_from(pages)
    continuous_since = covers_from
    if previous is not None and covers_from is not None and previous.continuous_since is not None:
        if covers_from <= previous.started_at:
            continuous_since = min(covers_from, previous.continuous_since)
    return _finish(
        run,
        FeedFetch.Status.SUCCESS,
        http_status=latest.http_status,
        etag=latest.etag,
        last_modified=latest.last_modified,
        body_sha1=latest.sha1,
        fetched=len(objects),
        stored=len(selected),
        created=result["created"],
        updated=result["updated"],
        unchanged=result["unchanged"],
        covers_from=covers_from,
        continuous_since=continuous_since,
    )


# --- status and coverage ------------------------------------------------------------------------


def status() -> dict:
    """The fetcher's state for the police data page and GET /api/v1/police-feed/status."""
    last = FeedFetch.objects.exclude(status=FeedFetch.Status.RUNNING).first()
    success = last_success()
    last_error = FeedFetch.objects.filter(status=FeedFetch.Status.ERROR).first()
    changed = FeedFetch.objects.filter(status=FeedFetch.Status.SUCCESS).first()
    failed = failures_in_a_row()
    return {
        "last_fetch_at": last.started_at if last else None,
        "last_status": last.status if last else None,
        "last_http_status": last.http_status if last else None,
        "last_success_at": success.started_at if success else None,
        "last_created": changed.created if changed else None,
        "last_updated": changed.updated if changed else None,
        "last_changed_at": changed.started_at if changed else None,
        "last_error": last_error.error if last_error and failed else None,
        "last_error_at": last_error.started_at if last_error else None,
        "failures_in_a_row": len(failed),
        "next_attempt_after": next_attempt_after(),
        # the police number their events in order: the highest id is the newest, read from the
        # unique index (a max over published_at would scan the table, 20 million rows in the bench)
        "latest_event_at": PoliceEvent.objects.order_by("-external_id").values_list("published_at", flat=True).first(),
        "covered_until": covered_at(),
        "all_municipalities": stores_all(),
    }


def covered_at() -> datetime.datetime | None:
    """The moment up to which the fetcher is healthy: its last successful run, when recent."""
    success = last_success()
    if success is None or success.continuous_since is None:
        return None
    if timezone.now() - success.started_at > datetime.timedelta(hours=setting("POLICE_FEED_FRESH_HOURS", 24)):
        return None
    return success.started_at


def covered_until(municipality_ids: list[int], last_events: dict[int, datetime.datetime | None]) -> dict:
    """{municipality id: the date the lägesbild's police events coverage runs to by the fetcher}
    for the municipalities the fetcher keeps up (see the module's docstring); others are absent."""
    success = last_success()
    moment = covered_at()
    if moment is None:
        return {}
    kept = None if stores_all() else municipalities_in_use()
    result = {}
    for pk in municipality_ids:
        last = last_events.get(pk)
        if last is None or (kept is not None and pk not in kept):
            continue
        if last >= success.continuous_since:
            result[pk] = timezone.localtime(moment).date()
    return result
