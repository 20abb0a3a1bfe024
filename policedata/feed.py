"""The police's public event feed (polisen.se/api/events) read and parsed: one feed object into
the field values of a PoliceEvent, with every problem as a Swedish row error. Nothing here
writes; policedata.events imports what this returns.

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

Robustness (any input answers with row errors, never an exception):
- an id is a JSON integer or a string of ASCII digits, within 1..2^63-1 (a PostgreSQL bigint);
  "²" or "١٢٣" (Unicode digits) are "Ogiltigt id";
- the publication year lies within 1990..next year (MIN_YEAR, max_year());
- a text with a NUL or another control character (tab, newline and carriage return excepted) or
  a lone surrogate ("\\ud800" in a JSON string) is a row error, not silently stripped: the feed
  never holds them, so the file is broken or crafted, and a stripped text would be stored as
  something the police never published;
- a file is at most settings.POLICE_IMPORT_MAX_BYTES (unpacked), JSON at most MAX_DEPTH levels
  deep (checked before json.loads, so a 1,000-deep array never reaches its recursion), and an
  import at most settings.POLICE_IMPORT_MAX_EVENTS objects;
- values echoed in an error message are cut short and cleaned (shown()).
"""

import datetime
import gzip
import json
import re
import zlib
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.services import ImportFailed
from tenancy.models import Municipality

BASE_URL = "https://polisen.se"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_ERRORS = 200
MAX_ID = 2**63 - 1  # PoliceEvent.external_id is a bigint
MIN_YEAR = 1990  # the feed began in the 2010s; anything earlier is a broken date
MAX_DEPTH = 16  # the feed is 3 deep (list, event, location)
# A real month of the national feed is ~0.75 MB and ~2,000 events unpacked; the defaults allow
# about three years of it in one file or command run.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
DEFAULT_MAX_EVENTS = 100_000
ASCII_ID = re.compile(r"[0-9]{1,19}")
# NUL and the other C0 controls but tab, newline and carriage return; DEL; lone surrogates
BAD_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
GPS = re.compile(r"\s*(-?[0-9]{1,3}(?:\.[0-9]{1,15})?)\s*,\s*(-?[0-9]{1,3}(?:\.[0-9]{1,15})?)\s*")

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
NAME_TIME = re.compile(r"^\s*([0-9]{1,2}) ([a-zåäö]+) ([0-9]{1,2})[.:]([0-9]{2})\b", re.IGNORECASE)

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


