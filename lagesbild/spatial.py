"""The spatial parts of the situation picture: recurring places and statistical hot spots.

Both use EST reports only. Police events carry only the centroid of their municipality or
county, so they are never drawn or counted here.

Hot spots are found with a spatial scan statistic (Kulldorff's, the method of SaTScan), see
`hotspots()` and the README's "Hot spots" paragraph."""

import hashlib
import math
from collections import Counter
from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import gettext_lazy

METRES_PER_DEGREE_LAT = 111_320.0
PLACE_CELL_M = 100  # grid for unnamed recurring places
HOTSPOT_CELL_M = 250  # grid for the scan statistic
LAND_UNITS = 8  # a cell's share of land is counted in eighths
HOTSPOT_MAX_CELLS = 10_000  # the cell size grows for very large extents
# The scanning windows: all cells whose centres lie within these radii (in cells) of a window's
# centre cell, i.e. 1, 5, 9 and 13 cells; at 250 m the largest reaches ~600 m from its centre. A
# hot spot is a place, not a district: larger windows would only find the towns, where people
# live and report.
HOTSPOT_RADII_SQ = (0, 1, 2, 4)
HOTSPOT_MIN_POINTS = 10  # fewer reports in the period: no hot spot analysis
HOTSPOT_MIN_COUNT = 5  # a hot spot holds at least this many reports
HOTSPOT_REPLICATES = 999  # Monte Carlo replicates of the null hypothesis
HOTSPOT_SEED = 20230196  # fixed, so the same data give the same hot spots
# Family-wise: the chance that a picture shows any hot spot where reports lie uniformly at random.
# 1 %, not the usual 5 %: a municipality makes a lägesbild every week or month, and at 5 % one
# picture in twenty would show a hot spot that is not there.
HOTSPOT_ALPHA = 0.01
HOTSPOT_CACHE_VERSION = 2  # raise when the method changes, so that no old answer is reused
HOTSPOT_CACHE_SECONDS = 7 * 24 * 3600
# Points, recurring places and hot spots are given for scopes of at most this many
# municipalities: a municipality, a lokalpolisområde (one to a handful of municipalities) or a
# few neighbours. A 250 m grid means something within a municipality; over a county or the
# country the grid would have to grow to kilometres (HOTSPOT_MAX_CELLS) and the "hot spots"
# would only show where people live, while reading every raw report of a whole country costs
# seconds. Larger scopes get the counts only, and the JSON says so (`spatial`).
MAX_MUNICIPALITIES = 12

Namer = Callable[[float, float], str]

# What a hot spot is, in one line under every hot spot table (page, PDF, Word).
HOTSPOT_METHOD = gettext_lazy(
    "Hot spot: statistiskt säkerställd koncentration av minst 5 EST-rapporter inom högst cirka 600 meter, fler än "
    "om rapporterna vore jämnt spridda över området (Förväntat), efter korrektion för många samtidiga test "
    "(rumslig scanstatistik; högst 1 % risk att någon hot spot visas där ingen finns)."
)


def scope_region(*, municipalities: list, areas: list | None = None):
    """The land a scope's reports can lie on, for the hot spots' null hypothesis: the union of
    the chosen areas' polygons, else of the municipalities' boundaries (shapely, lon/lat); None
    when a municipality has no boundary (the hot spots then take every cell of the extent).
    Kept per process: reading and joining the boundaries costs more than the scan."""
    import shapely
    from shapely.geometry import shape

    versions = tuple((m.pk, m.areas_version, m.min_lat, m.min_lon, m.max_lat, m.max_lon) for m in municipalities)
    key = (tuple(sorted(a.pk for a in areas or [])), versions)
    if key in _regions:
        return _regions[key]
    if areas:
        parts = [a.geometry for a in areas]
    elif all(m.min_lat is not None for m in municipalities):
        parts = [m.boundary for m in municipalities]
    else:
        parts = []
    region = shapely.union_all([shapely.make_valid(shape(g)) for g in parts if g]) if parts else None
    if region is not None and region.is_empty:
        region = None
    while len(_regions) >= 64:
        _regions.pop(next(iter(_regions)))
    _regions[key] = region
    return region


