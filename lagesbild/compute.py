"""The situation picture (lägesbild): the figures for a period and a scope, as a JSON-ready dict.

One function, `situation_picture`, used by the page, the API, the PDF and the Word export, and
stored as the frozen figures of a SituationPicture. Sources:

- `est`: EST reports (incidents.Incident), except rejected and merged ones;
- `police_events`: the police's public event feed (policedata.PoliceEvent) for the scope's
  municipalities; events at county level (no municipality) and summary events ("Sammanfattning
  natt", which bundle several incidents) are never counted, the county-level ones are shown
  separately under `police_events.county_level`;
- `police_reports`: monthly police report counts (policedata.PoliceReportCount); a month counts
  when its first day lies in the period.

Every period boundary is local (Europe/Stockholm) midnight; `date_to` is inclusive.

The counts of EST reports and police events come from the aggregate tables (lagesbild.MonthlyCount
and WeekHourCount for a period's whole months, HourlyCount for the days around them; kept by
database triggers: lagesbild/aggregates.py), never from a scan of the raw rows; only the points,
recurring places and hot spots read raw EST reports, for their positions.
"""

import datetime
import gc
from collections import Counter

from django.db.models import Sum
from django.utils.translation import gettext as _

from areas.models import Area, Place
from areas.naming import PlaceNamer
from incidents.models import Incident, IncidentCategory
from lagesbild import spatial
from lagesbild.counts import BY_AREA, BY_CATEGORY, BY_TYPE, Counts
from policedata.models import PoliceReportCount
from samtrygg.dates import local_day_start, previous_period, shift_years
from tenancy.models import Municipality

SOURCES = ("est", "police_events", "police_reports")
UNCATEGORISED = ""


def situation_picture(
    municipalities: list[Municipality],
    date_from: datetime.date,
    date_to: datetime.date,
    areas: list[Area] | None = None,
) -> dict:
    """The situation picture for the municipalities (one, or a police area's) and the period,
    optionally limited to some of their areas. See the module docstring for the sources."""
    # The points and places are tens of thousands of small acyclic objects; their allocations
    # would trigger full collections of the whole process's heap (~40 ms each with numpy and
    # esda loaded) that find no garbage. Collection is paused for the call only.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _situation_picture(municipalities, date_from, date_to, areas)
    finally:
        if enabled:
            gc.enable()


def _situation_picture(municipalities, date_from, date_to, areas) -> dict:
    scope = _Scope(municipalities, areas)
    current = scope.period(date_from, date_to)
    previous_from, previous_to = previous_period(date_from, date_to)
    last_year_from, last_year_to = shift_years(date_from, -1), shift_years(date_to, -1)
    previous = scope.period(previous_from, previous_to)
    last_year = scope.period(last_year_from, last_year_to)

    totals = current.totals()
    detail = len(scope.ids) <= spatial.MAX_MUNICIPALITIES
    # One read of the period's raw EST reports for the points, the recurring places and the hot
    # spots (only for scopes small enough to draw, see spatial.MAX_MUNICIPALITIES).
    est_rows = _est_rows(current) if detail else []
    named = Counter(row[3] for row in est_rows if row[3] is not None)
    # Hot spots and unnamed recurring places are named by the scope's places and areas.
    namer = PlaceNamer(municipalities=scope.municipalities)
    return {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat(), "days": (date_to - date_from).days + 1},
        "scope": {
            "municipalities": [{"code": m.code, "name": m.name} for m in scope.municipalities],
            "areas": [{"id": a.pk, "name": a.name} for a in scope.areas],
        },
        "totals": totals,
        "by_category": _by_category(scope, current, previous, last_year),
        "by_area": _by_area(scope, current),
        "weekday_hour": current.weekday_hour(),
        "comparison": {
            "previous_period": _comparison(totals, previous_from, previous_to, previous.totals()),
            "same_period_last_year": _comparison(totals, last_year_from, last_year_to, last_year.totals()),
        },
        "recurring_places": spatial.recurring_places(
            named=list(named.items()), unnamed=[row[:2] for row in est_rows if row[3] is None], namer=namer
        ),
        "hotspots": spatial.hotspots(
            points=[row[:2] for row in est_rows],
            region=spatial.scope_region(municipalities=scope.municipalities, areas=scope.areas)
            if len(est_rows) >= spatial.HOTSPOT_MIN_POINTS
            else None,
            namer=namer,
        ),
        "spatial": {
            "detail": detail,
            "note": ""
            if detail
            else _(
                "Punkter, återkommande platser och hot spots visas för en kommun eller ett lokalpolisområde, "
                "inte för fler än %(n)d kommuner samtidigt."
            )
            % {"n": spatial.MAX_MUNICIPALITIES},
        },
        "police_events": {
            "total": totals["police_events"],
            "by_type": current.police_by_type(),
            "county_level": current.county_level_events(),
        },
        "points": [{"lat": row[0], "lon": row[1], "source": "est", "category": row[2]} for row in est_rows],
    }


