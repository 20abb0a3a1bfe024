"""Areas and places: imports and edits, each audit-logged."""

import json
import math
import os
import re
import time
import warnings

import django.dispatch
import numpy as np
import shapely
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.validation import make_valid

from areas.geometry import within_municipality
from areas.models import Area, Place
from audit import log as audit
from audit.models import AuditEntry
from samtrygg.inputs import forbidden
from tenancy.models import Municipality

# Sent after a municipality's areas changed; incidents listen and re-assign their areas.
areas_changed = django.dispatch.Signal()

NAME_KEYS = ("name", "namn", "NAMN", "Name", "omrade", "område", "deso", "regso", "code")
POPULATION_KEYS = ("population", "befolkning", "befolkning_2016_12", "invanare", "invånare")
AUDIT_FIELDS = ["name", "code", "kind", "population", "population_source", "population_year"]
MAX_POPULATION = 2_000_000  # more than any Swedish municipality; the one bound for every way in
MAX_NAME_LENGTH = 150
MAX_DEPTH = 32  # GeoJSON needs 8 (a MultiPolygon's coordinates in a feature in a collection)

# Bounds of a GeoJSON import; each can be set in the settings (README, "Configuration"). The real
# files in the shared data: every municipality of Sweden is 1.5 MB, 290 features and 71,646
# vertices (Kiruna the largest, 925; Lomma 90); the largest county (Norrbotten) has 1,200; the
# Uppsala DeSO sample 262 features, 25,852 vertices, 598 at most.
LIMITS = {
    "AREA_IMPORT_MAX_BYTES": 20 * 1024 * 1024,
    "AREA_IMPORT_MAX_FEATURES": 10_000,  # all of Sweden's DeSO areas are about 6,200
    # 17 times the largest real boundary; a tangled polygon of this size costs about 2 s to refuse
    "AREA_IMPORT_MAX_VERTICES_PER_GEOMETRY": 20_000,
    # of the features imported (a --filter-property run counts the ones it keeps)
    "AREA_IMPORT_MAX_VERTICES": 100_000,
    "AREA_IMPORT_MAX_SECONDS": 20,  # below gunicorn's 30 s timeout
    # An invalid (self-intersecting) polygon is repaired only if its edges cross each other at
    # most this often: repairing costs grow with the crossings (200 random vertices: 6 s).
    "AREA_IMPORT_MAX_REPAIR_CROSSINGS": 100,
}


def limit(name: str, defaults: dict = LIMITS) -> int:
    """A bound of the imports: the Django setting if there is one, else the environment
    variable, else the default."""
    value = getattr(settings, name, None)
    return int(value if value is not None else os.environ.get(name, defaults[name]))


def number(n: int) -> str:
    """An integer in Swedish style, with spaces between the thousands: 200 000."""
    return f"{n:,}".replace(",", "\u00a0")


class ImportFailed(Exception):
    """Nothing was imported; `errors` lists each problem as {row, message}."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} fel")
        self.errors = errors


def _fail(message: str, row: int = 0):
    raise ImportFailed([{"row": row, "message": message}])


def _crossings_exceed(geom, most: int) -> bool:
    """Whether the edges of `geom` (Polygon or MultiPolygon) cross each other more than `most`
    times. Edges are queried against a tree of all edges a few at a time, so that a tangle stops
    early instead of listing its millions of crossings."""
    rings = shapely.get_rings(shapely.get_parts(geom))
    segments, ring_of, starts, ends = [], [], [], []
    offset = 0
    for k, ring in enumerate(rings):
        coords = shapely.get_coordinates(ring)
        n = len(coords) - 1
        if n < 1:
            continue
        segments.append(shapely.linestrings(np.stack([coords[:-1], coords[1:]], axis=1)))
        ring_of.append(np.full(n, k))
        starts.append(np.full(n, offset))
        ends.append(np.full(n, offset + n - 1))
        offset += n
    if not segments:
        return False
    segments = np.concatenate(segments)
    ring_of, starts, ends = np.concatenate(ring_of), np.concatenate(starts), np.concatenate(ends)
    tree = shapely.STRtree(segments)
    crossings, chunk = 0, 16
    for first in range(0, len(segments), chunk):
        a, b = tree.query(segments[first : first + chunk], predicate="intersects")
        a = a + first
        same_ring = ring_of[a] == ring_of[b]
        neighbours = same_ring & ((b - a == 1) | ((a == starts[a]) & (b == ends[a])))
        crossings += int(np.count_nonzero((a < b) & ~neighbours))
        if crossings > most:
            return True
    return False


def _polygonal(geometry):
    if not geometry.is_valid:
        if _crossings_exceed(geometry, limit("AREA_IMPORT_MAX_REPAIR_CROSSINGS")):
            return None
        geometry = make_valid(geometry)
    geom = geometry
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if not parts:
            return None
        from shapely.ops import unary_union

        geom = unary_union(parts)
    if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
        return None
    return geom


def read_upload(upload) -> bytes:
    """An uploaded file's content, refused (ImportFailed) past AREA_IMPORT_MAX_BYTES before it is read."""
    max_bytes = limit("AREA_IMPORT_MAX_BYTES")
    if upload.size is not None and upload.size > max_bytes:
        _fail(
            _("Filen har %(size)s byte; högst %(max)s tas emot.")
            % {"size": number(upload.size), "max": number(max_bytes)}
        )
    return upload.read(max_bytes + 1)


