"""The police's public event feed (polisen.se/api/events): parse, validate and import.

Every write to police events and their type mappings goes through this module (command, API and
page alike). An import is all-or-nothing: the whole file is validated first, and a file with any
bad row raises ImportFailed with every problem, row by row, before anything is written; the writes
then run in one transaction. It is idempotent by the police's `id`: a changed event is updated,
an unchanged one counted, none duplicated.

Decisions about the feed's quirks:
- `gps` is always the centroid of the municipality or county named in `location` (the 311
  location names each have one position; location_names.csv's gps_most_common equals the feed's
  gps for every event but two, which differ only in float formatting), never the event's place.
  So every imported position is marked `position_is_centroid`, and no area is assigned from it.
- Since January 2026 most events name the county in `location` and the municipality only as the
  last part of `name`; the municipality is taken from `location.name`, else from that last part.
  Only an event that names no municipality stays at county level (municipality null).
- `occurred_at` is the time in the name ("02 mars 07.57", Europe/Stockholm), with the year of the
  publication (the previous year when the name's month lies after the published month); the
  publication time when the name has no time.
- Within one file a later object with the same id wins (the archive appends newer versions).
"""

import datetime
import gzip
import json
import re
import zlib
from collections import Counter
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.services import ImportFailed
from audit import log as audit
from audit.models import AuditEntry
from incidents.models import IncidentCategory
from policedata.models import EventTypeMapping, PoliceEvent
from tenancy.models import Municipality

BASE_URL = "https://polisen.se"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_ERRORS = 200
MAX_UNPACKED_BYTES = 512 * 1024 * 1024
BATCH = 2000
ID_CHUNK = 900  # below SQLite's 999 parameters
STREAM_MIN = 1000  # events in a file from which PostgreSQL parses and COPYs in one pass (_stream)

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
NAME_TIME = re.compile(r"^\s*(\d{1,2}) ([a-zåäö]+) (\d{1,2})[.:](\d{2})\b", re.IGNORECASE)

# Police event type -> default council category (slug of incidents.models.DEFAULT_CATEGORIES).
# None: not something the council's EST taxonomy follows (traffic, accidents, missing persons,
# notices), counted by its police type only. Summaries ("Sammanfattning …") bundle several
# incidents and get no category. Every type seen in 2022-2026 (event_types.json) is listed; an
# unknown type gets none until the municipality maps it.
VIOLENCE, DISORDER, DRUGS, DAMAGE, FIRE = "hot-vald", "ordningsstorning", "narkotika", "skadegorelse-klotter", "brand"
OTHER = "ovrigt"  # property crime and other crime: EST has no category of its own for them
DEFAULT_TYPE_CATEGORIES: dict[str, str | None] = {
    "Skadegörelse": DAMAGE,
    "Sabotage mot blåljusverksamhet": DAMAGE,
    "Brand": FIRE,
    "Mordbrand": FIRE,
    "Brand automatlarm": None,
    "Misshandel": VIOLENCE,
    "Misshandel, grov": VIOLENCE,
    "Olaga hot": VIOLENCE,
    "Våld/hot mot tjänsteman": VIOLENCE,
    "Mord/dråp": VIOLENCE,
    "Mord/dråp, försök": VIOLENCE,
    "Rån": VIOLENCE,
    "Rån, försök": VIOLENCE,
    "Rån övrigt": VIOLENCE,
    "Rån väpnat": VIOLENCE,
    "Våldtäkt": VIOLENCE,
    "Våldtäkt, försök": VIOLENCE,
    "Sexualbrott": VIOLENCE,
    "Larm Överfall": VIOLENCE,
    "Olaga frihetsberövande/människorov": VIOLENCE,
    "Skottlossning": VIOLENCE,
    "Skottlossning, misstänkt": VIOLENCE,
    "Explosion": VIOLENCE,
    "Detonation": VIOLENCE,
    "Bombhot": VIOLENCE,
    "Knivlagen": VIOLENCE,
    "Vapenlagen": VIOLENCE,
    "Narkotikabrott": DRUGS,
    "Ordningslagen": DISORDER,
    "Fylleri/LOB": DISORDER,
    "Fylleri": DISORDER,
    "Bråk": DISORDER,
    "Ofredande/förargelse": DISORDER,
    "Sedlighetsbrott": DISORDER,
    "Alkohollagen": DISORDER,
    "Smällar": DISORDER,
    "Hets mot folkgrupp": DISORDER,
    "Miljöbrott": "nedskrapning",
    "Stöld": OTHER,
    "Stöld/inbrott": OTHER,
    "Stöld, försök": OTHER,
    "Inbrott": OTHER,
    "Inbrott, försök": OTHER,
    "Larm Inbrott": OTHER,
    "Motorfordon, stöld": OTHER,
    "Motorfordon, anträffat stulet": OTHER,
    "Häleri": OTHER,
    "Bedrägeri": OTHER,
    "Åldringsbrott": OTHER,
    "Olaga intrång": OTHER,
    "Hemfridsbrott": OTHER,
    "Förfalskningsbrott": OTHER,
    "Missbruk av urkund": OTHER,
    "Ekobrott": OTHER,
    "Övrigt": OTHER,
    "Trafikolycka": None,
    "Trafikolycka, personskada": None,
    "Trafikolycka, vilt": None,
    "Trafikolycka, singel": None,
    "Trafikolycka, smitning från": None,
    "Trafikkontroll": None,
    "Trafikbrott": None,
    "Trafikhinder": None,
    "Rattfylleri": None,
    "Olovlig körning": None,
    "Kontroll person/fordon": None,
    "Kontroll": None,
    "Arbetsplatsolycka": None,
    "Försvunnen person": None,
    "Efterlyst person": None,
    "Anträffad död": None,
    "Sjukdom/olycksfall": None,
    "Fjällräddning": None,
    "Räddningsinsats": None,
    "Djur": None,
    "Lagen om hundar och katter": None,
    "Farligt föremål, misstänkt": None,
    "Vållande till kroppsskada": None,
    "Spridning smitta/kemikalier": None,
    "Varningslarm/haveri": None,
    "Information": None,
    "Uppdatering": None,
    "Polisinsats/kommendering": None,
    "Anträffat gods": None,
    "Upphittat föremål": None,
    "Skyddslagen": None,
    "Luftfartslagen": None,
    "Sjölagen": None,
    "Utlänningslagen": None,
}

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
MAX_LENGTHS = {"name": 300, "url": 500, "type": 100, "location_name": 100}