def _est_rows(period: "_Period") -> list[tuple]:
    """(lat, lon, category slug, place name, area name) of the period's EST reports. The names
    come from three small lookups by the ids that occur, not from joins: a busy municipality's
    year is tens of thousands of rows, and three joins per row cost more than the rows."""
    rows = list(period.est.values_list("lat", "lon", "category_id", "place_id", "area_id"))
    names = []
    for model, field, index in ((IncidentCategory, "slug", 2), (Place, "name", 3), (Area, "name", 4)):
        ids = {row[index] for row in rows} - {None}
        names.append(dict(model.objects.filter(pk__in=ids).values_list("pk", field)) if ids else {})
    slugs, places, areas = names
    return [(lat, lon, slugs.get(c), places.get(p), areas.get(a)) for lat, lon, c, p, a in rows]


class _Scope:
    def __init__(self, municipalities, areas):
        self.municipalities = sorted(municipalities, key=lambda m: m.name)
        self.ids = [m.pk for m in self.municipalities]
        self.areas = sorted(areas or [], key=lambda a: a.name)
        self.area_ids = [a.pk for a in self.areas] or None
        self._periods: dict[tuple, _Period] = {}

    def period(self, date_from, date_to) -> "_Period":
        # A year's previous period is also the same period last year: counted once.
        key = (date_from, date_to)
        if key not in self._periods:
            self._periods[key] = _Period(self, date_from, date_to)
        return self._periods[key]


class _Period:
    """One period's counts. EST reports and police events are read from the pre-aggregated
    tables (kept by database triggers: lagesbild/aggregates.py, read by lagesbild/counts.py),
    never from the raw rows. Only `est` (the raw EST reports, for points and recurring places)
    is a raw queryset, evaluated for the current period only."""

    def __init__(self, scope: _Scope, date_from, date_to):
        self.scope = scope
        self.date_from, self.date_to = date_from, date_to
        self.start = local_day_start(date_from)
        self.end = local_day_start(date_to + datetime.timedelta(days=1))
        in_range = {"occurred_at__gte": self.start, "occurred_at__lt": self.end}
        self.est = Incident.objects.filter(municipality_id__in=scope.ids, **in_range).exclude(
            status__in=[Incident.Status.REJECTED, Incident.Status.MERGED]
        )
        self.counts = Counts(scope.ids, scope.area_ids, date_from, date_to)
        self.reports = PoliceReportCount.objects.filter(
            municipality_id__in=scope.ids, month__gte=date_from, month__lte=date_to
        )
        if scope.area_ids:
            self.est = self.est.filter(area_id__in=scope.area_ids)
            self.reports = self.reports.filter(area_id__in=scope.area_ids)
        # No ordering: these are only aggregated.
        self.est, self.reports = self.est.order_by(), self.reports.order_by()
        self._sums = None

    def sums(self) -> dict[int, dict[tuple, int]]:
        if self._sums is None:
            self._sums = self.counts.sums()
        return self._sums

    def category_ids(self) -> set[int]:
        return {category_id for _source, category_id in self.sums()[BY_CATEGORY] if category_id}

    def totals(self) -> dict:
        sums = {"est": 0, "police": 0}
        for (source, _category), n in self.sums()[BY_CATEGORY].items():
            sums[source] += n
        return {
            "est": sums["est"],
            "police_events": sums["police"],
            "police_reports": int(self.reports.aggregate(n=Sum("count"))["n"] or 0),
        }

    def by(self, field: str, category_slugs: dict[int, str] | None = None) -> dict[str, dict]:
        """{source: {category slug or area id: count}}; None for no category or no area."""
        result: dict[str, dict] = {"est": {}, "police_events": {}}
        for (source, value), n in self.sums()[BY_CATEGORY if field == "category" else BY_AREA].items():
            if field == "category":
                key = category_slugs.get(value) if value else None
            else:
                key = value or None
            counts = result["est" if source == "est" else "police_events"]
            counts[key] = counts.get(key, 0) + n
        report_field = "category__slug" if field == "category" else "area_id"
        result["police_reports"] = {
            key: int(n)
            for key, n in self.reports.values_list(report_field).annotate(n=Sum("count")).values_list(report_field, "n")
        }
        return result

    def police_by_type(self) -> dict[str, int]:
        by_type = {police_type: n for (source, police_type), n in self.sums()[BY_TYPE].items() if source == "police"}
        return dict(sorted(by_type.items(), key=lambda item: (-item[1], item[0])))

    def weekday_hour(self) -> list[list[int]]:
        """7×24 counts of EST reports and police events, Monday first, local time."""
        return self.counts.weekday_hour()

    def county_level_events(self) -> int:
        return self.counts.county_level({m.county_code for m in self.scope.municipalities if m.county_code})


