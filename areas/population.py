"""The population of a municipality's areas, so that the lägesbild can give rates per 1,000
inhabitants everywhere. Three ways, each audit-logged, each storing where the figure comes from
(`Area.population_source`) and its year (`Area.population_year`):

- typed on the area's page (`set_population`);
- imported from CSV or Excel (`import_population`): one row per area, all or nothing;
- derived from SCB's DeSO areas (`population_from_deso`): each area gets the sum over the DeSO
  areas of their population × the share of the DeSO's surface that lies in the area. The DeSO
  areas are the municipality's own areas of kind DeSO that have a population, or else the DeSO
  file in the shared data (`geo/deso_uppsala_region_sample.geojson`, a sample that covers 18
  municipalities around Uppsala).

File format of the import (Swedish or English headers, `;` or `,`, UTF-8 or Windows-1252, or the
first sheet of an .xlsx):

| column                                   | value                                          |
|------------------------------------------|------------------------------------------------|
| `område` / `namn` / `area` / `name`      | the area's name (or give its code instead)     |
| `kod` / `områdeskod` / `deso` / `code`   | the area's code (optional if the name is given) |
| `befolkning` / `invånare` / `population` | a whole number, 0 or more                      |
| `år` / `year` (optional)                 | the year the figure describes                  |
"""

import json
import re
from collections import Counter

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from shapely import STRtree
from shapely.geometry import shape

from areas.models import Area
from areas.services import MAX_POPULATION, ImportFailed
from audit import log as audit
from audit.models import AuditEntry
from policedata.counts import _count, _header_key, _read_rows, _text, cell_errors
from tenancy.models import Municipality

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000  # the largest municipality has a few hundred DeSO areas
MIN_YEAR, MAX_YEAR = 1900, 2100
DESO_FILE = "geo/deso_uppsala_region_sample.geojson"

HEADERS = {
    "name": ("område", "omrade", "områdesnamn", "namn", "area", "name"),
    "code": ("kod", "områdeskod", "omradeskod", "deso", "code", "area_code"),
    "population": ("befolkning", "invånare", "invanare", "antal_invånare", "population"),
    "year": ("år", "ar", "year"),
}
FIELDS = ["population", "population_source", "population_year"]


def _year(value) -> tuple[int | None, str]:
    text = _text(value)
    if not text:
        return None, ""
    if not re.fullmatch(r"\d{4}", text) or not MIN_YEAR <= int(text) <= MAX_YEAR:
        return None, _("Året %(value)s är inte giltigt; skriv till exempel 2025.") % {"value": text}
    return int(text), ""


def _save(area: Area, actor, *, population: int | None, source: str, year: int | None) -> bool:
    before = audit.snapshot(area, FIELDS)
    area.population = population
    area.population_source = source[:200] if population is not None else ""
    area.population_year = year if population is not None else None
    area.save(update_fields=FIELDS)
    return audit.updated(actor, area, before) is not None


@transaction.atomic
def set_population(*, area: Area, actor, population: int | None, source: str = "", year: int | None = None) -> Area:
    """The population typed on the area's page; None clears it. Without a source it is
    "Inskriven" (typed) with the user's name."""
    if population is not None and not 0 <= population <= MAX_POPULATION:
        raise ValueError(population)
    if population is not None and not source.strip():
        who = actor.get_username() if actor is not None and actor.is_authenticated else ""
        source = _("Inskriven av %(user)s") % {"user": who} if who else _("Inskriven")
    _save(area, actor, population=population, source=source.strip(), year=year)
    return area


def parse_population(municipality: Municipality, data: bytes) -> list[dict]:
    """Validate a file into [{row, area, population, year}]. Raises ImportFailed with every
    problem found (row = the line of the file, header = 1)."""
    if len(data) > MAX_BYTES:
        raise ImportFailed([{"row": 0, "message": _("Filen är för stor (högst 5 MB).")}])
    rows = _read_rows(data, max_rows=MAX_ROWS, max_bytes=MAX_BYTES)
    table = [(n, cells) for n, cells in rows if any(_text(c) for c in cells)]
    if not table:
        raise ImportFailed([{"row": 0, "message": _("Filen är tom.")}])
    if len(table) - 1 > MAX_ROWS:
        raise ImportFailed([{"row": 0, "message": _("Filen har för många rader (högst 10 000).")}])
    header_row, header = table[0]
    if header_errors := cell_errors(header_row, header, []):
        raise ImportFailed(header_errors)
    positions = {_header_key(h): i for i, h in reversed(list(enumerate(header)))}
    columns = {}
    for key, names in HEADERS.items():
        found = next((positions[name] for name in names if name in positions), None)
        if found is not None:
            columns[key] = found
    errors = []
    if "name" not in columns and "code" not in columns:
        errors.append({"row": header_row, "message": _("Kolumnen område eller kod saknas i rubrikraden.")})
    if "population" not in columns:
        errors.append({"row": header_row, "message": _("Kolumnen befolkning saknas i rubrikraden.")})
    if errors:
        raise ImportFailed(errors)

    def cell(cells, key):
        i = columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    by_name, by_code = {}, {}
    for area in Area.objects.filter(municipality=municipality).only("id", "name", "code", *FIELDS):
        by_name[area.name.casefold()] = area
        if area.code:
            by_code[area.code.casefold()] = area
    rows, seen = [], {}
    for number, cells in table[1:]:
        if bad_cells := cell_errors(number, cells, header):
            errors += bad_cells
            continue
        problems = []
        name, code = _text(cell(cells, "name")), _text(cell(cells, "code"))
        area = by_code.get(code.casefold()) if code else None
        if area is None and name:
            area = by_name.get(name.casefold())
        if not name and not code:
            problems.append(_("Område saknas."))
        elif area is None:
            problems.append(
                _("Området %(area)s finns inte i %(name)s.") % {"area": code or name, "name": municipality.name}
            )
        elif area.pk in seen:
            problems.append(
                _("Området %(area)s finns redan på rad %(row)d.") % {"area": area.name, "row": seen[area.pk]}
            )
        else:
            seen[area.pk] = number
        population, error = _count(cell(cells, "population"))
        if error:
            # the count parser speaks of "antal"; here it is the population
            problems.append(_("Befolkningen måste vara ett heltal som är 0 eller större."))
        elif population > MAX_POPULATION:
            problems.append(_("Befolkningen är orimligt stor."))
        year, error = _year(cell(cells, "year"))
        if error:
            problems.append(error)
        errors += [{"row": number, "message": message} for message in problems]
        if not problems:
            rows.append({"row": number, "area": area, "population": population, "year": year})
    if errors:
        raise ImportFailed(errors)
    if not rows:
        raise ImportFailed([{"row": 0, "message": _("Filen innehåller inga områden.")}])
    return rows