def is_summary_type(police_type: str) -> bool:
    return police_type.startswith("Sammanfattning")


def default_slug(police_type: str) -> str | None:
    if is_summary_type(police_type):
        return None
    return DEFAULT_TYPE_CATEGORIES.get(police_type.strip())


def normalise(name: str) -> str:
    """'Upplands-bro' and 'Upplands-Bro', 'Upplands väsby' and 'Upplands Väsby' match."""
    return " ".join(name.replace("-", " ").casefold().split())


# --- reading ------------------------------------------------------------------------------------


def read_feed(data: bytes) -> list:
    """The JSON array of a feed file, gzip (detected by its magic bytes) or plain."""
    if data[:2] == b"\x1f\x8b":
        try:
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data = decompressor.decompress(data, MAX_UNPACKED_BYTES)
            if decompressor.unconsumed_tail:
                raise ImportFailed([{"row": 0, "message": _("Filen är för stor uppackad.")}])
        except (zlib.error, EOFError, gzip.BadGzipFile):
            raise ImportFailed([{"row": 0, "message": _("Filen är inte en giltig gzip-fil.")}]) from None
    try:
        events = json.loads(data)
    except (ValueError, UnicodeDecodeError) as e:
        raise ImportFailed(
            [
                {
                    "row": 0,
                    "message": _("Filen är inte giltig JSON (fel nära tecken %(pos)s).")
                    % {"pos": getattr(e, "pos", "?")},
                }
            ]
        ) from None
    if not isinstance(events, list):
        raise ImportFailed([{"row": 0, "message": _("Filen måste innehålla en JSON-lista med polisens händelser.")}])
    return events


# --- parsing ------------------------------------------------------------------------------------


def parse_datetime(value) -> datetime.datetime | None:
    """'2024-01-01 0:40:16 +01:00' (the hour is not zero-padded) -> an aware datetime."""
    if not isinstance(value, str):
        return None
    parts = value.strip().split(" ")
    if len(parts) != 3:
        return None
    day, time, offset = parts
    if len(time) == 7:
        time = "0" + time
    try:
        result = datetime.datetime.fromisoformat(f"{day}T{time}{offset}")
    except ValueError:
        return None
    return result.astimezone(datetime.UTC) if result.tzinfo is not None else None


