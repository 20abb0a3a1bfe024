"""Importing the police's public event feed, and the per-municipality mapping of its event types
onto council categories. Reading and parsing the feed (and the decisions about its quirks) are
in policedata.feed.

Every write to police events and their type mappings goes through this module (command, API and
page alike). An import is all-or-nothing: the whole file is validated first, and a file with any
bad row raises ImportFailed with every problem, row by row, before anything is written; the writes
then run in one transaction. It is idempotent by the police's `id`: a changed event is updated,
an unchanged one counted, none duplicated.

Owners: the feed is national and public, but writing it is not. A user imports only the events of
the municipalities where they may import police data (tenancy.roles "import_police"; a police
liaison's police area covers each of its municipalities). The events of other municipalities, and
county-level events (no municipality), are skipped, counted and listed in the answer (skipped_*),
not refused: a national file holds every municipality, and its user's own events should still be
importable. An event already stored under another municipality (or at county level) is skipped
too, so that a new version cannot move it into the user's municipality. Only system jobs (the
command without --user, the feed fetcher, the demo) write every municipality and the county-level
events: actor None, or an explicit allowed_municipality_ids=None.

Audit: an import records one entry per municipality it changed (shown in that municipality's
log), and one summary entry without municipality naming the municipalities it changed.
"""

from collections import Counter

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.services import ImportFailed
from audit import log as audit
from audit.models import AuditEntry
from incidents.models import IncidentCategory
from policedata.feed import (  # noqa: F401 (re-exported: callers import the feed through here)
    BAD_CHARACTERS,
    DEFAULT_TYPE_CATEGORIES,
    MAX_ERRORS,
    MONTHS,
    Places,
    _external_id,
    check_count,
    default_slug,
    is_summary_type,
    parse,
    parse_datetime,
    parse_occurred,
    parse_row,
    read_feed,
)
from policedata.models import EventTypeMapping, PoliceEvent
from tenancy.models import Municipality
from tenancy.scoping import municipality_ids

BATCH = 2000
ID_CHUNK = 900  # below SQLite's 999 parameters
STREAM_MIN = 1000  # events in a file from which PostgreSQL parses and COPYs in one pass (_stream)

# The fields an import writes; an existing event whose values all match is "unchanged".
FIELDS = [
    "published_at",
    "occurred_at",
    "name",
    "summary",
    "url",
    "type",
    "location_name",
    "municipality_id",
    "county_code",
    "lat",
    "lon",
    "position_is_centroid",
    "is_summary",
    "category_id",
]
MUNICIPALITY = FIELDS.index("municipality_id") + 1  # in an _existing() tuple
FROM_ACTOR = object()


class Tally:
    """The counts of an import, what it skipped, and what it changed per municipality."""

    def __init__(self, allowed):
        self.allowed = None if allowed is None else set(allowed)
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "county_level": 0}
        self.skipped_foreign: Counter = Counter()  # municipality id -> events skipped
        self.skipped_county_level = 0
        self.changed: dict[int | None, Counter] = {}  # municipality id (None: county level) -> counts

    def may_write(self, values: dict, old: tuple | None) -> bool:
        """Whether this import may write the event (new values, stored row or None); counts a skip."""
        if self.allowed is None:
            return True
        new_owner = values["municipality_id"]
        old_owner = new_owner if old is None else old[MUNICIPALITY]
        if new_owner is None or old_owner is None:
            self.skipped_county_level += 1
            return False
        foreign = next((m for m in (new_owner, old_owner) if m not in self.allowed), None)
        if foreign is not None:
            self.skipped_foreign[foreign] += 1
            return False
        return True

    def change(self, kind: str, values: dict, old: tuple | None) -> None:
        owners = {values["municipality_id"]} | ({old[MUNICIPALITY]} if old is not None else set())
        for owner in owners:
            self.changed.setdefault(owner, Counter())[kind] += 1

    def result(self) -> dict:
        names = dict(Municipality.objects.filter(id__in=list(self.skipped_foreign)).values_list("id", "name"))
        codes = dict(Municipality.objects.filter(id__in=list(self.skipped_foreign)).values_list("id", "code"))
        skipped = [
            {"municipality": codes[m], "name": names[m], "events": n}
            for m, n in sorted(self.skipped_foreign.items(), key=lambda item: names[item[0]])
        ]
        return dict(
            self.counts,
            skipped_foreign=sum(self.skipped_foreign.values()),
            skipped_county_level=self.skipped_county_level,
            skipped=skipped,
            errors=[],
        )