def _json_shape(text: str) -> tuple[int, int]:
    """(how deeply arrays and objects nest, how many arrays there are) in a JSON text, without
    recursion or parsing (a 100,000 deep nesting answers in milliseconds). Strings are blanked
    first, so brackets in them do not count."""
    blanked = re.sub(r'"[^"\\]*(?:\\.[^"\\]*)*"', '""', text)
    brackets = blanked.encode("utf-8", "surrogatepass").translate(None, _NOT_BRACKETS)
    steps = np.frombuffer(brackets, dtype=np.uint8)
    depth = int(np.cumsum(_BRACKET_STEPS[steps], dtype=np.int64).max()) if len(steps) else 0
    return depth, brackets.count(b"[")


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_BRACKET_STEPS = np.zeros(256, dtype=np.int8)
_BRACKET_STEPS[[ord("["), ord("{")]] = 1
_BRACKET_STEPS[[ord("]"), ord("}")]] = -1


def _load(raw):
    """The parsed JSON of an upload, within the size and nesting bounds."""
    if isinstance(raw, bytes | str) and len(raw) > limit("AREA_IMPORT_MAX_BYTES"):
        _fail(
            _("Filen har %(size)s byte; högst %(max)s tas emot.")
            % {"size": number(len(raw)), "max": number(limit("AREA_IMPORT_MAX_BYTES"))}
        )
    if not isinstance(raw, bytes | str):
        return raw
    if isinstance(raw, bytes):
        try:
            raw = raw.decode(json.detect_encoding(raw))
        except (UnicodeDecodeError, LookupError):
            _fail(_("Filen är inte giltig JSON (den är inte UTF-8)."))
    depth, arrays = _json_shape(raw)
    # json.loads makes a list of every array (about 120 bytes for a vertex): bound them before
    # parsing, by the vertices with room for rings and parts
    most_arrays = 2 * limit("AREA_IMPORT_MAX_VERTICES") + 10 * limit("AREA_IMPORT_MAX_FEATURES")
    if arrays > most_arrays:
        _fail(
            _("Filen har för många koordinater (%(n)s listor; högst %(max)s tas emot).")
            % {"n": number(arrays), "max": number(most_arrays)}
        )
    if depth > MAX_DEPTH:
        _fail(
            _("Filen är nästlad i %(depth)s nivåer; högst %(max)d tas emot.")
            % {"depth": number(depth), "max": MAX_DEPTH}
        )
    try:
        return json.loads(raw)
    except (ValueError, RecursionError) as e:
        _fail(_("Filen är inte giltig JSON (fel nära tecken %(pos)s).") % {"pos": getattr(e, "pos", "?")})


def _vertices(geometry) -> int:
    """The positions in a GeoJSON geometry, counted without building it (0 if malformed)."""
    total, stack = 0, [geometry]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.append(item.get("coordinates"))
            if isinstance(item.get("geometries"), list):
                stack.extend(item["geometries"])
        elif isinstance(item, list) and item:
            if isinstance(item[0], int | float):
                total += 1
            else:
                stack.extend(item)
    return total


def _kept(feature, filter_property: str, filter_value: str) -> bool:
    """Whether the --filter-property option keeps the feature (a malformed one is kept, to be
    reported)."""
    if not filter_property or not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        return True
    return str(_text_property(feature["properties"].get(filter_property)) or "") == filter_value


