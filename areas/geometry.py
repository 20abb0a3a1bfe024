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
_boundaries: dict[int, object] = {}


def _index(municipality):
    cached = _trees.get(municipality.id)
    if cached and cached[0] == municipality.areas_version:
        return cached
    rows = list(Area.objects.filter(municipality_id=municipality.id).values_list("id", "geometry"))
    geoms = [shape(g) for _, g in rows]
    entry = (municipality.areas_version, shapely.STRtree(geoms) if geoms else None, [r[0] for r in rows], geoms)
    with _lock:
        _trees[municipality.id] = entry
    return entry


def locate_area_id(municipality, lat: float, lon: float) -> int | None:
    """The id of the smallest area of the municipality that contains the point, or None."""
    _, tree, ids, geoms = _index(municipality)
    if tree is None:
        return None
    point = Point(lon, lat)
    hits = [i for i in tree.query(point, predicate="intersects")]
    if not hits:
        return None
    best = min(hits, key=lambda i: geoms[i].area)
    return ids[best]


def within_municipality(municipality, lat: float, lon: float, tolerance_deg: float = 0.01) -> bool:
    """Whether a point lies in the municipality (with ~1 km slack for the simplified coastline)."""
    if not municipality.boundary:
        return True
    prepared = _boundaries.get(municipality.id)
    if prepared is None:
        prepared = prep(shape(municipality.boundary).buffer(tolerance_deg))
        _boundaries[municipality.id] = prepared
    return prepared.contains(Point(lon, lat))


def bbox(geometry: dict) -> tuple[float, float, float, float]:
    return shape(geometry).bounds
