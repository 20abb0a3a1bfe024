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

What the figures may claim (lagesbild/coverage.py): `coverage` says per source which days it
covers and whether the period and its comparison periods are covered in full; a period that has
not ended is `ongoing` and compared like for like (as many days of the previous period and of
last year); a change is a percentage only on a base of coverage.MIN_BASE or more, else a
difference (`change_abs`); no change at all where a period is not fully covered.

EST reports by age group (`by_age_group`) and the age filter (`age`, e.g. "barn-och-unga": only
the EST figures are narrowed, the police's carry no age) read the raw reports of the periods,
by the (municipality, occurred_at) index: the aggregate tables hold no age group.

The counts of EST reports and police events come from the aggregate tables (lagesbild.MonthlyCount
and WeekHourCount for a period's whole months, HourlyCount for the days around them; kept by
database triggers: lagesbild/aggregates.py), never from a scan of the raw rows; only the points,
recurring places and hot spots read raw EST reports, for their positions.
"""

import datetime
import gc
from collections import Counter

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from areas.models import Area, Place
from areas.naming import PlaceNamer
from incidents.models import Incident, IncidentCategory
from lagesbild import coverage, spatial
from lagesbild.counts import BY_AREA, BY_CATEGORY, BY_TYPE, Counts
from policedata.models import PoliceReportCount
from samtrygg import dates
from samtrygg.dates import local_day_start
from tenancy.models import Municipality

SOURCES = ("est", "police_events", "police_reports")
UNCATEGORISED = ""
# "Barn och unga": the groups the lägesbild gives special attention (seed 003: "barn och
# ungdomar" at the weekly meeting; seed 004: "barn, ungdomar och unga vuxna"), children, youth
# and young adults up to 25, as "unga" is used in Swedish youth policy (13–25).
CHILDREN_AND_YOUTH = "barn-och-unga"
YOUNG = (Incident.AgeGroup.CHILDREN, Incident.AgeGroup.YOUTH, Incident.AgeGroup.YOUNG_ADULTS)
AGE_FILTERS = {CHILDREN_AND_YOUTH: [str(g) for g in YOUNG], **{g: [g] for g in Incident.AgeGroup.values}}


def situation_picture(
    municipalities: list[Municipality],
    date_from: datetime.date,
    date_to: datetime.date,
    areas: list[Area] | None = None,
    *,
    age: str | None = None,
    today: datetime.date | None = None,
) -> dict:
    """The situation picture for the municipalities (one, or a police area's) and the period,
    optionally limited to some of their areas and its EST figures to an age filter (a key of
    AGE_FILTERS). `today` (local) decides whether the period is ongoing. See the module
    docstring for the sources."""
    if age is not None and age not in AGE_FILTERS:
        raise ValueError(f"unknown age filter {age!r}")
    # The points and places are tens of thousands of small acyclic objects; their allocations
    # would trigger full collections of the whole process's heap (~40 ms each with numpy,
    # matplotlib and WeasyPrint loaded) that find no garbage. Collection is paused for the call only.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _situation_picture(municipalities, date_from, date_to, areas, age, today or dates.local_today())
    finally:
        if enabled:
            gc.enable()


def _situation_picture(municipalities, date_from, date_to, areas, age, today) -> dict:
    scope = _Scope(municipalities, areas, AGE_FILTERS[age] if age else None)
    current = scope.period(date_from, date_to)
    compared = coverage.comparison_periods(date_from, date_to, today)
    (previous_from, previous_to), (last_year_from, last_year_to) = compared.values()
    previous = scope.period(previous_from, previous_to)
    last_year = scope.period(last_year_from, last_year_to)
    ongoing = coverage.is_ongoing(date_to, today)
    # Coverage is judged over the days that have passed: an ongoing period's future days hold
    # nothing yet, and its comparisons are cut to as many days.
    spans = {"current": (date_from, coverage.elapsed_to(date_from, date_to, today)), **compared}
    window = (min(a for a, _b in spans.values()), max(b for _a, b in spans.values()))
    covered = coverage.coverage(coverage.spans(scope.ids, today=today, window=window), spans)

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
        "ongoing": ongoing,
        "as_of": today.isoformat(),
        "coverage": covered,
        "scope": {
            "municipalities": [{"code": m.code, "name": m.name} for m in scope.municipalities],
            "areas": [{"id": a.pk, "name": a.name} for a in scope.areas],
        },
        "totals": totals,
        "by_category": _by_category(scope, current, previous, last_year),
        "by_area": _by_area(scope, current),
        "weekday_hour": current.weekday_hour(),
        "comparison": {
            key: _comparison(totals, period.date_from, period.date_to, period.totals(), covered, key)
            for key, period in (("previous_period", previous), ("same_period_last_year", last_year))
        },
        "by_age_group": _by_age_group(current, previous, last_year) if detail else None,
        "age_filter": _age_filter(age),
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
    def __init__(self, municipalities, areas, age_groups=None):
        self.age_groups = age_groups  # None, or the age groups the EST figures are narrowed to
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
    is a raw queryset, evaluated for the current period only, and for the age groups (grouped,
    for every period). With an age filter `est` holds only those groups, and the EST counts
    come from it instead of the aggregate tables."""

    def __init__(self, scope: _Scope, date_from, date_to):
        self.scope = scope
        self.date_from, self.date_to = date_from, date_to
        self.start = local_day_start(date_from)
        self.end = local_day_start(date_to + datetime.timedelta(days=1))
        in_range = {"occurred_at__gte": self.start, "occurred_at__lt": self.end}
        self.est_all = Incident.objects.filter(municipality_id__in=scope.ids, **in_range).counted()
        self.counts = Counts(scope.ids, scope.area_ids, date_from, date_to)
        self.reports = PoliceReportCount.objects.filter(
            municipality_id__in=scope.ids, month__gte=date_from, month__lte=date_to
        )
        if scope.area_ids:
            self.est_all = self.est_all.filter(area_id__in=scope.area_ids)
            self.reports = self.reports.filter(area_id__in=scope.area_ids)
        # No ordering: these are only aggregated.
        self.est_all, self.reports = self.est_all.order_by(), self.reports.order_by()
        self.est = self.est_all
        if scope.age_groups is not None:
            groups = list(scope.age_groups)
            if Incident.AgeGroup.UNKNOWN in groups:
                groups.append("")  # the age group is optional: not given is not known
            self.est = self.est_all.filter(age_group__in=groups)
        self._sums = None

    def sums(self) -> dict[int, dict[tuple, int]]:
        if self._sums is None:
            self._sums = self.counts.sums()
            if self.scope.age_groups is not None:
                self._narrow_est(self._sums)
        return self._sums

    def _narrow_est(self, sums: dict[int, dict[tuple, int]]) -> None:
        """The EST counts of the age filter, from the raw reports; the police's stay."""
        for grouping in sums.values():
            for key in [key for key in grouping if key[0] == "est"]:
                del grouping[key]
        rows = (
            self.est.values_list("category_id", "area_id")
            .annotate(n=Count("id"))
            .values_list("category_id", "area_id", "n")
        )
        for category_id, area_id, n in rows:
            for grouping, key in ((BY_CATEGORY, category_id), (BY_AREA, area_id or 0)):
                sums[grouping][("est", key)] = sums[grouping].get(("est", key), 0) + n

    def age_groups(self) -> dict[str, int]:
        """EST reports per age group (not given counts as unknown), whatever the age filter."""
        counts: dict[str, int] = {}
        for group, n in self.est_all.values_list("age_group").annotate(n=Count("id")).values_list("age_group", "n"):
            key = group or Incident.AgeGroup.UNKNOWN.value
            counts[key] = counts.get(key, 0) + n
        return counts

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
        """7×24 counts of EST reports and police events, Monday first, local time. With an age
        filter only the filtered EST reports: the aggregate of the pattern does not tell the
        sources apart, and police events carry no age."""
        if self.scope.age_groups is None:
            return self.counts.weekday_hour()
        grid = [[0] * 24 for _day in range(7)]
        for moment in self.est.values_list("occurred_at", flat=True):
            local = timezone.localtime(moment)
            grid[local.weekday()][local.hour] += 1
        return grid

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


def _comparison(totals: dict, date_from, date_to, other: dict, covered: dict, key: str) -> dict:
    """The other period's totals and the change to them: a percentage only on a base of
    coverage.MIN_BASE or more, the difference always, neither where a source does not cover the
    period and the other one in full."""
    changes = {}
    for source in SOURCES:
        statuses = covered[coverage.COVERAGE_KEYS[source]]["periods"]
        comparable = statuses["current"] == coverage.FULL and statuses[key] == coverage.FULL
        changes[source] = coverage.change(totals[source], other[source], comparable=comparable)
    return {
        "from": date_from.isoformat(),
        "to": date_to.isoformat(),
        "totals": other,
        "change_pct": {source: change["pct"] for source, change in changes.items()},
        "change_abs": {source: change["abs"] for source, change in changes.items()},
    }


def _by_age_group(current: _Period, previous: _Period, last_year: _Period) -> list[dict]:
    """EST reports per age group in the period, the previous period and last year."""
    counts = [period.age_groups() for period in (current, previous, last_year)]
    return [
        {
            "key": group.value,
            "name": str(group.label),
            "children_and_youth": group in YOUNG,
            "est": counts[0].get(group.value, 0),
            "previous": counts[1].get(group.value, 0),
            "last_year": counts[2].get(group.value, 0),
        }
        for group in Incident.AgeGroup
    ]


def _age_filter(age: str | None) -> dict | None:
    if age is None:
        return None
    label = _("barn och unga") if age == CHILDREN_AND_YOUTH else str(Incident.AgeGroup(age).label).lower()
    return {
        "key": age,
        "label": label,
        "groups": AGE_FILTERS[age],
        "note": _(
            "EST-siffrorna gäller bara rapporter om %(label)s. Polisens händelser och polisanmälningar "
            "är inte filtrerade på ålder: de anger ingen ålder. Veckodag och tid visar bara de "
            "filtrerade EST-rapporterna."
        )
        % {"label": label},
    }