def _check_bounds(features: list, filter_property: str = "", filter_value: str = "") -> None:
    """Refuse the file as a whole if it is past a bound: features, vertices per geometry and in all."""
    most = limit("AREA_IMPORT_MAX_FEATURES")
    if len(features) > most:
        _fail(_("Filen har %(n)s objekt; högst %(max)s tas emot.") % {"n": number(len(features)), "max": number(most)})
    per_geometry, most_in_all = limit("AREA_IMPORT_MAX_VERTICES_PER_GEOMETRY"), limit("AREA_IMPORT_MAX_VERTICES")
    errors, total = [], 0
    for row, feature in enumerate(features, start=1):
        if not _kept(feature, filter_property, filter_value):
            continue
        n = _vertices(feature.get("geometry")) if isinstance(feature, dict) else 0
        total += n
        if n > per_geometry:
            errors.append(
                {
                    "row": row,
                    "message": _("Området har %(n)s hörn; högst %(max)s per område tas emot.")
                    % {"n": number(n), "max": number(per_geometry)},
                }
            )
    if total > most_in_all:
        errors.insert(
            0,
            {
                "row": 0,
                "message": _("Filen har %(n)s hörn; högst %(max)s tas emot.")
                % {"n": number(total), "max": number(most_in_all)},
            },
        )
    if errors:
        raise ImportFailed(errors)


def _population(value) -> tuple[int | None, str]:
    """(population, error message): a finite whole number from 0 to MAX_POPULATION."""
    if isinstance(value, str):
        value = value.strip().replace("\u00a0", "").replace(" ", "")
        value = int(value) if re.fullmatch(r"\d{1,12}", value) else None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POPULATION:
        return None, _("befolkningen måste vara ett heltal från 0 till %(max)s.") % {"max": number(MAX_POPULATION)}
    return value, ""


