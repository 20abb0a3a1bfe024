"""Lomma's demo areas and places. The areas are the municipality's real boundary (from the
shared data) cut into its localities along rough lines, so they fit the map exactly."""

from shapely.geometry import box, mapping, shape

# (name, kind, bounding box lon_min, lat_min, lon_max, lat_max) — rough outlines of the localities.
LOCALITIES = [
    ("Bjärred", "district", (12.95, 55.700, 13.09, 55.760)),
    ("Lomma tätort", "district", (13.03, 55.660, 13.105, 55.700)),
    ("Alnarp", "village", (13.065, 55.640, 13.12, 55.660)),
]
REST = ("Lomma landsbygd", "other")

# Rough populations of the demo areas (the localities' order of size, summing to about Lomma's
# 25,900 inhabitants). The shared data has no DeSO areas for Lomma to derive them from, so the
# demo imports these, marked as approximate, the way a coordinator would import SCB's figures.
POPULATION_CSV = """område;befolkning
Bjärred;10100
Lomma tätort;13700
Alnarp;800
Lomma landsbygd;1300
"""
POPULATION_SOURCE = "Demodata, ungefärliga tal"

PLACES = [
    ("Lomma hamn", 55.6745, 13.0575),
    ("Centrumplan Lomma", 55.6728, 13.0688),
    ("Lomma strandbad", 55.6800, 13.0625),
    ("Bjärreds centrum", 55.7175, 13.0245),
    ("Långa bryggan, Bjärred", 55.7205, 13.0085),
    ("Alnarpsparken", 55.6575, 13.0825),
    ("Borgeby slott", 55.7330, 13.0590),
]


def areas_geojson(boundary: dict) -> dict:
    kommun = shape(boundary)
    features, used = [], None
    for name, kind, bounds in LOCALITIES:
        part = kommun.intersection(box(*bounds))
        if used is not None:
            part = part.difference(used)
        used = part if used is None else used.union(part)
        features.append({"type": "Feature", "properties": {"name": name, "kind": kind}, "geometry": mapping(part)})
    rest = kommun.difference(used)
    features.append({"type": "Feature", "properties": {"name": REST[0], "kind": REST[1]}, "geometry": mapping(rest)})
    return {"type": "FeatureCollection", "features": features}
