"""Hot spots a statistician would sign: the scan statistic of lagesbild/spatial.py checked by
simulation on Lomma's real boundary, and hot spots and recurring places named by places and
areas (areas/naming.py), in the API, on the page and in the Word file."""

import datetime
import io
import math

import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from areas.naming import PlaceNamer
from incidents.models import Incident, IncidentCategory
from lagesbild import exporters, spatial

pytestmark = pytest.mark.django_db

RUNS = 100
LOMMA_HAMN = (55.6745, 13.0575)


def uniform(rng, polygon, n) -> list[tuple[float, float]]:
    """n positions uniformly at random over the polygon (lon/lat), as (lat, lon)."""
    minx, miny, maxx, maxy = polygon.bounds
    found: list[tuple[float, float]] = []
    while len(found) < n:
        lon, lat = rng.uniform(minx, maxx, 4 * n), rng.uniform(miny, maxy, 4 * n)
        inside = shapely.contains_xy(polygon, lon, lat)
        found += zip(lat[inside].tolist(), lon[inside].tolist(), strict=True)
    return found[:n]


def cluster(rng, centre, n, radius_m) -> list[tuple[float, float]]:
    """n positions uniformly at random within radius_m of centre."""
    r = radius_m * np.sqrt(rng.uniform(size=n))
    angle = rng.uniform(0, 2 * math.pi, n)
    lat = centre[0] + r * np.sin(angle) / 111_320
    lon = centre[1] + r * np.cos(angle) / (111_320 * math.cos(math.radians(centre[0])))
    return list(zip(lat.tolist(), lon.tolist(), strict=True))


def distance_m(a, b) -> float:
    return math.hypot((a[0] - b[0]) * 111_320, (a[1] - b[1]) * 111_320 * math.cos(math.radians(a[0])))


@pytest.fixture
def land(lomma):
    """Lomma's boundary as the situation picture uses it: the null hypothesis's region."""
    region = spatial.scope_region(municipalities=[lomma])
    assert region is not None and region.equals(shape(lomma.boundary))
    return region


def test_it_finds_no_hotspot_in_reports_spread_uniformly_in_95_of_100_runs(land):
    # The scan controls the family-wise error over all its windows (at HOTSPOT_ALPHA, 1 %): at
    # most 5 of 100 data sets without any cluster may show a hot spot (the old uncorrected Gi*
    # showed several in nearly every one).
    false_alarms = [
        seed
        for seed in range(RUNS)
        if spatial.hotspots(points=uniform(np.random.default_rng(seed), land, 200), region=land)
    ]
    assert len(false_alarms) <= RUNS * 5 // 100, false_alarms


def test_it_finds_a_planted_cluster_at_its_place_in_90_of_100_runs(land):
    # 15 reports within 150 m, somewhere in the municipality, among 200 spread uniformly.
    missed = []
    for seed in range(RUNS):
        rng = np.random.default_rng(10_000 + seed)
        [centre] = uniform(rng, land, 1)
        points = uniform(rng, land, 200) + cluster(rng, centre, 15, 150)
        found = spatial.hotspots(points=points, region=land)
        if not any(distance_m((h["lat"], h["lon"]), centre) <= 250 for h in found):
            missed.append(seed)
    assert len(missed) <= RUNS * 10 // 100, missed


def test_it_needs_five_reports_for_a_hotspot(land):
    # Single reports on a 2 km lattice over Lomma, and a few at one spot in Lomma hamn: four in
    # one cell are far above the expected 0.02 there, but a hot spot needs five.
    minx, miny, maxx, maxy = land.bounds
    lattice = [
        (lat, lon)
        for lat in np.linspace(miny, maxy, 6)
        for lon in np.linspace(minx, maxx, 6)
        if land.contains(shapely.Point(lon, lat)) and distance_m((lat, lon), LOMMA_HAMN) > 1000
    ]
    assert len(lattice) >= 10
    assert spatial.hotspots(points=lattice + [LOMMA_HAMN] * 4, region=land) == []
    [found] = spatial.hotspots(points=lattice + [LOMMA_HAMN] * 5, region=land)
    assert found["count"] == 5 and (found["lat"], found["lon"]) == LOMMA_HAMN
    assert found["p"] < spatial.HOTSPOT_ALPHA and found["expected"] < 1