def _text_property(value) -> str | None:
    """A property as text (strings and numbers), or None for anything else."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, float):
        value = int(value) if math.isfinite(value) and value.is_integer() else value
    return str(value).strip()


def parse_geojson(
    municipality: Municipality, raw, *, name_property: str = "", filter_property: str = "", filter_value: str = ""
) -> list[dict]:
    """Validate a FeatureCollection of polygons into area rows. Raises ImportFailed with every
    problem found, row by row (row = feature number, from 1), or with one error (row 0) for a
    file past a bound (LIMITS): size, nesting, features, vertices, time."""
    deadline = time.monotonic() + limit("AREA_IMPORT_MAX_SECONDS")
    raw = _load(raw)
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection" or not isinstance(raw.get("features"), list):
        _fail(_("Filen måste vara en GeoJSON FeatureCollection."))
    _check_bounds(raw["features"], filter_property, filter_value)
    rows, errors, seen = [], [], set()
    for number_, feature in enumerate(raw["features"], start=1):
        if time.monotonic() > deadline:
            _fail(
                _("Importen tog mer än %(seconds)d sekunder och avbröts vid objekt %(row)d. Dela upp filen.")
                % {"seconds": limit("AREA_IMPORT_MAX_SECONDS"), "row": number_}
            )
        row_errors = _parse_feature(municipality, feature, number_, name_property, filter_property, filter_value, seen)
        if isinstance(row_errors, dict):
            rows.append(row_errors)
        elif row_errors:
            errors.extend(row_errors)
    if errors:
        raise ImportFailed(errors)
    if not rows:
        _fail(_("Filen innehåller inga områden."))
    return rows


def _parse_feature(municipality, feature, number_, name_property, filter_property, filter_value, seen):
    """One feature: its area row (a dict), a list of errors, or None if the filter skips it."""

    def error(message):
        return [{"row": number_, "message": message}]

    if not isinstance(feature, dict):
        return error(_("Objektet är inte ett GeoJSON-objekt (Feature)."))
    props = feature.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        return error(_("Objektets egenskaper (properties) måste vara ett JSON-objekt."))
    if not _kept(feature, filter_property, filter_value):
        return None
    keys = (name_property,) if name_property else NAME_KEYS
    name = next((_text_property(props[k]) for k in keys if props.get(k) not in (None, "")), "")
    if not name:
        return error(_("Området saknar namn (egenskapen %(key)s).") % {"key": name_property or "name"})
    if forbidden(name):
        return error(_("Namnet innehåller otillåtna tecken (till exempel styrtecken)."))
    if len(name) > MAX_NAME_LENGTH:
        return error(_("Namnet får vara högst 150 tecken."))
    if name in seen:
        return error(_("Namnet %(name)s förekommer flera gånger.") % {"name": name})
    seen.add(name)
    try:
        with warnings.catch_warnings():  # NaN coordinates: refused just below
            warnings.simplefilter("ignore", RuntimeWarning)
            geom = shape(feature.get("geometry"))
        coords = shapely.get_coordinates(geom)
        if not np.isfinite(coords).all() or (np.abs(coords) > (180, 90)).any():
            geom = None
        else:
            geom = _polygonal(geom)
    except Exception:  # shapely raises several types for malformed coordinates
        geom = None
    if geom is None:
        return error(_("%(name)s: geometrin måste vara en giltig polygon (lon/lat).") % {"name": name})
    point = geom.representative_point()
    if not within_municipality(municipality, point.y, point.x, tolerance_deg=0.02):
        return error(_("%(name)s ligger utanför %(municipality)s.") % {"name": name, "municipality": municipality.name})
    population_key = next((k for k in POPULATION_KEYS if props.get(k) not in (None, "")), None)
    population = None
    if population_key:
        population, problem = _population(props[population_key])
        if problem:
            return error(f"{name}: {problem}")
    code = _text_property(props.get("deso") or props.get("code") or props.get("kod")) or ""
    if forbidden(code):
        return error(_("Koden innehåller otillåtna tecken (till exempel styrtecken)."))
    row = {"name": name, "geometry": mapping(geom), "code": code[:40]}
    if population is not None:
        # A file without population leaves the figures already there (typed, imported) alone.
        year = re.search(r"(19|20)\d\d", population_key)
        row.update(
            population=population,
            population_source=_("Områdesfilen"),
            population_year=int(year.group()) if year else None,
        )
    if props.get("kind") in Area.Kind.values:
        row["kind"] = props["kind"]
    return row


@transaction.atomic
def import_areas(
    *, municipality: Municipality, raw: bytes | str | dict, actor, kind: str = Area.Kind.DISTRICT, **options
) -> dict:
    """All-or-nothing import; an area with the same name is updated. Returns the counts."""
    rows = parse_geojson(municipality, raw, **options)
    existing = {a.name: a for a in Area.objects.filter(municipality=municipality)}
    created = updated = 0
    for row in rows:
        area = existing.get(row["name"])
        if area is None:
            area = Area.objects.create(municipality=municipality, **{"kind": kind, **row})
            audit.created(actor, area, AUDIT_FIELDS)
            created += 1
        else:
            before = audit.snapshot(area, AUDIT_FIELDS)
            geometry_changed = area.geometry != row["geometry"]
            for key, value in {"kind": kind, **row}.items():
                setattr(area, key, value)
            area.save()
            if audit.updated(actor, area, before) is None and geometry_changed:
                audit.record(actor, AuditEntry.Action.UPDATE, area, changes={"geometry": ["…", "…"]})
            updated += 1
    audit.record(
        actor,
        AuditEntry.Action.IMPORT,
        municipality=municipality,
        object_type="areas.area",
        object_repr=_("Import av områden"),
        changes={"created": created, "updated": updated},
    )
    _bump(municipality)
    return {"created": created, "updated": updated}


def _bump(municipality: Municipality) -> None:
    Municipality.objects.filter(pk=municipality.pk).update(areas_version=F("areas_version") + 1)
    municipality.refresh_from_db(fields=["areas_version"])
    transaction.on_commit(lambda: areas_changed.send(sender=Area, municipality_id=municipality.pk))


@transaction.atomic
def delete_area(area: Area, actor) -> None:
    audit.deleted(actor, area, AUDIT_FIELDS)
    area.delete()
    _bump(area.municipality)


@transaction.atomic
def create_place(municipality: Municipality, actor, *, name: str, lat: float, lon: float) -> Place:
    from areas.geometry import locate_area_id

    place = Place.objects.create(
        municipality=municipality, name=name, lat=lat, lon=lon, area_id=locate_area_id(municipality, lat, lon)
    )
    audit.created(actor, place)
    return place


@transaction.atomic
def delete_place(place: Place, actor) -> None:
    audit.deleted(actor, place)
    place.delete()