_regions: dict[tuple, object] = {}


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

    def land(self, region) -> "object":
        """A rows × cols array of the share of each cell that lies in `region` (a shapely
        geometry in lon/lat), in eighths (0–8): where a report could lie; 8 everywhere when there
        is no region. Eighths keep the hot spots' arithmetic in integers. Kept per process for
        the region and the grid (the same scope is asked for again and again)."""
        import numpy as np
        import shapely

        if region is None:
            return np.full((self.rows, self.cols), LAND_UNITS, dtype=np.int64)
        key = (
            hashlib.sha256(shapely.to_wkb(region)).hexdigest(),
            self.lat0,
            self.lon0,
            self.dlat,
            self.dlon,
            self.rows,
            self.cols,
        )
        land = _land.get(key)
        if land is None:
            rows, cols = np.divmod(np.arange(self.rows * self.cols), self.cols)
            boxes = shapely.box(
                self.lon0 + cols * self.dlon,
                self.lat0 + rows * self.dlat,
                self.lon0 + (cols + 1) * self.dlon,
                self.lat0 + (rows + 1) * self.dlat,
            )
            shapely.prepare(region)
            land = np.zeros(self.rows * self.cols, dtype=np.int64)
            land[shapely.contains(region, boxes)] = LAND_UNITS
            # Only the cells on the boundary are cut (a few hundred of thousands).
            edge = np.flatnonzero(shapely.intersects(region, boxes) & (land == 0))
            share = shapely.area(shapely.intersection(region, boxes[edge])) / (self.dlat * self.dlon)
            land[edge] = np.rint(np.clip(share, 0, 1) * LAND_UNITS)
            land = land.reshape(self.rows, self.cols)
            while len(_land) >= 64:
                _land.pop(next(iter(_land)))
            _land[key] = land
        return land.copy()


_land: dict[tuple, object] = {}


def recurring_places(
    *, named: list[tuple[str, int]], unnamed: list[tuple[float, float]], namer: Namer, limit: int = 10
) -> list[dict]:
    """Named places (areas.Place) with at least 2 reports, and ~100 m cells of reports without a
    place with at least 3 reports; the `limit` largest.

    `named` is [(place name, count)] from the database; `unnamed` is [(lat, lon)]. A cell is
    named by `namer` (areas.naming: the nearest place, with distance and direction when it is not
    right there, or the area), never by coordinates; a cell named like a place (its reports lie
    at the place but nobody picked it) counts with that place, and so do neighbouring cells with
    the same name."""
    rows: Counter = Counter(dict(named))
    if unnamed:
        grid = _Grid(unnamed, PLACE_CELL_M)
        cells = Counter(grid.cells(unnamed))
        candidates = [(cell, n) for cell, n in cells.items() if n >= 3]
        # Only cells that can reach the top `limit` get a name (ties at the edge included), so
        # a year of a busy municipality does not look up thousands of names to keep ten.
        counts = sorted([n for n in rows.values() if n >= 2] + [n for _cell, n in candidates], reverse=True)
        threshold = counts[limit - 1] if len(counts) >= limit else 0
        for cell, n in candidates:
            if n >= threshold:
                rows[namer(*grid.centre(*cell))] += n
    result = [{"name": name, "count": n} for name, n in rows.items() if n >= 2]
    result.sort(key=lambda r: (-r["count"], r["name"]))
    return result[:limit]


