"""The situation picture: lagesbild.compute.situation_picture and GET /api/v1/situation-picture."""

import datetime
import itertools
import math
import random

import pytest

from areas.models import Area, Place
from incidents.models import Incident, IncidentCategory
from lagesbild.compute import situation_picture
from lagesbild.models import SituationSettings
from policedata.models import PoliceEvent, PoliceReportCount
from tenancy.models import Municipality, PoliceArea

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
D = datetime.date
_ids = itertools.count(900_000_000)


@pytest.fixture(autouse=True)
def no_police_data(db):
    """The demo world holds the real police feed; these tests plant their own rows."""
    PoliceEvent.objects.all().delete()
    PoliceReportCount.objects.all().delete()


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def category(municipality, slug):
    return IncidentCategory.objects.get(municipality=municipality, slug=slug)


def est(municipality, when, slug="skadegorelse-klotter", lat=55.7175, lon=13.0245, **kw):
    return Incident.objects.create(
        municipality=municipality,
        category=category(municipality, slug),
        occurred_at=when,
        lat=lat,
        lon=lon,
        description="Klotter.",
        **kw,
    )


def police(municipality, when, type="Skadegörelse", county_code="12", **kw):
    return PoliceEvent.objects.create(
        external_id=next(_ids),
        published_at=when,
        occurred_at=when,
        name=f"{when:%d %B %H.%M}, {type}, {municipality.name if municipality else 'Skåne län'}",
        type=type,
        location_name=municipality.name if municipality else "Skåne län",
        municipality=municipality,
        county_code=county_code,
        lat=55.7,
        lon=13.1,
        **kw,
    )


def reports(municipality, month, count, slug=None, **kw):
    return PoliceReportCount.objects.create(
        municipality=municipality,
        month=month,
        crime_category="Skadegörelsebrott",
        count=count,
        category=category(municipality, slug) if slug else None,
        **kw,
    )


def march(lomma, **kw):
    return situation_picture([lomma], D(2026, 3, 1), D(2026, 3, 31), **kw)


def test_it_counts_each_source(lomma):
    est(lomma, at(2026, 3, 5, 18))
    est(lomma, at(2026, 3, 20, 21))
    est(lomma, at(2026, 4, 2, 12))  # April
    police(lomma, at(2026, 3, 6, 1), type="Misshandel")
    police(lomma, at(2026, 3, 7, 2), type="Skadegörelse")
    police(lomma, at(2026, 3, 8, 3), type="Sammanfattning natt", is_summary=True)
    reports(lomma, D(2026, 3, 1), 5)
    reports(lomma, D(2026, 3, 1), 7)
    reports(lomma, D(2026, 4, 1), 4)
    data = march(lomma)
    assert data["totals"] == {"est": 2, "police_events": 2, "police_reports": 12}
    assert data["period"] == {"from": "2026-03-01", "to": "2026-03-31", "days": 31}
    assert data["scope"] == {"municipalities": [{"code": "1262", "name": "Lomma"}], "areas": []}
    # summaries are left out of the police event figures everywhere
    assert data["police_events"]["total"] == 2
    assert data["police_events"]["by_type"] == {"Misshandel": 1, "Skadegörelse": 1}
    assert [(p["source"], p["category"]) for p in data["points"]] == [("est", "skadegorelse-klotter")] * 2


def test_it_keeps_county_level_events_out_of_totals(lomma):
    police(lomma, at(2026, 3, 6, 12))
    police(None, at(2026, 3, 6, 13))  # Skåne län, no municipality
    police(None, at(2026, 3, 6, 14), county_code="03")  # Uppsala län
    police(Municipality.objects.get(code="1261"), at(2026, 3, 6, 15))  # Kävlinge
    data = march(lomma)
    assert data["totals"]["police_events"] == 1
    assert data["police_events"]["total"] == 1
    assert data["police_events"]["county_level"] == 1


def test_it_leaves_out_rejected_and_merged_reports(lomma):
    kept = est(lomma, at(2026, 3, 5, 18), status=Incident.Status.ACCEPTED)
    est(lomma, at(2026, 3, 5, 18), status=Incident.Status.REJECTED)
    est(lomma, at(2026, 3, 5, 18), status=Incident.Status.MERGED, merged_into=kept)
    est(lomma, at(2026, 3, 6, 18))  # new
    assert march(lomma)["totals"]["est"] == 2


