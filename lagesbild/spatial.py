"""The spatial parts of the situation picture: recurring places and statistical hot spots.

Both use EST reports only. Police events carry only the centroid of their municipality or
county, so they are never drawn or counted here."""

import hashlib
import math
import warnings
from collections import Counter

from django.core.cache import cache
from django.utils.translation import gettext as _

METRES_PER_DEGREE_LAT = 111_320.0
PLACE_CELL_M = 100  # grid for unnamed recurring places
HOTSPOT_CELL_M = 250  # grid for the Gi* statistic
HOTSPOT_MAX_CELLS = 10_000  # the cell size grows for very large extents
HOTSPOT_MIN_POINTS = 10
HOTSPOT_PERMUTATIONS = 999
HOTSPOT_SEED = 20230196  # fixed, so the same data gives the same hot spots
HOTSPOT_ALPHA = 0.05
HOTSPOT_CACHE_VERSION = 1  # raise when the method changes, so that no old answer is reused
HOTSPOT_CACHE_SECONDS = 7 * 24 * 3600
# Points, recurring places and hot spots are given for scopes of at most this many
# municipalities: a municipality, a lokalpolisområde (one to a handful of municipalities) or a
# few neighbours. A 250 m grid means something within a municipality; over a county or the
# country the grid would have to grow to kilometres (HOTSPOT_MAX_CELLS) and the "hot spots"
# would only show where people live, while reading every raw report of a whole country costs
# seconds. Larger scopes get the counts only, and the JSON says so (`spatial`).
MAX_MUNICIPALITIES = 12


class _Grid:
    """A regular grid of square cells of about `size` metres, aligned to the south-west corner
    of the points' extent (an equirectangular projection, exact enough within a municipality)."""

    def __init__(self, points, size):
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        self.lat0, self.lon0 = min(lats), min(lons)
        self.dlat = size / METRES_PER_DEGREE_LAT
        mid = math.radians((min(lats) + max(lats)) / 2)
        self.dlon = size / (METRES_PER_DEGREE_LAT * max(math.cos(mid), 0.01))
        self.rows = int((max(lats) - self.lat0) / self.dlat) + 1
        self.cols = int((max(lons) - self.lon0) / self.dlon) + 1

    def cell(self, lat, lon):
        return int((lat - self.lat0) / self.dlat), int((lon - self.lon0) / self.dlon)

    def cells(self, points) -> list[tuple[int, int]]:
        """cell() of every point, without a method call per point (a year's points of a busy
        municipality are tens of thousands)."""
        lat0, lon0, dlat, dlon = self.lat0, self.lon0, self.dlat, self.dlon
        return [(int((p[0] - lat0) / dlat), int((p[1] - lon0) / dlon)) for p in points]

    def centre(self, row, col):
        return round(self.lat0 + (row + 0.5) * self.dlat, 5), round(self.lon0 + (col + 0.5) * self.dlon, 5)


def recurring_places(named: list[tuple[str, int]], unnamed: list[tuple[float, float, str | None]], limit=10):
    """Named places (areas.Place) with at least 2 reports, and ~100 m cells of reports without a
    place with at least 3 reports, labelled with their area and position; the `limit` largest.

    `named` is [(place name, count)] from the database; `unnamed` is [(lat, lon, area name)]."""
    rows = [{"name": name, "count": n} for name, n in named if n >= 2]
    if unnamed:
        grid = _Grid(unnamed, PLACE_CELL_M)
        pairs = Counter(zip(grid.cells(unnamed), (area for _lat, _lon, area in unnamed), strict=True))
        cells: Counter = Counter()
        for (cell, _area), n in pairs.items():
            cells[cell] += n
        candidates = [(cell, n) for cell, n in cells.items() if n >= 3]
        # Only cells that can reach the top `limit` get a label (ties at the edge included), so
        # a year of a busy municipality does not format thousands of names to keep ten.
        counts = sorted([r["count"] for r in rows] + [n for _cell, n in candidates], reverse=True)
        threshold = counts[limit - 1] if len(counts) >= limit else 0
        wanted = {cell for cell, n in candidates if n >= threshold}
        areas: dict[tuple, Counter] = {cell: Counter() for cell in wanted}
        for (cell, area), n in pairs.items():
            if cell in wanted:
                areas[cell][area] += n
        outside, label = _("Utanför områden"), _("%(area)s (nära %(lat).4f,%(lon).4f)")
        for cell in wanted:
            area = areas[cell].most_common(1)[0][0] or outside
            lat, lon = grid.centre(*cell)
            rows.append({"name": label % {"area": area, "lat": lat, "lon": lon}, "count": cells[cell]})
    rows.sort(key=lambda r: (-r["count"], r["name"]))
    return rows[:limit]


