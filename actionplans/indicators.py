"""The series a goal's indicator can follow, counted per local (Europe/Stockholm) month:

- `est`: EST reports of one council category (indicator_params["category"], the category's slug
  in the plan's municipality), read from lagesbild.HourlyCount (source "est"), whose `day` is
  already the local date, so a report at 00:30 on the first of a month counts in that month
  whatever UTC says;
- `police_events`: the police's events of one type (indicator_params["police_type"]), HourlyCount
  source "police", municipality-level rows only (county_code "");
- `police_reports`: police-reported crimes mapped to one council category
  (policedata.PoliceReportCount, already monthly).

indicator_params["areas"] (a list of area ids) narrows any of them to those areas.
Values are counts per month; the baseline and the current value are averages per month over
whole months, so a goal's target is read as "at most N a month"."""

import datetime
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from incidents.models import IncidentCategory
from lagesbild.models import HourlyCount
from policedata.models import PoliceReportCount
from samtrygg.dates import add_months, month_start, months_between  # noqa: F401  (also used through indicators.*)

SERIES = ("est", "police_events", "police_reports")
CURRENT_MONTHS = 3


def is_series(goal) -> bool:
    return goal.indicator_source in SERIES


def params_complete(goal) -> bool:
    """Whether the goal names its series fully (the category or the police type)."""
    params = goal.indicator_params or {}
    if goal.indicator_source in ("est", "police_reports"):
        return bool(params.get("category"))
    if goal.indicator_source == "police_events":
        return bool(params.get("police_type"))
    return False


def _municipality_id(goal) -> int:
    return goal.plan.municipality_id


def _category(goal) -> IncidentCategory | None:
    slug = (goal.indicator_params or {}).get("category")
    if not slug:
        return None
    return IncidentCategory.objects.filter(municipality_id=_municipality_id(goal), slug=slug).first()


def _areas(goal) -> list[int]:
    return [int(a) for a in (goal.indicator_params or {}).get("areas") or []]


def _hourly_by_month(rows) -> dict[datetime.date, int]:
    totals: dict[datetime.date, int] = defaultdict(int)
    for day, n in rows.order_by().values("day").annotate(total=Sum("n")).values_list("day", "total"):
        totals[month_start(day)] += n or 0
    return totals


def monthly_series(goal, date_from: datetime.date, date_to: datetime.date) -> list[tuple[datetime.date, int]]:
    """[(first day of month, count)] for every month from date_from's month to date_to's month,
    each month counted whole. Empty for manual goals and for series whose parameters are
    missing or name a category that does not exist."""
    if not is_series(goal) or not params_complete(goal) or date_from > date_to:
        return []
    months = months_between(date_from, date_to)
    first, stop = months[0], add_months(months[-1], 1)
    areas = _areas(goal)
    params = goal.indicator_params or {}
    if goal.indicator_source == "police_reports":
        category = _category(goal)
        if category is None:
            return []
        rows = PoliceReportCount.objects.filter(
            municipality_id=_municipality_id(goal), category=category, month__gte=first, month__lt=stop
        )
        if areas:
            rows = rows.filter(area_id__in=areas)
        totals: dict[datetime.date, int] = defaultdict(int)
        for month, n in rows.order_by().values("month").annotate(total=Sum("count")).values_list("month", "total"):
            totals[month_start(month)] += n or 0
    else:
        rows = HourlyCount.objects.filter(
            municipality_id=_municipality_id(goal), county_code="", day__gte=first, day__lt=stop
        )
        if goal.indicator_source == "est":
            category = _category(goal)
            if category is None:
                return []
            rows = rows.filter(source="est", category_id=category.pk)
        else:
            rows = rows.filter(source="police", police_type=params["police_type"])
        if areas:
            rows = rows.filter(area_id__in=areas)
        totals = _hourly_by_month(rows)
    return [(month, totals.get(month, 0)) for month in months]


def _average(goal, first: datetime.date, last: datetime.date) -> Decimal | None:
    series = monthly_series(goal, first, last)
    if not series:
        return None
    total = sum(n for _m, n in series)
    return (Decimal(total) / len(series)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def whole_months(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """(first month, last month) of the calendar months lying wholly inside the period."""
    first = month_start(date_from) if date_from.day == 1 else add_months(month_start(date_from), 1)
    last = add_months(month_start(date_to + datetime.timedelta(days=1)), -1)
    return (first, last) if first <= last else None


def baseline_value(goal) -> Decimal | None:
    """Average count per month over the whole months of baseline_from..baseline_to."""
    if not is_series(goal) or not goal.baseline_from or not goal.baseline_to:
        return None
    months = whole_months(goal.baseline_from, goal.baseline_to)
    return _average(goal, *months) if months else None


def current_value(goal, on: datetime.date) -> Decimal | None:
    """Average count per month over the last three whole months before `on`."""
    if not is_series(goal):
        return None
    last = add_months(month_start(on), -1)
    return _average(goal, add_months(last, -(CURRENT_MONTHS - 1)), last)


def describe(goal) -> str:
    """The series in words, for the indicator and the data source of a series goal."""
    params = goal.indicator_params or {}
    if goal.indicator_source == "est":
        category = _category(goal)
        return _("EST-rapporter i kategorin %(name)s per månad") % {
            "name": category.name if category else params.get("category", "?")
        }
    if goal.indicator_source == "police_events":
        return _("Polisens händelser av typen %(type)s per månad") % {"type": params.get("police_type", "?")}
    if goal.indicator_source == "police_reports":
        category = _category(goal)
        return _("Polisanmälda brott i kategorin %(name)s per månad") % {
            "name": category.name if category else params.get("category", "?")
        }
    return goal.indicator


def data_source(goal) -> str:
    """The implied data source of a series goal."""
    if goal.indicator_source == "est":
        return _("Samtrygg: EST-rapporter (händelserapportering), räknade per månad")
    if goal.indicator_source == "police_events":
        return _("Samtrygg: Polisens händelser (polisen.se), räknade per månad")
    if goal.indicator_source == "police_reports":
        return _("Samtrygg: Polisanmälda brott per månad (import av polisens statistik)")
    return goal.data_source
