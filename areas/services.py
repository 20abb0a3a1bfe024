"""Areas and places: imports and edits, each audit-logged."""

import json
import re

import django.dispatch
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from shapely.geometry import mapping, shape
from shapely.validation import make_valid

from areas.geometry import within_municipality
from areas.models import Area, Place
from audit import log as audit
from audit.models import AuditEntry
from tenancy.models import Municipality

# Sent after a municipality's areas changed; incidents listen and re-assign their areas.
areas_changed = django.dispatch.Signal()

NAME_KEYS = ("name", "namn", "NAMN", "Name", "omrade", "område", "deso", "regso", "code")
POPULATION_KEYS = ("population", "befolkning", "befolkning_2016_12", "invanare", "invånare")
AUDIT_FIELDS = ["name", "code", "kind", "population", "population_source", "population_year"]
MAX_BYTES = 50 * 1024 * 1024  # a GeoJSON file of areas; the largest real one (Uppsala DeSO) is 0.6 MB


class ImportFailed(Exception):
    """Nothing was imported; `errors` lists each problem as {row, message}."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} fel")
        self.errors = errors


def _polygonal(geometry):
    geom = make_valid(geometry) if not geometry.is_valid else geometry
    if geom.geom_type == "GeometryCollection":
        parts = [g for g in geom.geoms if g.geom_type in ("Polygon", "MultiPolygon")]
        if not parts:
            return None
        from shapely.ops import unary_union

        geom = unary_union(parts)
    if geom.geom_type not in ("Polygon", "MultiPolygon") or geom.is_empty:
        return None
    return geom


def parse_geojson(
    municipality: Municipality, raw, *, name_property: str = "", filter_property: str = "", filter_value: str = ""
) -> list[dict]:
    """Validate a FeatureCollection of polygons into area rows. Raises ImportFailed with every
    problem found, row by row (row = feature number, from 1)."""
    if isinstance(raw, (bytes, str)) and len(raw) > MAX_BYTES:
        raise ImportFailed([{"row": 0, "message": _("Filen är för stor (högst 50 MB).")}])
    if isinstance(raw, (bytes, str)):
        try:
            raw = json.loads(raw)
        except (ValueError, UnicodeDecodeError) as e:
            raise ImportFailed(
                [
                    {
                        "row": 0,
                        "message": _("Filen är inte giltig JSON (fel nära tecken %(pos)s).")
                        % {"pos": getattr(e, "pos", "?")},
                    }
                ]
            )
    if not isinstance(raw, dict) or raw.get("type") != "FeatureCollection" or not isinstance(raw.get("features"), list):
        raise ImportFailed([{"row": 0, "message": _("Filen måste vara en GeoJSON FeatureCollection.")}])
    rows, errors, seen = [], [], set()
    for number, feature in enumerate(raw["features"], start=1):
        props = (feature or {}).get("properties") or {}
        if filter_property and str(props.get(filter_property, "")) != filter_value:
            continue
        keys = (name_property,) if name_property else NAME_KEYS
        name = next((str(props[k]).strip() for k in keys if props.get(k) not in (None, "")), "")
        if not name:
            errors.append(
                {
                    "row": number,
                    "message": _("Området saknar namn (egenskapen %(key)s).") % {"key": name_property or "name"},
                }
            )
            continue
        if name in seen:
            errors.append({"row": number, "message": _("Namnet %(name)s förekommer flera gånger.") % {"name": name}})
            continue
        seen.add(name)
        try:
            geom = _polygonal(shape(feature.get("geometry")))
        except Exception:  # shapely raises several types for malformed coordinates
            geom = None
        if geom is None:
            errors.append(
                {"row": number, "message": _("%(name)s: geometrin måste vara en giltig polygon.") % {"name": name}}
            )
            continue
        point = geom.representative_point()
        if not within_municipality(municipality, point.y, point.x, tolerance_deg=0.02):
            errors.append(
                {
                    "row": number,
                    "message": _("%(name)s ligger utanför %(municipality)s.")
                    % {"name": name, "municipality": municipality.name},
                }
            )
            continue
        if len(name) > 150:
            errors.append({"row": number, "message": _("Namnet får vara högst 150 tecken.")})
            continue
        population_key = next((k for k in POPULATION_KEYS if props.get(k) not in (None, "")), None)
        population = props[population_key] if population_key else None
        if population is not None:
            if isinstance(population, bool) or not isinstance(population, (int, float)) or population < 0:
                errors.append(
                    {
                        "row": number,
                        "message": _("%(name)s: befolkningen måste vara ett tal som är 0 eller större.")
                        % {"name": name},
                    }
                )
                continue
            population = int(population)
        code = str(props.get("deso") or props.get("code") or props.get("kod") or "")[:40]
        row = {"name": name, "geometry": mapping(geom), "code": code}
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
        rows.append(row)
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([{"row": 0, "message": _("Filen innehåller inga områden.")}])
    return rows


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