@transaction.atomic
def import_population(
    *, municipality: Municipality, data: bytes, actor, source: str = "", year: int | None = None
) -> dict:
    """All-or-nothing import of area populations. `year` applies where a row gives none.
    Returns {"updated": n, "unchanged": n}."""
    rows = parse_population(municipality, data)
    source = source.strip() or _("Importerad fil")
    updated = 0
    for row in rows:
        updated += _save(row["area"], actor, population=row["population"], source=source, year=row["year"] or year)
    audit.record(
        actor,
        AuditEntry.Action.IMPORT,
        municipality=municipality,
        object_type="areas.area",
        object_repr=_("Import av befolkning per område"),
        changes={"updated": updated, "rows": len(rows), "source": source},
    )
    return {"updated": updated, "unchanged": len(rows) - updated}


def _deso_areas(municipality: Municipality) -> list[tuple[object, int, int | None]]:
    """[(shapely geometry, population, year)] of the municipality's DeSO areas with population:
    its own DeSO areas if it has any, else those of the shared DeSO file."""
    own = [
        (shape(geometry), population, year)
        for geometry, population, year in Area.objects.filter(
            municipality=municipality, kind=Area.Kind.DESO, population__isnull=False
        ).values_list("geometry", "population", "population_year")
    ]
    if own:
        return own
    path = settings.DATA_DIR / DESO_FILE
    if not path.exists():
        return []
    features = json.loads(path.read_bytes()).get("features", [])
    result = []
    for feature in features:
        props = feature.get("properties") or {}
        if str(props.get("kommunkod")) != municipality.code:
            continue
        key = next((k for k in props if k.startswith("befolkning") and isinstance(props[k], int)), None)
        if key is None:
            continue
        year = re.search(r"(19|20)\d\d", key)
        result.append((shape(feature["geometry"]), props[key], int(year.group()) if year else None))
    return result


def deso_available(municipality: Municipality) -> bool:
    return bool(_deso_areas(municipality))


class NoDeso(Exception):
    """The municipality has no DeSO areas with population."""


@transaction.atomic
def population_from_deso(*, municipality: Municipality, actor) -> dict:
    """Each area (except DeSO areas themselves) gets Σ DeSO population × the share of the DeSO's
    surface inside the area. Shares are taken in lon/lat: within one DeSO (a few km across) the
    scale is the same everywhere, so the ratio is that of the true surfaces.
    Returns {"updated": [names], "outside": [names of areas that no DeSO area overlaps]}."""
    deso = _deso_areas(municipality)
    if not deso:
        raise NoDeso(_("Det finns inga DeSO-områden med befolkning för %(name)s.") % {"name": municipality.name})
    geoms = [g if g.is_valid else g.buffer(0) for g, _p, _y in deso]
    tree = STRtree(geoms)
    years = Counter(y for _g, _p, y in deso if y)
    year = years.most_common(1)[0][0] if years else None
    source = _("Beräknad från SCB:s DeSO-områden")
    updated, outside = [], []
    areas = (
        Area.objects.filter(municipality=municipality)
        .exclude(kind=Area.Kind.DESO)
        .only("id", "name", "geometry", *FIELDS)
    )
    for area in areas:
        geometry = shape(area.geometry)
        geometry = geometry if geometry.is_valid else geometry.buffer(0)
        total, hit = 0.0, False
        for i in tree.query(geometry, predicate="intersects"):
            share = geometry.intersection(geoms[i]).area / geoms[i].area if geoms[i].area else 0
            if share > 0:
                hit = True
                total += deso[i][1] * share
        if not hit:
            outside.append(area.name)
            continue
        _save(area, actor, population=round(total), source=source, year=year)
        updated.append(area.name)
    audit.record(
        actor,
        AuditEntry.Action.UPDATE,
        municipality=municipality,
        object_type="areas.area",
        object_repr=_("Befolkning beräknad från DeSO"),
        changes={"updated": len(updated), "outside": outside},
    )
    return {"updated": updated, "outside": outside}
