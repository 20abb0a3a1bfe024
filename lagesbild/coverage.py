"""What a lägesbild's figures may claim: the periods each source covers, ongoing periods compared
like for like, and no percentage on a base too small to carry one. The one home of these rules;
lagesbild.compute applies them to the figures, the page, the PDF, the Word file and the API show
what they decided.

Coverage per municipality and source, read from indexed columns (one ordered, limited subquery
per municipality and bound: never a scan):

- `est`: from the municipality's EST start (SituationSettings.est_start, set by the coordinator)
  or else its first report, up to today: EST is reported as things happen;
- `police_events`: from the first to the last imported event of the municipality (the feed is
  imported in batches: after the last one nothing is known), or, while the fetcher is healthy
  (a successful run within POLICE_FEED_FRESH_HOURS whose gap-free chain of runs the municipality's
  last event reaches), to the day of its last successful run (policedata.fetch.covered_until);
- `police_report_counts`: the months present. A month's count cannot be split, so only a span of
  whole months, all present, is covered in full.

A scope of several municipalities (a police area) is covered where all of them are: the latest
start, the earliest end, the months every one of them has.

A span is covered `full`, `partial` or `none`; a figure whose period or comparison period is not
`full` is shown as "saknas" (none) or "ofullständig" (partial) with the reason, never as 0 or a
percentage.
"""

import dataclasses
import datetime

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from incidents.models import NOT_COUNTED_STATUSES, Incident
from lagesbild.models import SituationSettings
from policedata import fetch
from policedata.models import PoliceEvent, PoliceReportCount
from samtrygg import dates
from tenancy.models import Municipality

FULL, PARTIAL, NONE = "full", "partial", "none"
STATUSES = (FULL, PARTIAL, NONE)
# The figures' source keys (totals, by_category, …) and their coverage keys (the API's names).
COVERAGE_KEYS = {"est": "est", "police_events": "police_events", "police_reports": "police_report_counts"}
PERIODS = ("current", "previous_period", "same_period_last_year")
NOT_COUNTED = NOT_COUNTED_STATUSES

# A percentage change needs a base of at least this many. A count is roughly Poisson: at 20 its
# 95 % interval is about 12–31, ±45 %, so below 20 a percentage mostly shows chance (45 → 3 is
# "−93 %" but 3 → 6 would be "+100 %"). Below it the change is given as a number ("+4", "−2").
MIN_BASE = 20


# ---- periods ------------------------------------------------------------------------------


def is_ongoing(date_to: datetime.date, today: datetime.date | None = None) -> bool:
    """Whether the period has not ended: its last day is today or later (local)."""
    return date_to >= (today or dates.local_today())


def elapsed_to(date_from: datetime.date, date_to: datetime.date, today: datetime.date) -> datetime.date:
    """The last day with data: today for an ongoing period (at least its first day), else its end."""
    return max(date_from, min(date_to, today))


