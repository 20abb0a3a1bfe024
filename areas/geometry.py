"""Point-in-area lookups. The municipality's areas are built into a shapely STRtree once per
process and rebuilt when the municipality's `areas_version` changes, so that assigning an area
to a new report costs microseconds, not a query and a parse."""

import threading

import shapely
from shapely.geometry import Point, shape
from shapely.prepared import prep

from areas.models import Area

_lock = threading.Lock()
_trees: dict[int, tuple[int, object, list[int], list]] = {}
_boundaries: dict[tuple, object] = {}


def _index(municipality):
    cached = _trees.get(municipality.id)
    if cached and cached[0] == municipality.areas_version:
        return cached
    rows = list(Area.objects.filter(municipality_id=municipality.id).values_list("id", "name", "geometry"))
    geoms = [shape(g) for _, _, g in rows]
    entry = (
        municipality.areas_version,
        shapely.STRtree(geoms) if geoms else None,
        [(pk, name) for pk, name, _ in rows],
        geoms,
    )
    with _lock:
        _trees[municipality.id] = entry
    return entry


def locate_area(municipality, lat: float, lon: float) -> Area | None:
    """The smallest area of the municipality that contains the point (id and name only), or None."""
    _, tree, areas, geoms = _index(municipality)
    if tree is None:
        return None
    hits = list(tree.query(Point(lon, lat), predicate="intersects"))
    if not hits:
        return None
    pk, name = areas[min(hits, key=lambda i: geoms[i].area)]
    area = Area(pk=pk, name=name, municipality_id=municipality.id)
    area._state.adding = False
    return area


def locate_area_id(municipality, lat: float, lon: float) -> int | None:
    area = locate_area(municipality, lat, lon)
    return area.pk if area else None


def within_municipality(municipality, lat: float, lon: float, tolerance_deg: float = 0.01) -> bool:
    """Whether a point lies in the municipality (with ~1 km slack for the simplified coastline)."""
    if municipality.min_lon is None:  # no boundary loaded for this municipality
        return True
    key = (
        municipality.id,
        tolerance_deg,
        municipality.min_lon,
        municipality.min_lat,
        municipality.max_lon,
        municipality.max_lat,
    )
    prepared = _boundaries.get(key)
    if prepared is None:
        # reads the (possibly deferred) boundary only when the cache is cold
        prepared = prep(shape(municipality.boundary).buffer(tolerance_deg))
        _boundaries[key] = prepared
    return prepared.contains(Point(lon, lat))


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    return shape(geometry).bounds