def parse_occurred(name: str, published: datetime.datetime) -> datetime.datetime:
    """The event time of the name ('02 mars 07.57, …'), in the year the publication gives."""
    match = NAME_TIME.match(name)
    if match:
        month = MONTHS.get(match.group(2).lower())
        if month:
            local = published.astimezone(STOCKHOLM)
            year = local.year - 1 if month > local.month else local.year
            try:
                local_time = datetime.datetime(
                    year, month, int(match.group(1)), int(match.group(3)), int(match.group(4)), tzinfo=STOCKHOLM
                )
                # in UTC: ambiguous local times (the autumn DST hour) never compare equal across zones
                return local_time.astimezone(datetime.UTC)
            except ValueError:
                pass
    return published


class Places:
    """Municipality and county names -> ids and codes, loaded once per import."""

    def __init__(self):
        self.municipalities: dict[str, tuple[int, str]] = {}
        self.counties: dict[str, str] = {}
        for pk, name, county_code, county_name in Municipality.objects.values_list(
            "id", "name", "county_code", "county_name"
        ):
            self.municipalities[normalise(name)] = (pk, county_code)
            if county_name:
                self.counties[normalise(county_name)] = county_code

    def resolve(self, location: str, name: str) -> tuple[int | None, str] | None:
        """(municipality id or None, county code), or None when neither names a known place."""
        found = self.municipalities.get(normalise(location))
        if found:
            return found
        last = name.rsplit(",", 1)[-1] if "," in name else ""
        found = self.municipalities.get(normalise(last)) if last.strip() else None
        if found:
            return found
        county = self.counties.get(normalise(location))
        if county:
            return None, county
        return None


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


def _text(obj: dict, key: str, errors: list, row: int, required: bool = True) -> str:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            errors.append({"row": row, "message": _("Fältet %(field)s saknas.") % {"field": key}})
        return ""
    if not isinstance(value, str):
        errors.append({"row": row, "message": _("Fältet %(field)s ska vara text.") % {"field": key}})
        return ""
    return value.strip()


def parse(events: list, places: Places | None = None) -> tuple[dict[int, dict], list[dict]]:
    """Validate the feed objects into {external id: field values} (municipality and county
    resolved, category not yet) and a list of row errors (row = position in the list, from 1)."""
    places = places or Places()
    rows: dict[int, dict] = {}
    errors: list[dict] = []
    for number, obj in enumerate(events, start=1):
        if len(errors) >= MAX_ERRORS:
            errors.append({"row": number, "message": _("För många fel; resten av filen kontrollerades inte.")})
            break
        parsed = parse_row(obj, number, places, errors)
        if parsed is not None:
            rows[parsed[0]] = parsed[1]
    return rows, errors


def _external_id(obj):
    external_id = obj.get("id") if isinstance(obj, dict) else None
    if isinstance(external_id, str) and external_id.isdigit():
        external_id = int(external_id)
    if not isinstance(external_id, int) or isinstance(external_id, bool) or external_id <= 0:
        return None
    return external_id


def parse_row(obj, number: int, places: Places, errors: list) -> tuple[int, dict] | None:
    """One feed object: (external id, field values), or None after appending its errors."""
    if not isinstance(obj, dict):
        errors.append({"row": number, "message": _("Raden är inte ett JSON-objekt.")})
        return None
    before = len(errors)
    external_id = _external_id(obj)
    if external_id is None:
        errors.append({"row": number, "message": _("Händelsen saknar ett giltigt id.")})
    published = parse_datetime(obj.get("datetime"))
    if published is None:
        errors.append(
            {
                "row": number,
                "message": _("Ogiltig tidpunkt i datetime: %(value)s.") % {"value": str(obj.get("datetime"))[:40]},
            }
        )
    name = _text(obj, "name", errors, number)
    police_type = _text(obj, "type", errors, number)
    summary = _text(obj, "summary", errors, number, required=False)
    url = _text(obj, "url", errors, number, required=False)
    if url.startswith("/"):
        url = BASE_URL + url
    elif url and not url.startswith(("https://", "http://")):
        errors.append({"row": number, "message": _("Ogiltig länk i url.")})
    location = obj.get("location")
    location_name, lat, lon = "", None, None
    if not isinstance(location, dict):
        errors.append({"row": number, "message": _("Fältet location saknas.")})
    else:
        location_name = _text(location, "name", errors, number)
        gps = location.get("gps")
        if gps not in (None, ""):
            try:
                lat_s, lon_s = str(gps).split(",")
                lat, lon = round(float(lat_s), 6), round(float(lon_s), 6)
                if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                    raise ValueError
            except ValueError:
                errors.append({"row": number, "message": _("Ogiltig position i gps: %(value)s.") % {"value": gps}})
    values = {"name": name, "url": url, "type": police_type, "location_name": location_name}
    for field, limit in MAX_LENGTHS.items():
        if len(values[field]) > limit:
            errors.append(
                {
                    "row": number,
                    "message": _("Fältet %(field)s är längre än %(limit)d tecken.") % {"field": field, "limit": limit},
                }
            )
    place = places.resolve(location_name, name) if location_name else None
    if location_name and place is None:
        errors.append(
            {
                "row": number,
                "message": _("Platsen %(name)s är varken en kommun eller ett län.") % {"name": location_name},
            }
        )
    if len(errors) > before:
        return None
    municipality_id, county_code = place
    return external_id, {
        "published_at": published,
        "occurred_at": parse_occurred(name, published),
        "name": name,
        "summary": summary,
        "url": url,
        "type": police_type,
        "location_name": location_name,
        "municipality_id": municipality_id,
        "county_code": county_code,
        "lat": lat,
        "lon": lon,
        "position_is_centroid": True,  # always, see the module's docstring
        "is_summary": is_summary_type(police_type),
    }


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