def test_it_counts_by_category_with_previous_period_and_last_year(lomma):
    for _n in range(3):
        est(lomma, at(2026, 3, 10, 12), slug="brand")
    est(lomma, at(2026, 3, 10, 12), slug="nedskrapning")
    police(lomma, at(2026, 3, 11, 12), category=category(lomma, "brand"))
    police(lomma, at(2026, 3, 11, 12), type="Rattfylleri")  # no council category
    reports(lomma, D(2026, 3, 1), 10, slug="nedskrapning")
    est(lomma, at(2026, 2, 10, 12), slug="brand")  # previous period: February
    reports(lomma, D(2025, 3, 1), 6, slug="brand")  # March last year
    rows = {row["slug"]: row for row in march(lomma)["by_category"]}
    assert rows["nedskrapning"] == {
        "slug": "nedskrapning",
        "name": "Nedskräpning",
        "est": 1,
        "police_events": 0,
        "police_reports": 10,
        "total": 11,
        "previous": 0,
        "last_year": 0,
    }
    assert (rows["brand"]["est"], rows["brand"]["police_events"], rows["brand"]["total"]) == (3, 1, 4)
    assert (rows["brand"]["previous"], rows["brand"]["last_year"]) == (1, 6)
    assert rows[""]["name"] == "Ej kopplad" and rows[""]["police_events"] == 1
    totals = [row["total"] for row in march(lomma)["by_category"]]
    assert totals == sorted(totals, reverse=True)


def test_it_compares_with_the_previous_period_and_last_year(lomma):
    est(lomma, at(2026, 3, 10, 12))
    est(lomma, at(2026, 3, 11, 12))
    est(lomma, at(2026, 2, 11, 12))
    comparison = march(lomma)["comparison"]
    assert comparison["previous_period"]["from"] == "2026-02-01"
    assert comparison["previous_period"]["to"] == "2026-02-28"
    assert comparison["previous_period"]["totals"]["est"] == 1
    # EST is covered from the first report (11 February): February is only partly covered
    assert comparison["previous_period"]["change_pct"] == {"est": None, "police_events": None, "police_reports": None}
    assert comparison["previous_period"]["change_abs"]["est"] is None
    SituationSettings.objects.create(municipality=lomma, est_start=D(2025, 1, 1))
    comparison = march(lomma)["comparison"]
    # 2 against 1: a difference, no percentage on so small a base (lagesbild.coverage.MIN_BASE)
    assert comparison["previous_period"]["change_pct"]["est"] is None
    assert comparison["previous_period"]["change_abs"]["est"] == 1
    assert comparison["same_period_last_year"]["from"] == "2025-03-01"
    assert comparison["same_period_last_year"]["change_pct"]["est"] is None


def test_it_uses_local_midnight_as_the_boundary(lomma):
    # 00:30 on Wednesday 1 April 2026 in Stockholm (summer time) is 22:30 UTC on 31 March.
    est(lomma, at(2026, 3, 31, 22, 30))
    police(lomma, at(2026, 3, 31, 22, 30))
    assert march(lomma)["totals"] == {"est": 0, "police_events": 0, "police_reports": 0}
    april = situation_picture([lomma], D(2026, 4, 1), D(2026, 4, 30))
    assert april["totals"]["est"] == 1 and april["totals"]["police_events"] == 1
    assert april["weekday_hour"][2][0] == 2


def test_it_places_events_by_local_weekday_and_hour(lomma):
    est(lomma, at(2026, 3, 2, 20, 15))  # Monday 21:15 (winter time)
    police(lomma, at(2026, 3, 8, 12))  # Sunday 13:00
    grid = march(lomma)["weekday_hour"]
    assert len(grid) == 7 and all(len(day) == 24 for day in grid)
    assert grid[0][21] == 1 and grid[6][13] == 1
    assert sum(map(sum, grid)) == 2


def test_it_gives_counts_per_1000_inhabitants(lomma):
    bjarred = Area.objects.get(municipality=lomma, name="Bjärred")
    bjarred.population = 2000
    bjarred.save()
    Area.objects.filter(municipality=lomma, name="Alnarp").update(population=None)  # the demo gives one
    for _n in range(2):
        est(lomma, at(2026, 3, 10, 12), area=bjarred)
    reports(lomma, D(2026, 3, 1), 1, area=bjarred)
    est(lomma, at(2026, 3, 10, 12))  # in no area
    rows = {row["name"]: row for row in march(lomma)["by_area"]}
    assert rows["Bjärred"]["total"] == 3 and rows["Bjärred"]["per_1000"] == 1.5
    assert rows["Alnarp"]["per_1000"] is None
    outside = march(lomma)["by_area"][-1]
    assert (outside["id"], outside["name"], outside["est"]) == (None, "Utanför områden", 1)