def test_it_names_positions_by_place_direction_and_area(lomma):
    name = PlaceNamer(municipalities=[lomma])
    assert name(*LOMMA_HAMN) == "Lomma hamn"
    assert name(LOMMA_HAMN[0] - 300 / 111_320, LOMMA_HAMN[1]) == "300 m söder om Lomma hamn"
    # Bjärred, 1.2 km west of Borgeby slott and more than 500 m from any other place
    assert name(55.7300, 13.0400) == "Bjärred, 1,2 km väster om Borgeby slott"
    assert name(55.70, 12.70) == "Utanför områden"  # in the sound


def category(municipality):
    return IncidentCategory.objects.get(municipality=municipality, slug="skadegorelse-klotter")


def plant(lomma, land, when):
    """Reports of a month: 20 at Lomma hamn (no place picked) among 60 spread over Lomma."""
    rng = np.random.default_rng(42)
    for lat, lon in cluster(rng, LOMMA_HAMN, 20, 100) + uniform(rng, land, 60):
        Incident.objects.create(
            municipality=lomma,
            category=category(lomma),
            occurred_at=when,
            lat=lat,
            lon=lon,
            description="Klotter.",
        )


def test_it_names_hotspots_and_recurring_places_in_the_api(api, lomma, land):
    plant(lomma, land, datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
    response = api("coordinator.lomma").get(
        "/api/v1/situation-picture", {"municipality": "1262", "from": "2026-03-01", "to": "2026-03-31"}
    )
    assert response.status_code == 200, response.content
    data = response.json()
    [top, *_rest] = data["hotspots"]
    assert top["name"] == "Lomma hamn" and top["count"] >= 15
    assert {"lat", "lon", "expected", "relative_risk", "llr", "p", "radius_m"} <= set(top)
    # a place, not "area (nära 55.6745,13.0575)"
    assert data["recurring_places"][0]["name"] == "Lomma hamn"
    assert not any(ch.isdigit() for ch in data["recurring_places"][0]["name"])
    schema = api("coordinator.lomma").get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert {"name", "count", "lat", "lon", "p"} <= set(schema["HotspotOut"]["required"])
    assert set(schema["RecurringPlaceOut"]["required"]) == {"name", "count"}


def test_it_shows_hotspot_names_on_the_page_and_in_the_word_file(lomma, land):
    from django.template.loader import render_to_string
    from docx import Document

    plant(lomma, land, datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC))
    report = exporters.report_for_scope([lomma], datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), [])
    rows = exporters.figures(report.data)
    html = render_to_string("lagesbild/_hotspots_table.html", {"rows": rows})
    assert "Lomma hamn" in html and "55,67" not in html and "55.67" not in html
    assert "efter korrektion för många samtidiga test" in html
    document = Document(io.BytesIO(exporters.docx(report)))
    [table] = [t for t in document.tables if t.cell(0, 0).text == "Plats" and t.cell(0, 1).text == "Rapporter"]
    assert table.cell(1, 0).text == "Lomma hamn"
    assert any("efter korrektion för många samtidiga test" in p.text for p in document.paragraphs)


def test_it_counts_reports_at_a_place_with_it_whether_or_not_the_place_was_picked():
    # The unnamed reports' ~100 m cell is named by its centre, within 150 m of the place.
    rows = spatial.recurring_places(
        named=[("Lomma hamn", 2), ("Borgeby slott", 1)],
        unnamed=[LOMMA_HAMN] * 3 + [(55.70, 13.00)] * 4,
        namer=lambda lat, lon: "Lomma hamn" if distance_m((lat, lon), LOMMA_HAMN) < 150 else "Lomma landsbygd",
    )
    assert rows == [{"name": "Lomma hamn", "count": 5}, {"name": "Lomma landsbygd", "count": 4}]


def test_it_looks_for_hotspots_on_the_chosen_areas_land(lomma):
    from areas.models import Area
    from lagesbild.compute import situation_picture

    bjarred = Area.objects.get(municipality=lomma, name="Bjärred")
    polygon = shape(bjarred.geometry)
    rng = np.random.default_rng(8)
    when = datetime.datetime(2026, 3, 10, 12, tzinfo=datetime.UTC)
    for lat, lon in cluster(rng, (55.7175, 13.0245), 12, 80) + uniform(rng, polygon, 30):
        Incident.objects.create(
            municipality=lomma, category=category(lomma), occurred_at=when, lat=lat, lon=lon, area=bjarred
        )
    data = situation_picture([lomma], datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), [bjarred])
    assert spatial.scope_region(municipalities=[lomma], areas=[bjarred]).equals(polygon)
    assert [h["name"] for h in data["hotspots"]] == ["Bjärreds centrum"]