def hotspots(*, points: list[tuple[float, float]], region=None, namer: Namer | None = None) -> list[dict]:
    """Statistically significant clusters of EST reports: a spatial scan statistic.

    Method (Kulldorff 1997, the Poisson model of SaTScan): the reports are counted in a regular
    grid of ~250 m cells over their extent (the cell size grows if the extent would need more
    than 10,000 cells). Each cell's weight is the share of it that lies in `region` (the scope's
    land: its municipalities' boundaries, or the chosen areas; shapely, lon/lat), in eighths; a
    cell that holds a report weighs at least an eighth (boundaries are simplified). The null
    hypothesis is that the period's N reports lie uniformly at random over that land. Windows
    are circles around every cell of radius 0, 1, √2 and 2 cells (1, 5, 9 or 13 cells; the
    largest reaches ~600 m from its centre); a window with c reports where e = N × its weight / all weight were expected
    scores the log-likelihood ratio c·ln(c/e) + (N−c)·ln((N−c)/(N−e)) when c > e and c ≥ 5,
    else 0. The test statistic is the largest score of all windows; its distribution under the
    null comes from 999 Monte Carlo replicates (seeded, so the same data give the same answer),
    and a window's p-value is the share of replicates whose largest score reaches the window's
    score. Because every window is compared with the maximum over all windows, the chance of
    claiming any hot spot when there is none is at most HOTSPOT_ALPHA in all (family-wise
    error), however many cells are tested.

    The hot spots are the significant windows that share no cell with a stronger one. Returns
    [{"name" (from `namer`, when given), "lat", "lon" (the mean position of the reports in it),
    "count", "expected", "relative_risk", "llr", "p", "radius_m"}], strongest first; [] with
    fewer than 10 reports."""
    if len(points) < HOTSPOT_MIN_POINTS:
        return []
    size = HOTSPOT_CELL_M
    grid = _Grid(points, size)
    while grid.rows * grid.cols > HOTSPOT_MAX_CELLS:
        size *= 1.5
        grid = _Grid(points, size)
    cells = grid.cells(points)
    counts = Counter(cells)
    land = grid.land(region)
    for row, col in counts:
        land[row, col] = max(land[row, col], 1)
    # The scan with a fixed seed is a function of the grid, its land and its cell counts alone,
    # so the answer is cached under a digest of exactly those (and of the method's settings): a
    # changed, added or removed report that moves a count gives a new key, and the page, the
    # PDF, the Word file and the API asking for the same picture compute it once.
    key = hashlib.sha256(
        repr(
            (
                HOTSPOT_CACHE_VERSION,
                HOTSPOT_ALPHA,
                size,
                grid.lat0,
                grid.lon0,
                grid.rows,
                grid.cols,
                sorted(counts.items()),
                land.tobytes(),
            )
        ).encode()
    ).hexdigest()
    found = cache.get(f"lagesbild:hotspots:{key}")
    if found is None:
        found = _scan(grid.rows, grid.cols, counts, land)
        cache.set(f"lagesbild:hotspots:{key}", found, HOTSPOT_CACHE_SECONDS)
    if not found:
        return []
    return _describe(found, grid, size, points, cells, namer)


def _describe(found, grid, size, points, cells, namer) -> list[dict]:
    """The scan's windows as hot spots: where their reports lie (their mean position, which is
    closer to the cluster than a cell centre) and what that place is called."""
    import numpy as np

    ids = np.fromiter((row * grid.cols + col for row, col in cells), dtype=np.int64, count=len(cells))
    # Which hot spot each report lies in (-1: none); the hot spots share no cell.
    label = np.full(grid.rows * grid.cols, -1, dtype=np.int64)
    for j, window in enumerate(found):
        label[window["cells"]] = j
    of_point = label[ids]
    inside = of_point >= 0
    coords = np.asarray(points, dtype=float)[inside]
    n = np.bincount(of_point[inside], minlength=len(found))
    lats = np.bincount(of_point[inside], weights=coords[:, 0], minlength=len(found)) / n
    lons = np.bincount(of_point[inside], weights=coords[:, 1], minlength=len(found)) / n
    result = []
    for j, window in enumerate(found):
        lat, lon = round(float(lats[j]), 5), round(float(lons[j]), 5)
        item = {"name": namer(lat, lon) if namer else None, "lat": lat, "lon": lon}
        item.update({k: v for k, v in window.items() if k not in ("cells", "radius")})
        # The window takes the cells whose centres lie within its radius: it reaches half a cell
        # further.
        item["radius_m"] = round((math.sqrt(window["radius"]) + 0.5) * size)
        result.append(item)
    return result