def test_it_limits_the_scope_to_chosen_areas(lomma):
    bjarred = Area.objects.get(municipality=lomma, name="Bjärred")
    est(lomma, at(2026, 3, 10, 12), area=bjarred)
    est(lomma, at(2026, 3, 10, 12), area=Area.objects.get(municipality=lomma, name="Alnarp"))
    data = march(lomma, areas=[bjarred])
    assert data["totals"]["est"] == 1
    assert data["scope"]["areas"] == [{"id": bjarred.pk, "name": "Bjärred"}]
    assert [row["name"] for row in data["by_area"]] == ["Bjärred", "Utanför områden"]


def test_it_lists_recurring_places(lomma):
    square = Place.objects.get(municipality=lomma, name="Centrumplan Lomma")
    for _n in range(3):
        est(lomma, at(2026, 3, 10, 12), place=square)
    est(lomma, at(2026, 3, 10, 12), place=Place.objects.get(municipality=lomma, name="Lomma hamn"))
    bjarred = Area.objects.get(municipality=lomma, name="Bjärred")
    for n in range(4):
        est(lomma, at(2026, 3, 10, 12), lat=55.7300 + n * 0.00005, lon=13.0400, area=bjarred)
    places = march(lomma)["recurring_places"]
    assert places[0]["count"] == 4
    assert {"name": "Centrumplan Lomma", "count": 3} in places
    assert "Lomma hamn" not in [p["name"] for p in places]  # only one report
    # named by the nearest place and the area, not by coordinates
    [cell] = [p for p in places if p["name"] == "Bjärred, 1,2 km väster om Borgeby slott"]
    assert cell["count"] == 4


def distance_m(lat1, lon1, lat2, lon2):
    return math.hypot((lat1 - lat2) * 111_320, (lon1 - lon2) * 111_320 * math.cos(math.radians(lat1)))


def test_it_finds_a_planted_hotspot(lomma):
    rng = random.Random(7)
    centre = (55.6745, 13.0575)  # Lomma hamn
    for _n in range(30):
        est(lomma, at(2026, 3, 10, 12), lat=centre[0] + rng.gauss(0, 0.0004), lon=centre[1] + rng.gauss(0, 0.0007))
    for _n in range(40):
        est(lomma, at(2026, 3, 10, 12), lat=rng.uniform(55.645, 55.75), lon=rng.uniform(12.98, 13.13))
    hotspots = march(lomma)["hotspots"]
    assert hotspots
    assert set(hotspots[0]) == {"name", "lat", "lon", "count", "expected", "relative_risk", "llr", "p", "radius_m"}
    assert hotspots[0]["name"] == "Lomma hamn"
    assert all(h["llr"] > 0 and h["p"] < 0.05 and h["count"] >= 5 for h in hotspots)
    near = [h for h in hotspots if distance_m(h["lat"], h["lon"], *centre) < 600]
    assert sum(h["count"] for h in near) >= 25
    assert distance_m(hotspots[0]["lat"], hotspots[0]["lon"], *centre) < 600
    assert march(lomma)["hotspots"] == hotspots  # seeded: repeatable


def test_it_computes_hotspots_once_for_the_same_cell_counts(monkeypatch):
    from lagesbild import spatial

    calls = []
    real = spatial._scan
    monkeypatch.setattr(spatial, "_scan", lambda *args: calls.append(1) or real(*args))
    rng = random.Random(11)
    points = [(55.70 + rng.uniform(0, 0.02), 13.05 + rng.uniform(0, 0.03)) for _n in range(40)]
    first = spatial.hotspots(points=points)
    assert spatial.hotspots(points=list(reversed(points))) == first and len(calls) == 1  # same counts: cached
    spatial.hotspots(points=[*points[:-1], (55.7101, 13.0601)])  # one report moved: computed again
    assert len(calls) == 2


def test_it_finds_no_hotspots_in_tiny_data(lomma):
    for _n in range(5):
        est(lomma, at(2026, 3, 10, 12), lat=55.70, lon=13.05)
    assert march(lomma)["hotspots"] == []
    for _n in range(10):
        est(lomma, at(2026, 3, 10, 12), lat=55.70, lon=13.05)
    assert march(lomma)["hotspots"] == []  # all in one cell