def comparison_periods(
    date_from: datetime.date, date_to: datetime.date, today: datetime.date
) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The previous period and the same period last year. For an ongoing period only as many days
    as have passed: 1–3 December compares with 1–3 November and 1–3 December last year."""
    previous = dates.previous_period(date_from, date_to)
    last_year = (dates.shift_years(date_from, -1), dates.shift_years(date_to, -1))
    if is_ongoing(date_to, today):
        through = elapsed_to(date_from, date_to, today)
        days = datetime.timedelta(days=(through - date_from).days)
        previous = (previous[0], min(previous[1], previous[0] + days))
        last_year = (last_year[0], min(last_year[1], dates.shift_years(through, -1)))
    return {"previous_period": previous, "same_period_last_year": last_year}


# ---- changes ------------------------------------------------------------------------------


def change(current: int, base: int, *, comparable: bool = True) -> dict:
    """{"pct": percentage or None, "abs": difference or None}: None for both when the periods
    are not comparable (not both fully covered), no percentage on a base below MIN_BASE."""
    if not comparable:
        return {"pct": None, "abs": None}
    pct = round((current - base) * 100 / base, 1) if base >= MIN_BASE else None
    return {"pct": pct, "abs": current - base}


# ---- coverage -----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Span:
    """What one source covers for a scope: first and last day, and for monthly counts the months."""

    source: str
    first: datetime.date | None
    last: datetime.date | None
    months: frozenset = frozenset()
    monthly: bool = False
    est_start_set: bool = False
    # A police area where some municipalities have no data at all: what the others cover (their
    # earliest start, latest end, any month), at most "partial", and who has none.
    some: "Span | None" = None
    without: tuple = ()

    def status(self, date_from: datetime.date, date_to: datetime.date) -> str:
        common = self._status(date_from, date_to)
        if common == NONE and self.some is not None and self.some.status(date_from, date_to) != NONE:
            return PARTIAL
        return common

    def _status(self, date_from: datetime.date, date_to: datetime.date) -> str:
        if self.monthly:
            counted = [m for m in dates.months_between(date_from, date_to) if m >= date_from]
            present = [m in self.months for m in counted]
            if not any(present):
                return NONE
            whole = date_from.day == 1 and (date_to + datetime.timedelta(days=1)).day == 1
            return FULL if whole and all(present) else PARTIAL
        if self.first is None or self.last is None or date_to < self.first or date_from > self.last:
            return NONE
        return FULL if self.first <= date_from and date_to <= self.last else PARTIAL

    def missing_months(self, date_from: datetime.date, date_to: datetime.date) -> list[datetime.date]:
        return [m for m in dates.months_between(date_from, date_to) if m >= date_from and m not in self.months]

    def currency(self) -> str:
        """How current the source is: "Polisens händelser t.o.m. 22 augusti 2026"."""
        if self.first is None and self.some is not None:
            return _("%(currency)s (inga uppgifter för %(names)s)") % {
                "currency": self.some.currency(),
                "names": ", ".join(self.without),
            }
        if self.first is None:
            return {
                "est": _("EST-rapporter: inga rapporter ännu"),
                "police_events": _("Polisens händelser: inga inlästa"),
                "police_report_counts": _("Polisanmälningar: inga inlästa"),
            }[self.source]
        if self.source == "est":
            return _("EST-rapporter från %(date)s") % {"date": dates.format_date(self.first)}
        if self.source == "police_events":
            return _("Polisens händelser %(first)s t.o.m. %(last)s") % {
                "first": dates.format_date(self.first),
                "last": dates.format_date(self.last),
            }
        return _("Polisanmälningar %(first)s t.o.m. %(last)s") % {
            "first": dates.period_label(dates.MONTH, self.first, self.first),
            "last": dates.period_label(dates.MONTH, self.last, self.last),
        }

    def reason(self, date_from: datetime.date, date_to: datetime.date) -> str:
        """Why the span is not fully covered ("" when it is)."""
        status = self.status(date_from, date_to)
        if status == FULL:
            return ""
        if self.without and self.some is not None:
            return _("Uppgifter från källan saknas för %(names)s.") % {"names": ", ".join(self.without)}
        if self.first is None:
            return {
                "est": _("Det finns inga EST-rapporter att visa."),
                "police_events": _("Inga av polisens händelser är inlästa."),
                "police_report_counts": _("Inga polisanmälningar är inlästa."),
            }[self.source]
        if self.monthly:
            missing = self.missing_months(date_from, date_to)
            if missing:
                names = ", ".join(dates.period_label(dates.MONTH, m, m) for m in missing[:6])
                return _("Polisanmälningar saknas för %(months)s.") % {
                    "months": names + (" …" if len(missing) > 6 else "")
                }
            return _("Polisanmälningar finns bara per hel månad.")
        if self.source == "est":
            if self.est_start_set:
                return _("EST-rapporteringen började %(date)s.") % {"date": dates.format_date(self.first)}
            return _("Den första EST-rapporten är från %(date)s.") % {"date": dates.format_date(self.first)}
        if date_from < self.first:
            return _("Inga av polisens händelser är inlästa före %(date)s.") % {"date": dates.format_date(self.first)}
        return _("Inga av polisens händelser är inlästa efter %(date)s.") % {"date": dates.format_date(self.last)}


def _local_date(moment) -> datetime.date | None:
    from django.utils import timezone

    return timezone.localtime(moment).date() if moment is not None else None


def _bounds(model, column: str, municipality_ids: list[int], **filters) -> dict[int, tuple]:
    """{municipality id: (first, last)} of `column`, by one query whose two correlated subqueries
    each read one row of the (municipality, column) index."""
    rows = model.objects.filter(municipality_id=OuterRef("pk"), **filters).order_by()
    first = Subquery(rows.order_by(column).values(column)[:1])
    last = Subquery(rows.order_by(f"-{column}").values(column)[:1])
    return {
        pk: (a, b)
        for pk, a, b in Municipality.objects.filter(pk__in=municipality_ids)
        .annotate(first=first, last=last)
        .values_list("pk", "first", "last")
    }


def _common(bounds: list[tuple]) -> tuple:
    """The span every municipality covers: the latest first day, the earliest last day."""
    if not bounds or any(a is None or b is None for a, b in bounds):
        return None, None
    first, last = max(a for a, _b in bounds), min(b for _a, b in bounds)
    return (first, last) if first <= last else (None, None)


def _with_some(span: Span, bounds: list[tuple], ids: list[int], without) -> Span:
    """`span` with what the municipalities that have data cover, when the others have none."""
    known = [(a, b) for a, b in bounds if a is not None and b is not None]
    if span.first is not None or not known or len(known) == len(bounds):
        return span
    some = dataclasses.replace(span, first=min(a for a, _b in known), last=max(b for _a, b in known))
    has = {pk: a is not None for pk, (a, _b) in zip(ids, bounds, strict=True)}
    return dataclasses.replace(span, some=some, without=without(has))


def spans(
    municipality_ids: list[int], *, today: datetime.date, window: tuple[datetime.date, datetime.date]
) -> dict[str, Span]:
    """Per source what the municipalities all cover. `window` bounds the months of police report
    counts read (the period and its comparison periods)."""
    ids = list(municipality_ids)
    names = dict(Municipality.objects.filter(pk__in=ids).values_list("pk", "name")) if len(ids) > 1 else {}

    def without(has: dict[int, bool]) -> tuple:
        return tuple(sorted(names.get(pk, str(pk)) for pk in ids if not has[pk])) if len(ids) > 1 else ()

    # EST: the set start, else the first counted report; covered up to today.
    starts = dict(SituationSettings.objects.filter(municipality_id__in=ids).values_list("municipality_id", "est_start"))
    need_first = [pk for pk in ids if starts.get(pk) is None]
    firsts = (
        _bounds(
            Incident,
            "occurred_at",
            need_first,
            status__in=[s for s in Incident.Status.values if s not in NOT_COUNTED],
        )
        if need_first
        else {}
    )
    est_firsts = [starts.get(pk) or _local_date(firsts.get(pk, (None, None))[0]) for pk in ids]
    est = Span(
        "est",
        None if not ids or None in est_firsts else max(est_firsts),
        today,
        est_start_set=bool(starts) and all(starts.get(pk) is not None for pk in ids),
    )
    if est.first is None or est.first > today:
        est = dataclasses.replace(est, first=None, last=None)
    with_data = [f for f in est_firsts if f is not None and f <= today]
    if est.first is None and with_data:
        est = dataclasses.replace(
            est,
            some=Span("est", min(with_data), today, est_start_set=est.est_start_set),
            without=without({pk: f is not None for pk, f in zip(ids, est_firsts, strict=True)}),
        )

    events = _bounds(PoliceEvent, "occurred_at", ids)
    bounds = [(_local_date(a), _local_date(b)) for a, b in (events.get(pk, (None, None)) for pk in ids)]
    # a healthy fetcher carries the coverage to its last successful run (policedata.fetch)
    fetched = fetch.covered_until(ids, {pk: b for pk, (_a, b) in events.items()})
    bounds = [(a, max(b, fetched[pk]) if pk in fetched and b else b) for pk, (a, b) in zip(ids, bounds, strict=True)]
    police_events = _with_some(Span("police_events", *_common(bounds)), bounds, ids, without)

    month_bounds = _bounds(PoliceReportCount, "month", ids)
    bounds = [month_bounds.get(pk, (None, None)) for pk in ids]
    first, last = _common(bounds)
    present: dict[int, set] = {pk: set() for pk in ids}
    lo, hi = window
    for pk, month in (
        PoliceReportCount.objects.filter(municipality_id__in=ids, month__gte=dates.month_start(lo), month__lte=hi)
        .order_by()
        .values_list("municipality_id", "month")
        .distinct()
    ):
        present[pk].add(month)
    months = frozenset.intersection(*(frozenset(m) for m in present.values())) if present else frozenset()
    # first and last are first days of months here; `coverage` gives the last month's last day
    reports = Span("police_report_counts", first, last, months=months, monthly=True)
    if first is None:
        union = frozenset().union(*present.values())
        reports = _with_some(dataclasses.replace(reports, months=union), bounds, ids, without)
        reports = dataclasses.replace(reports, months=months)
    return {"est": est, "police_events": police_events, "police_report_counts": reports}


def coverage(source_spans: dict[str, Span], periods: dict[str, tuple[datetime.date, datetime.date]]) -> dict[str, dict]:
    """The `coverage` of the figures: per source its first and last day (ISO, or None), whether
    the period and its comparison periods are all fully covered, the status of each, how current
    the source is and why a period is not covered."""
    result = {}
    for key, span in source_spans.items():
        statuses = {name: span.status(*periods[name]) for name in PERIODS}
        reasons = []
        for name in PERIODS:
            reason = span.reason(*periods[name])
            if reason and reason not in reasons:
                reasons.append(reason)
        last = span.last
        if span.monthly and last is not None:
            last = dates.add_months(last, 1) - datetime.timedelta(days=1)
        result[key] = {
            "from": span.first.isoformat() if span.first else None,
            "to": last.isoformat() if last else None,
            "complete": all(status == FULL for status in statuses.values()),
            "periods": statuses,
            "currency": span.currency(),
            # without any data the currency ("… inga inlästa") already says it all on the page
            "has_data": span.first is not None or span.some is not None,
            "reason": " ".join(reasons),
        }
    return result