def import_events(events: list, actor, *, source: str = "", municipality=None) -> dict:
    """Import a list of feed objects. Raises ImportFailed (and writes nothing) when any row is
    bad. `municipality` is only where the audit entry is shown (the page's municipality)."""
    stream = connection.vendor == "postgresql" and len(events) >= STREAM_MIN
    if not stream:
        rows, errors = parse(events)
        if errors:
            raise ImportFailed(errors)
    categories = Categories()
    counts = {"created": 0, "updated": 0, "unchanged": 0, "county_level": 0}
    now = timezone.now()
    with transaction.atomic():
        _lock_imports()
        if stream:
            to_update, total = _stream(events, categories, counts, now)
        else:
            existing = _existing(sorted(rows))
            to_create, to_update = [], []
            for external_id, values in rows.items():
                change = _classify(external_id, values, existing, categories, counts, now)
                if change is CREATE:
                    to_create.append((external_id, values))
                elif change is not None:
                    to_update.append(change)
            _insert(to_create, now)
            counts["created"], total = len(to_create), len(rows)
        PoliceEvent.objects.bulk_update(to_update, [*FIELDS, "updated_at"], batch_size=500)
        counts["updated"] = len(to_update)
        # One entry per import, with the counts: an entry per event would make the audit log
        # larger than the events themselves (a national feed brings ~2,000 events a month).
        audit.record(
            actor,
            AuditEntry.Action.IMPORT,
            municipality=municipality,
            object_type="policedata.policeevent",
            object_repr=(source or _("Polisens händelser"))[:200],
            changes=dict(counts, events=total),
        )
    return dict(counts, errors=[])


CREATE = object()


def _classify(external_id: int, values: dict, existing: dict, categories: Categories, counts: dict, now):
    """CREATE for a new event, None for an unchanged one, else the PoliceEvent to update.
    Sets the category and counts county-level and unchanged events."""
    values["category_id"] = categories.get(values["municipality_id"], values["type"])
    if values["municipality_id"] is None:
        counts["county_level"] += 1
    old = existing.get(external_id)
    if old is None:
        return CREATE
    if all(_same(old[i + 1], values[f]) for i, f in enumerate(FIELDS)):
        counts["unchanged"] += 1
        return None
    return PoliceEvent(id=old[0], external_id=external_id, updated_at=now, **values)


def _stream(events: list, categories: Categories, counts: dict, now) -> tuple[list, int]:
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
            change = _classify(external_id, values, existing, categories, counts, now)
            if change is CREATE:
                copy.write_row(_copy_row(external_id, values, now))
                counts["created"] += 1
            elif change is not None:
                to_update.append(change)
        if errors:
            raise ImportFailed(errors)
    to_create = []
    for external_id, values in held.items():
        change = _classify(external_id, values, existing, categories, counts, now)
        if change is CREATE:
            to_create.append((external_id, values))
        elif change is not None:
            to_update.append(change)
    _insert(to_create, now)
    counts["created"] += len(to_create)
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


def import_file(data: bytes, actor, *, source: str = "", municipality=None) -> dict:
    return import_events(read_feed(data), actor, source=source, municipality=municipality)


def failed(errors: list[dict]) -> dict:
    """The API's and page's answer for a rejected file."""
    return {"created": 0, "updated": 0, "unchanged": 0, "county_level": 0, "errors": errors}


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