def test_it_leaves_points_and_hotspots_out_above_a_police_area(lomma):
    from lagesbild import spatial

    est(lomma, at(2026, 3, 10, 12))
    police(lomma, at(2026, 3, 10, 13))
    many = [lomma, *Municipality.objects.exclude(pk=lomma.pk).order_by("code")[: spatial.MAX_MUNICIPALITIES]]
    data = situation_picture(many, D(2026, 3, 1), D(2026, 3, 31))
    assert data["totals"]["est"] == 1 and data["totals"]["police_events"] == 1  # the counts stay
    assert (data["points"], data["hotspots"], data["recurring_places"]) == ([], [], [])
    assert data["spatial"]["detail"] is False and "hot spots" in data["spatial"]["note"]
    assert march(lomma)["spatial"] == {"detail": True, "note": ""}


KEYS = {
    "period",
    "scope",
    "totals",
    "by_category",
    "by_area",
    "weekday_hour",
    "comparison",
    "recurring_places",
    "hotspots",
    "police_events",
    "points",
    "spatial",
    "ongoing",
    "as_of",
    "coverage",
    "by_age_group",
    "age_filter",
}
URL = "/api/v1/situation-picture"


def test_it_answers_the_api(api, lomma):
    est(lomma, at(2026, 3, 10, 12))
    response = api("coordinator.lomma").get(URL, {"municipality": "1262", "from": "2026-03-01", "to": "2026-03-31"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert set(data) == KEYS
    assert data["totals"]["est"] == 1
    assert set(data["comparison"]) == {"previous_period", "same_period_last_year"}
    assert set(data["police_events"]) == {"total", "by_type", "county_level"}


def test_it_limits_the_api_to_areas(api, lomma):
    bjarred = Area.objects.get(municipality=lomma, name="Bjärred")
    alnarp = Area.objects.get(municipality=lomma, name="Alnarp")
    est(lomma, at(2026, 3, 10, 12), area=bjarred)
    params = {"municipality": "1262", "from": "2026-03-01", "to": "2026-03-31", "area": [bjarred.pk, alnarp.pk]}
    data = api("reader.lomma").get(URL, params).json()
    assert [a["name"] for a in data["scope"]["areas"]] == ["Alnarp", "Bjärred"]
    uppsala_area = Area.objects.filter(municipality__code="0380").first()
    params["area"] = [uppsala_area.pk]
    assert api("reader.lomma").get(URL, params).status_code == 422


def test_it_scopes_the_api(api):
    params = {"municipality": "1262", "from": "2026-03-01", "to": "2026-03-31"}
    assert api("coordinator.hoor").get(URL, params).status_code == 404
    assert api("coordinator.hoor").get(URL, {**params, "municipality": "9999"}).status_code == 404
    assert api("reporter.lomma").get(URL, params).status_code == 403
    assert api("reader.lomma").get(URL, params).status_code == 200


def test_it_answers_for_a_police_area(api, lomma):
    kavlinge = Municipality.objects.get(code="1261")
    est(lomma, at(2026, 3, 10, 12))
    police(kavlinge, at(2026, 3, 10, 12))
    police_area = PoliceArea.objects.get(name="LPO Kävlinge")
    params = {"police_area": police_area.pk, "from": "2026-03-01", "to": "2026-03-31"}
    response = api("police.kavlinge").get(URL, params)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["scope"]["municipalities"] == [{"code": "1261", "name": "Kävlinge"}, {"code": "1262", "name": "Lomma"}]
    assert data["totals"]["est"] == 1 and data["totals"]["police_events"] == 1
    # Lomma's coordinator sees Lomma only; Höör's sees nothing of the police area
    coordinator = api("coordinator.lomma").get(URL, params).json()
    assert coordinator["scope"]["municipalities"] == [{"code": "1262", "name": "Lomma"}]
    assert api("coordinator.hoor").get(URL, params).status_code == 404
    assert api("police.kavlinge").get(URL, {**params, "police_area": 999999}).status_code == 404


@pytest.mark.parametrize(
    "params, field",
    [
        ({"municipality": "1262", "from": "2026-03-31", "to": "2026-03-01"}, "to"),
        ({"municipality": "1262", "from": "2010-01-01", "to": "2026-03-01"}, "to"),
        ({"municipality": "1262", "from": "2026-02-30", "to": "2026-03-01"}, "from"),
        ({"from": "2026-03-01", "to": "2026-03-31"}, "municipality"),
        ({"municipality": "1262", "to": "2026-03-31"}, "from"),
    ],
)
def test_it_rejects_bad_parameters_in_swedish(api, params, field):
    response = api("coordinator.lomma").get(URL, params)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert field in errors and errors[field][0]