def _offsets():
    """(row, col) offsets of the largest window, with the window class each first belongs to."""
    reach = math.isqrt(max(HOTSPOT_RADII_SQ))
    found = []
    for dr in range(-reach, reach + 1):
        for dc in range(-reach, reach + 1):
            d2 = dr * dr + dc * dc
            classes = [k for k, r2 in enumerate(HOTSPOT_RADII_SQ) if d2 <= r2]
            if classes:
                found.append((dr, dc, classes[0]))
    return reach, found


def _window_sums(grids, reach, offsets):
    """For grids (R × rows+2·reach × cols+2·reach, zero-padded), the sums of every window class
    around every cell: a list of R × rows × cols arrays, one per class (windows grow by rings)."""
    import numpy as np

    rows, cols = grids.shape[1] - 2 * reach, grids.shape[2] - 2 * reach
    sums = []
    total = np.zeros((grids.shape[0], rows, cols), dtype=grids.dtype)
    for k in range(len(HOTSPOT_RADII_SQ)):
        for dr, dc, first in offsets:
            if first == k:
                total += grids[:, reach + dr : reach + dr + rows, reach + dc : reach + dc + cols]
        sums.append(total.copy())
    return sums


def _scan(rows: int, cols: int, counts: Counter, land) -> list[dict]:
    """The significant, non-overlapping windows of the scan (see hotspots()): [{"cells" (flat
    cell ids), "count", "expected", "relative_risk", "llr", "p", "radius" (squared, in cells)}],
    strongest first. `land` is each cell's weight in eighths."""
    import numpy as np

    reach, offsets = _offsets()
    n = sum(counts.values())
    centres = np.flatnonzero(land.ravel() > 0)  # the cells a report can lie in, row by row
    total = int(land.sum())
    if len(centres) < 2:
        return []
    padded_land = np.pad(land.astype(np.int32), reach)[None]
    weights = [s[0].ravel()[centres] for s in _window_sums(padded_land, reach, offsets)]
    # The score of c reports in a window of weight w (eighths of a cell): a table over w and c,
    # zero unless c > e and c ≥ HOTSPOT_MIN_COUNT. It never falls as c grows, so the largest
    # score among windows of one weight is the score of their largest count.
    c = np.arange(n + 1, dtype=float)
    table = np.zeros((int(max(w.max() for w in weights)) + 1, n + 1))
    for w in range(1, table.shape[0]):
        e = n * w / total
        with np.errstate(divide="ignore", invalid="ignore"):
            llr = c * np.log(c / e) + np.where(c < n, (n - c) * np.log((n - c) / (n - e)), 0.0)
        table[w] = np.where((c > e) & (c >= HOTSPOT_MIN_COUNT), np.nan_to_num(llr), 0.0)

    observed = np.zeros((1, rows + 2 * reach, cols + 2 * reach), dtype=np.int32)
    for (row, col), count in counts.items():
        observed[0, row + reach, col + reach] = count
    window_counts = [s[0].ravel()[centres] for s in _window_sums(observed, reach, offsets)]
    scores = np.stack([table[weights[k], window_counts[k]] for k in range(len(weights))])  # class × centre
    best = float(scores.max())
    if best <= 0:
        return []

    groups = []
    for w in weights:
        order = np.argsort(w, kind="stable")
        starts = np.flatnonzero(np.r_[True, np.diff(w[order]) != 0])
        groups.append((order, starts, w[order][starts]))
    maxima = _replicates(n, land, centres, reach, offsets, table, groups, best)
    if maxima is None:  # the strongest window is not significant: nothing is
        return []

    def p_value(score):
        return (1 + int(np.count_nonzero(maxima >= score - 1e-9))) / (HOTSPOT_REPLICATES + 1)

    # Strongest first; among equal scores the larger count, then the smaller window, then the
    # position, so that the answer never depends on the order of the arrays.
    k_idx, c_idx = np.nonzero(scores > 0)
    candidates = sorted(
        zip(k_idx.tolist(), c_idx.tolist(), strict=True),
        key=lambda kc: (-scores[kc], -int(window_counts[kc[0]][kc[1]]), kc[0], int(centres[kc[1]])),
    )
    taken: set[int] = set()
    result = []
    for k, i in candidates:
        score = float(scores[k, i])
        p = p_value(score)
        if p >= HOTSPOT_ALPHA:
            break  # the rest score lower
        row, col = divmod(int(centres[i]), cols)
        members = {
            (row + dr) * cols + (col + dc)
            for dr, dc, first in offsets
            if first <= k and 0 <= row + dr < rows and 0 <= col + dc < cols
        }
        if members & taken:
            continue
        taken |= members
        count = int(window_counts[k][i])
        expected = n * int(weights[k][i]) / total
        result.append(
            {
                "cells": sorted(members),
                "count": count,
                "expected": round(expected, 2),
                "relative_risk": round(count / expected, 1),
                "llr": round(score, 2),
                "p": round(p, 4),
                "radius": HOTSPOT_RADII_SQ[k],
            }
        )
    return result


