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
"""

import datetime
import gzip
import json
import re
import zlib
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from areas.services import ImportFailed
from tenancy.models import Municipality

BASE_URL = "https://polisen.se"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
MAX_ERRORS = 200
MAX_UNPACKED_BYTES = 512 * 1024 * 1024

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