def max_bytes() -> int:
    return getattr(settings, "POLICE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_events() -> int:
    return getattr(settings, "POLICE_IMPORT_MAX_EVENTS", DEFAULT_MAX_EVENTS)


def max_year() -> int:
    return timezone.now().year + 1


def too_large_message(limit: int | None = None) -> str:
    limit = max_bytes() if limit is None else limit
    return _("Filen är större än %(size)s (uppackad); gränsen är %(size)s (inställningen POLICE_IMPORT_MAX_BYTES).") % {
        "size": _size(limit)
    }


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{n} byte"


def _fail(message: str):
    raise ImportFailed([{"row": 0, "message": message}])


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_INNERMOST = re.compile(rb"\[\]|\{\}")


def _peels_within(brackets: bytes, limit: int) -> bool:
    """Whether a bracket sequence nests at most `limit` deep: peel the innermost pairs off, one
    level at a time (an unbalanced rest counts as within: json.loads refuses it)."""
    for _level in range(limit):
        if not brackets:
            return True
        peeled = _INNERMOST.sub(b"", brackets)
        if peeled == brackets:
            return True
        brackets = peeled
    return _INNERMOST.search(brackets) is None


def too_deep(data: bytes, limit: int = MAX_DEPTH) -> bool:
    """Whether the JSON text nests deeper than `limit`, found without recursion, before json.loads.
    First all brackets, strings included (one C-speed pass; a real feed's texts hold none), then,
    only when that looks too deep, the brackets outside strings (splitting at the quotes costs a
    second for a national year). Brackets in strings can hide depth from the first look; what
    hides that way still cannot reach json.loads's recursion limit unnoticed (RecursionError is
    caught as the same refusal), and parse_row() reads only text fields, never a nested value."""
    if _peels_within(data.translate(None, _NOT_BRACKETS), limit):
        return False
    outside = b"".join(data.replace(b"\\\\", b"").replace(b'\\"', b"").split(b'"')[::2])
    return not _peels_within(outside.translate(None, _NOT_BRACKETS), limit)


def read_feed(data: bytes, *, limit: int | None = None) -> list:
    """The JSON array of a feed file, gzip (detected by its magic bytes) or plain, at most
    `limit` bytes unpacked (settings.POLICE_IMPORT_MAX_BYTES) and MAX_DEPTH levels deep."""
    limit = max_bytes() if limit is None else limit
    if len(data) > limit:
        _fail(too_large_message(limit))
    if data[:2] == b"\x1f\x8b":
        try:
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data = decompressor.decompress(data, limit + 1)
            if decompressor.unconsumed_tail or len(data) > limit:
                _fail(too_large_message(limit))
        except (zlib.error, EOFError, gzip.BadGzipFile):
            _fail(_("Filen är inte en giltig gzip-fil."))
    too_deep_message = _("Filen är för djupt nästlad (JSON med fler än %(depth)d nivåer).") % {"depth": MAX_DEPTH}
    if too_deep(data):
        _fail(too_deep_message)
    try:
        events = json.loads(data)
    except RecursionError:  # a backstop: too_deep() already refuses what could get here
        _fail(too_deep_message)
    except (ValueError, UnicodeDecodeError) as e:
        _fail(_("Filen är inte giltig JSON (fel nära tecken %(pos)s).") % {"pos": getattr(e, "pos", "?")})
    if not isinstance(events, list):
        _fail(_("Filen måste innehålla en JSON-lista med polisens händelser."))
    check_count(events)
    return events


def check_count(events: list) -> None:
    if len(events) > max_events():
        _fail(
            _("Filen har fler än %(max)d händelser (inställningen POLICE_IMPORT_MAX_EVENTS); dela upp den.")
            % {"max": max_events()}
        )


def shown(value, limit: int = 40) -> str:
    """A value for an error message: short, and without control characters or lone surrogates
    (which cannot be written as UTF-8 into a page)."""
    text = value if isinstance(value, str) else repr(value) if isinstance(value, (int, float)) else type(value).__name__
    return BAD_CHARACTERS.sub("?", text[:limit])


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
        # year 1 east of UTC or 9999 west of it does not exist in UTC
        return result.astimezone(datetime.UTC) if result.tzinfo is not None else None
    except (ValueError, OverflowError):
        return None


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


def _text(obj: dict, key: str, errors: list, row: int, required: bool = True) -> str:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            errors.append({"row": row, "message": _("Fältet %(field)s saknas.") % {"field": key}})
        return ""
    if not isinstance(value, str):
        errors.append({"row": row, "message": _("Fältet %(field)s ska vara text.") % {"field": key}})
        return ""
    if BAD_CHARACTERS.search(value):
        errors.append(
            {
                "row": row,
                "message": _("Fältet %(field)s innehåller otillåtna tecken (styrtecken eller ogiltig Unicode).")
                % {"field": key},
            }
        )
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
    """The police's id: a JSON integer or a string of ASCII digits, within 1..MAX_ID; else None."""
    external_id = obj.get("id") if isinstance(obj, dict) else None
    if isinstance(external_id, str) and ASCII_ID.fullmatch(external_id):
        external_id = int(external_id)
    if not isinstance(external_id, int) or isinstance(external_id, bool) or not 1 <= external_id <= MAX_ID:
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
        if obj.get("id") in (None, ""):
            errors.append({"row": number, "message": _("Händelsen saknar ett giltigt id.")})
        else:
            errors.append(
                {
                    "row": number,
                    "message": _("Ogiltigt id %(value)s: ett heltal från 1 till %(max)d, skrivet med siffrorna 0–9.")
                    % {"value": shown(obj.get("id")), "max": MAX_ID},
                }
            )
    published = parse_datetime(obj.get("datetime"))
    if published is None:
        errors.append(
            {
                "row": number,
                "message": _("Ogiltig tidpunkt i datetime: %(value)s.") % {"value": shown(obj.get("datetime"))},
            }
        )
    elif not MIN_YEAR <= published.year <= max_year():
        errors.append(
            {
                "row": number,
                "message": _("Årtalet %(year)d i datetime ligger utanför %(min)d–%(max)d.")
                % {"year": published.year, "min": MIN_YEAR, "max": max_year()},
            }
        )
        published = None
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
            match = GPS.fullmatch(gps) if isinstance(gps, str) else None
            if match:
                lat, lon = round(float(match.group(1)), 6), round(float(match.group(2)), 6)
            if not match or not (-90 <= lat <= 90 and -180 <= lon <= 180):
                errors.append(
                    {"row": number, "message": _("Ogiltig position i gps: %(value)s.") % {"value": shown(gps)}}
                )
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