def hotspots(points: list[tuple[float, float]]) -> list[dict]:
    """Statistically significant clusters of EST reports: Getis-Ord Gi*.

    Method: the reports are counted in a regular grid of ~250 m square cells covering their
    extent (empty cells included, so that a cluster stands out against its surroundings; the
    cell size grows if the extent would need more than 10,000 cells). Neighbours are the queen
    contiguity of the grid (the 8 surrounding cells) with binary weights, and Gi* includes the
    cell itself (`esda.G_Local(..., transform="B", star=True)`, PySAL). Significance is a
    one-sided pseudo p-value from 999 conditional permutations (the cell's own count fixed, its
    neighbours drawn at random from the other cells): the share of permutations whose Gi* is at
    least the observed one, so that ties (a lone report among empty cells) are not significant.
    The permutations use a fixed seed, so that the same data give the same hot spots.
    A cell is a hot spot when its z-score is positive, its p-value below 0.05 and it holds at
    least one report (a neighbour of a cluster can be significant without reports of its own; it
    is not drawn). Returns [{"lat", "lon" (cell centre), "count", "z", "p"}], highest z first;
    [] with fewer than 10 reports or when all lie in one cell."""
    if len(points) < HOTSPOT_MIN_POINTS:
        return []
    size = HOTSPOT_CELL_M
    grid = _Grid(points, size)
    while grid.rows * grid.cols > HOTSPOT_MAX_CELLS:
        size *= 1.5
        grid = _Grid(points, size)
    if grid.rows * grid.cols < 2:
        return []
    counts = Counter(grid.cells(points))
    if len(counts) < 2:
        return []
    # Gi* with a fixed seed is a function of the grid and its cell counts alone, so the answer is
    # cached under a digest of exactly those (and of the method's settings): a changed, added or
    # removed report that moves a count gives a new key, and the page, the PDF, the Word file and
    # the API asking for the same picture compute it once.
    key = hashlib.sha256(
        repr((HOTSPOT_CACHE_VERSION, size, grid.lat0, grid.lon0, grid.rows, grid.cols, sorted(counts.items()))).encode()
    ).hexdigest()
    cached = cache.get(f"lagesbild:hotspots:{key}")
    if cached is None:
        cached = _gi_star(grid, counts)
        cache.set(f"lagesbild:hotspots:{key}", cached, HOTSPOT_CACHE_SECONDS)
    return cached


def _gi_star(grid: _Grid, counts: Counter) -> list[dict]:
    import numpy as np
    from esda import G_Local
    from libpysal.weights import lat2W

    y = np.zeros(grid.rows * grid.cols)
    for (row, col), n in counts.items():
        y[row * grid.cols + col] = n
    # lat2W numbers cells row by row, like y above.
    weights = lat2W(grid.rows, grid.cols, rook=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands in 1×1 grids, numba missing
        g = G_Local(
            y, weights, transform="B", star=True, permutations=HOTSPOT_PERMUTATIONS, seed=HOTSPOT_SEED, n_jobs=1
        )
    # esda's p_sim is folded (the smaller tail) and counts ties as extreme, so that a lone report
    # in an empty neighbourhood, equal to all its permutations, would look significant. A hot
    # spot asks for the upper tail only: the share of permutations at least as large as observed.
    tolerance = 1e-9 * np.abs(g.Gs)[:, None]
    p = ((g.rGs >= g.Gs[:, None] - tolerance).sum(axis=1) + 1) / (HOTSPOT_PERMUTATIONS + 1)
    result = []
    for index in np.flatnonzero((g.Zs > 0) & (p < HOTSPOT_ALPHA) & (y > 0)):
        row, col = divmod(int(index), grid.cols)
        lat, lon = grid.centre(row, col)
        result.append(
            {
                "lat": lat,
                "lon": lon,
                "count": int(y[index]),
                "z": round(float(g.Zs[index]), 2),
                "p": round(float(p[index]), 4),
            }
        )
    result.sort(key=lambda r: (-r["z"], -r["count"]))
    return result