def _row_total(counts: dict[str, dict], key) -> int:
    return sum(counts[source].get(key, 0) for source in SOURCES)


def _by_category(scope: _Scope, current: _Period, previous: _Period, last_year: _Period) -> list[dict]:
    """Per council category (by slug, so a police area's municipalities add up); police rows
    without a council category under "Ej kopplad"."""
    names: dict[str, str] = {}
    active: set[str] = set()
    slugs: dict[int, str] = {}
    for pk, slug, name, is_active in (
        IncidentCategory.objects.filter(municipality_id__in=scope.ids)
        .order_by("position", "name")
        .values_list("pk", "slug", "name", "active")
    ):
        names.setdefault(slug, name)
        slugs[pk] = slug
        if is_active:
            active.add(slug)
    # A category of another municipality (not expected: the triggers count a row's own
    # category) is still named.
    others = {c for period in (current, previous, last_year) for c in period.category_ids()} - set(slugs)
    if others:
        slugs.update(IncidentCategory.objects.filter(pk__in=others).values_list("pk", "slug"))
    counts = [period.by("category", slugs) for period in (current, previous, last_year)]
    for period_counts in counts:
        for source in SOURCES:
            by_slug = period_counts[source]
            if None in by_slug:
                by_slug[UNCATEGORISED] = by_slug.get(UNCATEGORISED, 0) + by_slug.pop(None)
    order = {slug: i for i, slug in enumerate(names)}
    rows = []
    for slug in [*names, UNCATEGORISED]:
        row = {
            "slug": slug,
            "name": names.get(slug) or _("Ej kopplad"),
            **{source: counts[0][source].get(slug, 0) for source in SOURCES},
            "total": _row_total(counts[0], slug),
            "previous": _row_total(counts[1], slug),
            "last_year": _row_total(counts[2], slug),
        }
        if slug in active or row["total"] or row["previous"] or row["last_year"]:
            rows.append(row)
    rows.sort(key=lambda r: (-r["total"], r["slug"] == UNCATEGORISED, order.get(r["slug"], 0)))
    return rows


def _by_area(scope: _Scope, current: _Period) -> list[dict]:
    """Per area of the scope, with counts per 1,000 inhabitants where the population is known
    (and where the figure comes from: typed, imported or derived from DeSO, and its year), the
    areas with events first, and a last row for what lies in no area (police events mostly:
    they carry no position)."""
    fields = ("id", "name", "population", "population_source", "population_year")
    areas = scope.areas or list(Area.objects.filter(municipality_id__in=scope.ids).only(*fields))
    counts = current.by("area")
    rows = []
    for area in areas:
        total = _row_total(counts, area.pk)
        rows.append(
            {
                "id": area.pk,
                "name": area.name,
                "population": area.population,
                "population_source": area.population_source if area.population is not None else "",
                "population_year": area.population_year if area.population is not None else None,
                **{source: counts[source].get(area.pk, 0) for source in SOURCES},
                "total": total,
                "per_1000": round(total * 1000 / area.population, 2) if area.population else None,
            }
        )
    rows.sort(key=lambda r: (-r["total"], r["name"]))
    outside = {
        "id": None,
        "name": _("Utanför områden"),
        "population": None,
        "population_source": "",
        "population_year": None,
    }
    outside.update({source: counts[source].get(None, 0) for source in SOURCES})
    outside.update(total=_row_total(counts, None), per_1000=None)
    rows.append(outside)
    return rows


def _comparison(totals: dict, date_from, date_to, other: dict) -> dict:
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "totals": other,
        "change_pct": {
            source: round((totals[source] - other[source]) * 100 / other[source], 1) if other[source] else None
            for source in SOURCES
        },
    }