def _replicates(n, land, centres, reach, offsets, table, groups, best):
    """The largest window score in each of HOTSPOT_REPLICATES data sets of n reports placed
    uniformly at random on the land (each cell as likely as its weight), or None as soon as so
    many reach `best` (the observed largest) that no window can be significant (the answer is
    then the same as after all replicates, only sooner)."""
    import numpy as np

    rows, cols = land.shape
    m = len(centres)
    rng = np.random.default_rng(HOTSPOT_SEED)
    give_up = math.ceil(HOTSPOT_ALPHA * (HOTSPOT_REPLICATES + 1)) - 1  # this many reaching best: p ≥ α
    cells = (rows + 2 * reach) * (cols + 2 * reach)
    # Chunks of replicates: small enough to stop early and to stay in memory.
    chunk = max(1, min(100, 2_000_000 // cells, 5_000_000 // max(n, 1)))
    flat = ((centres // cols + reach) * (cols + 2 * reach) + centres % cols + reach).astype(np.int64)
    # Each eighth of land is one unit; a report falls on a unit uniformly at random, and so on
    # its cell with the cell's weight.
    unit_cell = np.repeat(np.arange(m, dtype=np.int32), land.ravel()[centres])
    maxima = np.empty(HOTSPOT_REPLICATES)
    reached = 0
    for start in range(0, HOTSPOT_REPLICATES, chunk):
        r = min(chunk, HOTSPOT_REPLICATES - start)
        # 32-bit draws and offsets: half the memory traffic of the default 64-bit ones, which
        # are most of the time of a busy municipality's year (m·r stays far below 2³¹).
        units = rng.integers(0, len(unit_cell), size=(r, n), dtype=np.int32)
        drawn = unit_cell[units] + (np.arange(r, dtype=np.int32) * m)[:, None]
        on_cells = np.bincount(drawn.ravel(), minlength=r * m).reshape(r, m).astype(np.int32)
        grids = np.zeros((r, cells), dtype=np.int32)
        grids[:, flat] = on_cells
        grids = grids.reshape(r, rows + 2 * reach, cols + 2 * reach)
        top = np.zeros(r)
        for k, sums in enumerate(_window_sums(grids, reach, offsets)):
            order, starts, group_weights = groups[k]
            largest = np.maximum.reduceat(sums.reshape(r, -1)[:, centres[order]], starts, axis=1)
            top = np.maximum(top, table[group_weights[None, :], largest].max(axis=1))
        maxima[start : start + r] = top
        reached += int(np.count_nonzero(top >= best - 1e-9))
        if reached >= give_up:
            return None
    return maxima