class Categories:
    """(municipality id, police type) -> council category id, from the municipality's
    EventTypeMapping rows, else the default table."""

    def __init__(self, municipality_ids=None):
        categories = IncidentCategory.objects.all()
        mappings = EventTypeMapping.objects.all()
        if municipality_ids is not None:
            categories = categories.filter(municipality_id__in=municipality_ids)
            mappings = mappings.filter(municipality_id__in=municipality_ids)
        self.by_slug = {(m, slug): pk for pk, m, slug in categories.values_list("id", "municipality_id", "slug")}
        self.overrides = {
            (m, t): c for m, t, c in mappings.values_list("municipality_id", "police_type", "category_id")
        }
        self._cache: dict[tuple[int, str], int | None] = {}

    def get(self, municipality_id: int | None, police_type: str) -> int | None:
        if municipality_id is None:
            return None
        key = (municipality_id, police_type)
        if key not in self._cache:
            if key in self.overrides:
                self._cache[key] = self.overrides[key]
            else:
                slug = default_slug(police_type)
                self._cache[key] = self.by_slug.get((municipality_id, slug)) if slug else None
        return self._cache[key]


# --- importing ----------------------------------------------------------------------------------


def _lock_imports() -> None:
    """Serialise concurrent imports, so that two cannot both create the same id."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('policedata.import_events'))")


def _existing(ids: list[int]) -> dict[int, tuple]:
    found = {}
    if not ids or not PoliceEvent.objects.filter(external_id__range=(ids[0], ids[-1])).exists():
        return found  # a first import of this stretch of the feed: nothing to compare with
    size = ID_CHUNK if connection.vendor == "sqlite" else 20 * ID_CHUNK
    for start in range(0, len(ids), size):
        chunk = ids[start : start + size]
        for row in PoliceEvent.objects.filter(external_id__in=chunk).values_list("external_id", "id", *FIELDS):
            found[row[0]] = row[1:]
    return found


def import_events(
    events: list, actor, *, source: str = "", municipality=None, allowed_municipality_ids=FROM_ACTOR
) -> dict:
    """Import a list of feed objects. Raises ImportFailed (and writes nothing) when any row is
    bad.

    `allowed_municipality_ids`: the municipalities this import may write. By default they follow
    the actor: a user's "import_police" municipalities, everything for actor None (a system job:
    the command without --user, the feed fetcher). None means every municipality and the
    county-level events; pass it only from system callers. Events outside are skipped and
    counted (skipped_foreign, skipped_county_level, skipped: per municipality).

    `municipality` is accepted for compatibility and no longer used: the audit entries go to the
    municipalities the import changed."""
    if allowed_municipality_ids is FROM_ACTOR:
        allowed_municipality_ids = None if actor is None else municipality_ids(actor, "import_police")
    check_count(events)
    source = BAD_CHARACTERS.sub("", source or "")[:200]
    stream = connection.vendor == "postgresql" and len(events) >= STREAM_MIN
    if not stream:
        rows, errors = parse(events)
        if errors:
            raise ImportFailed(errors)
    tally = Tally(allowed_municipality_ids)
    categories = Categories(tally.allowed)
    counts = tally.counts
    now = timezone.now()
    with transaction.atomic():
        _lock_imports()
        if stream:
            to_update, total = _stream(events, categories, tally, now)
        else:
            to_create, to_update = _split(rows, _existing(sorted(rows)), categories, tally, now)
            _insert(to_create, now)
            counts["created"], total = len(to_create), len(rows)
        PoliceEvent.objects.bulk_update(to_update, [*FIELDS, "updated_at"], batch_size=500)
        counts["updated"] = len(to_update)
        _audit(actor, tally, source, total)
    return tally.result()


def _audit(actor, tally: Tally, source: str, total: int) -> None:
    """One entry per changed municipality (in its log), and one summary without municipality.
    Not one per event: that would make the log larger than the events themselves (a national
    feed brings ~2,000 events a month)."""
    label = source or _("Polisens händelser")
    changed = {m: c for m, c in tally.changed.items() if m is not None}
    municipalities = Municipality.objects.filter(id__in=list(changed)).only("id", "code").order_by("code")
    for m in municipalities:
        audit.record(
            actor,
            AuditEntry.Action.IMPORT,
            municipality=m,
            object_type="policedata.policeevent",
            object_repr=label,
            changes={"created": changed[m.id]["created"], "updated": changed[m.id]["updated"], "events": total},
        )
    summary = dict(tally.counts, events=total, municipalities=[m.code for m in municipalities])
    if tally.allowed is not None:
        summary.update(
            skipped_foreign=sum(tally.skipped_foreign.values()), skipped_county_level=tally.skipped_county_level
        )
    audit.record(
        actor,
        AuditEntry.Action.IMPORT,
        object_type="policedata.policeevent",
        object_repr=label,
        changes=summary,
    )


CREATE = object()


def _classify(external_id: int, values: dict, existing: dict, categories: Categories, tally: Tally, now):
    """CREATE for a new event, None for an unchanged or skipped one, else the PoliceEvent to
    update. Sets the category and counts county-level, unchanged and skipped events."""
    old = existing.get(external_id)
    if not tally.may_write(values, old):
        return None
    values["category_id"] = categories.get(values["municipality_id"], values["type"])
    if values["municipality_id"] is None:
        tally.counts["county_level"] += 1
    if old is None:
        tally.change("created", values, None)
        return CREATE
    if all(_same(old[i + 1], values[f]) for i, f in enumerate(FIELDS)):
        tally.counts["unchanged"] += 1
        return None
    tally.change("updated", values, old)
    return PoliceEvent(id=old[0], external_id=external_id, updated_at=now, **values)


def _split(rows: dict, existing: dict, categories: Categories, tally: Tally, now) -> tuple[list, list]:
    """{external id: values} -> (new events as (id, values), PoliceEvents to update)."""
    to_create, to_update = [], []
    for external_id, values in rows.items():
        change = _classify(external_id, values, existing, categories, tally, now)
        if change is CREATE:
            to_create.append((external_id, values))
        elif change is not None:
            to_update.append(change)
    return to_create, to_update


def _stream(events: list, categories: Categories, tally: Tally, now) -> tuple[list, int]:
    """PostgreSQL, large files: parse and COPY in one pass, so that the database inserts rows
    while Python parses the next ones (two cores at work instead of one after the other). The
    rule stays all-or-nothing: after the first bad row nothing more is written, the rest is
    only checked, and ImportFailed aborts the COPY and rolls the transaction back. Ids that occur
    more than once in the file are held back, so that the last version wins as in parse().
    Returns (events to update, number of distinct events)."""
    places = Places()
    ids = Counter(i for i in map(_external_id, events) if i is not None)
    repeated = {i for i, n in ids.items() if n > 1}
    existing = _existing(sorted(ids))
    errors: list[dict] = []
    held: dict[int, dict] = {}
    to_update = []
    with connection.cursor() as cursor, cursor.cursor.copy(_copy_sql()) as copy:
        for number, obj in enumerate(events, start=1):
            if len(errors) >= MAX_ERRORS:
                errors.append({"row": number, "message": _("För många fel; resten av filen kontrollerades inte.")})
                break
            parsed = parse_row(obj, number, places, errors)
            if parsed is None or errors:
                continue
            external_id, values = parsed
            if external_id in repeated:
                held[external_id] = values
                continue
            change = _classify(external_id, values, existing, categories, tally, now)
            if change is CREATE:
                copy.write_row(_copy_row(external_id, values, now))
                tally.counts["created"] += 1
            elif change is not None:
                to_update.append(change)
        if errors:
            raise ImportFailed(errors)
    to_create, held_updates = _split(held, existing, categories, tally, now)
    to_update += held_updates
    _insert(to_create, now)
    tally.counts["created"] += len(to_create)
    return to_update, len(ids)


def _copy_sql() -> str:
    quote = connection.ops.quote_name
    fields = ["external_id", *FIELDS, "updated_at"]
    columns = [f if f.endswith("_id") and f != "external_id" else PoliceEvent._meta.get_field(f).column for f in fields]
    return f"COPY {quote(PoliceEvent._meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"


def _copy_row(external_id: int, values: dict, now) -> tuple:
    return (external_id, *(values[f] for f in FIELDS), now)


def _insert(rows: list[tuple[int, dict]], now) -> None:
    """Insert new events: COPY on PostgreSQL, executemany elsewhere. Both skip the ORM's
    per-object work (model instances, pre_save, per-field preparation), which made bulk_create
    the slowest step by far; the values were already validated and prepared by parse()."""
    if not rows:
        return
    ops = connection.ops
    fields = ["external_id", *FIELDS, "updated_at"]
    columns = [f if f.endswith("_id") and f != "external_id" else PoliceEvent._meta.get_field(f).column for f in fields]
    table = PoliceEvent._meta.db_table
    quote = connection.ops.quote_name
    if connection.vendor == "sqlite":
        # the values are UTC already: Django's SQLite text format is the naive datetime's str()
        def adapt(value):
            return str(value.replace(tzinfo=None))
    else:
        adapt = ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(_copy_sql()) as copy:
                for external_id, v in rows:
                    copy.write_row(_copy_row(external_id, v, now))
            return
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES ({placeholders})"
        stamp = adapt(now)
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [
                    (
                        external_id,
                        adapt(v["published_at"]),
                        adapt(v["occurred_at"]),
                        *(v[f] for f in FIELDS[2:]),
                        stamp,
                    )
                    for external_id, v in rows[start : start + BATCH]
                ],
            )


def _same(old, new) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return abs(old - new) < 1e-9
    return old == new


def import_file(
    data: bytes, actor, *, source: str = "", municipality=None, allowed_municipality_ids=FROM_ACTOR
) -> dict:
    return import_events(
        read_feed(data),
        actor,
        source=source,
        municipality=municipality,
        allowed_municipality_ids=allowed_municipality_ids,
    )


def failed(errors: list[dict]) -> dict:
    """The API's and page's answer for a rejected file."""
    return {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "county_level": 0,
        "skipped_foreign": 0,
        "skipped_county_level": 0,
        "skipped": [],
        "errors": errors,
    }


# --- type mappings ------------------------------------------------------------------------------

DEFAULT = "default"


@transaction.atomic
def set_type_mapping(municipality: Municipality, actor, police_type: str, category) -> bool:
    """Map a police event type onto one of the municipality's categories (None: no category;
    DEFAULT: back to the default table), and re-categorise the municipality's events of that
    type. Returns whether anything changed."""
    if category not in (None, DEFAULT) and category.municipality_id != municipality.id:
        raise ValueError("category of another municipality")
    police_type = police_type.strip()
    mapping = EventTypeMapping.objects.filter(municipality=municipality, police_type=police_type).first()
    if category == DEFAULT:
        if mapping is None:
            return False
        audit.deleted(actor, mapping, municipality=municipality)
        mapping.delete()
        slug = default_slug(police_type)
        target = (
            IncidentCategory.objects.filter(municipality=municipality, slug=slug).values_list("id", flat=True).first()
            if slug
            else None
        )
    else:
        target = category.pk if category else None
        if mapping is None:
            mapping = EventTypeMapping.objects.create(
                municipality=municipality, police_type=police_type, category_id=target
            )
            audit.created(actor, mapping, municipality=municipality)
        elif mapping.category_id != target:
            before = audit.snapshot(mapping)
            mapping.category_id = target
            mapping.save()
            audit.updated(actor, mapping, before, municipality=municipality)
        else:
            return False
    PoliceEvent.objects.filter(municipality=municipality, type=police_type).exclude(category_id=target).update(
        category_id=target, updated_at=timezone.now()
    )
    return True


def known_types(municipality: Municipality) -> list[str]:
    """The police types to offer in the mapping table: the default table's, the ones in the
    municipality's events and the ones it has mapped."""
    types = set(DEFAULT_TYPE_CATEGORIES)
    types.update(
        PoliceEvent.objects.filter(municipality=municipality).values_list("type", flat=True).distinct().order_by()
    )
    types.update(EventTypeMapping.objects.filter(municipality=municipality).values_list("police_type", flat=True))
    return sorted(types, key=str.casefold)


def missing_file_message() -> str:
    return _("Välj en fil att importera.")
