"""actionplans.indicators: a goal's series counted per local month from the aggregate tables,
compared with counts of the raw rows (EST reports through the report service, police events
and monthly police report counts through their imports)."""

import datetime
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from actionplans import indicators, services
from actionplans.models import Goal
from focusareas import services as focus_services
from incidents.models import Incident
from policedata import counts, events
from policedata.models import PoliceEvent

pytestmark = pytest.mark.django_db
STHLM = ZoneInfo("Europe/Stockholm")
D = datetime.date


def local(*args):
    return datetime.datetime(*args, tzinfo=STHLM)


def make_plan(lomma, actor, name="Klotter i centrum", year=2026):
    focus_area = focus_services.create_focus_area(
        lomma, actor, year=year, name=name, status="decided", decided_by="Styrgruppen", decided_on=D(year, 1, 20)
    )
    return services.create_plan(focus_area, actor)


def goal(plan, source="est", **params):
    return Goal(plan=plan, description="Mindre klotter i centrum", indicator_source=source, indicator_params=params)


def est_by_month(lomma, slug, first, stop, area=None):
    """The raw count: EST reports of the category per local month (not rejected or merged)."""
    rows = Incident.objects.filter(municipality=lomma, category__slug=slug).exclude(status__in=["rejected", "merged"])
    if area:
        rows = rows.filter(area=area)
    months = Counter(timezone.localtime(i.occurred_at, STHLM).date().replace(day=1) for i in rows)
    return [(m, months.get(m, 0)) for m in indicators.months_between(first, stop)]


def test_it_counts_est_reports_per_local_month_across_a_dst_month_boundary(lomma, coordinator, report):
    report(occurred_at=local(2026, 1, 10, 12))
    report(occurred_at=local(2026, 1, 20, 18))
    # summer time began 29 March: 23:30 on 31 March is 21:30 UTC, still March
    report(occurred_at=local(2026, 3, 31, 23, 30))
    # 00:30 on 1 April (CEST) is 22:30 UTC on 31 March: April locally
    report(occurred_at=local(2026, 4, 1, 0, 30))
    report(occurred_at=local(2026, 2, 5, 12), category="brand")  # another category
    plan = make_plan(lomma, coordinator)
    g = goal(plan, category="skadegorelse-klotter")
    series = indicators.monthly_series(g, D(2026, 1, 1), D(2026, 4, 30))
    assert series == est_by_month(lomma, "skadegorelse-klotter", D(2026, 1, 1), D(2026, 4, 30))
    assert series == [(D(2026, 1, 1), 2), (D(2026, 2, 1), 0), (D(2026, 3, 1), 1), (D(2026, 4, 1), 1)]
    assert indicators.monthly_series(goal(plan, category="brand"), D(2026, 2, 1), D(2026, 2, 28)) == [
        (D(2026, 2, 1), 1)
    ]


def test_it_counts_the_last_hour_of_october_in_october_after_summer_time_ends(lomma, coordinator, report):
    # winter time from 25 October: 23:30 on 31 October is 22:30 UTC; 00:30 on 1 November is 23:30 UTC on 31 October
    report(occurred_at=local(2026, 10, 31, 23, 30))
    report(occurred_at=local(2026, 11, 1, 0, 30))
    g = goal(make_plan(lomma, coordinator), category="skadegorelse-klotter")
    assert indicators.monthly_series(g, D(2026, 10, 1), D(2026, 11, 30)) == [(D(2026, 10, 1), 1), (D(2026, 11, 1), 1)]


def test_it_narrows_to_areas(lomma, coordinator, report):
    inside = report(occurred_at=local(2026, 2, 3, 12))
    assert inside.area_id, "the default position lies in one of Lomma's areas"
    other = lomma.areas.exclude(pk=inside.area_id).first()
    plan = make_plan(lomma, coordinator)
    g = goal(plan, category="skadegorelse-klotter", areas=[inside.area_id])
    expected = est_by_month(lomma, "skadegorelse-klotter", D(2026, 2, 1), D(2026, 2, 28), area=inside.area)
    assert indicators.monthly_series(g, D(2026, 2, 1), D(2026, 2, 28)) == expected == [(D(2026, 2, 1), 1)]
    g.indicator_params["areas"] = [other.pk]
    assert indicators.monthly_series(g, D(2026, 2, 1), D(2026, 2, 28)) == [(D(2026, 2, 1), 0)]


def test_baseline_averages_whole_months_and_current_the_last_three(lomma, coordinator, report):
    for day in (local(2026, 1, 10, 12), local(2026, 1, 20, 12), local(2026, 3, 31, 23, 30), local(2026, 4, 1, 0, 30)):
        report(occurred_at=day)
    g = goal(make_plan(lomma, coordinator), category="skadegorelse-klotter")
    g.baseline_from, g.baseline_to = D(2026, 1, 1), D(2026, 3, 31)
    assert indicators.baseline_value(g) == Decimal("1.00")  # (2 + 0 + 1) / 3
    g.baseline_from, g.baseline_to = D(2026, 1, 15), D(2026, 4, 30)  # January is not whole
    assert indicators.baseline_value(g) == Decimal("0.67")  # (0 + 1 + 1) / 3
    g.baseline_from, g.baseline_to = D(2026, 1, 15), D(2026, 2, 10)  # no whole month
    assert indicators.baseline_value(g) is None
    assert indicators.current_value(g, D(2026, 5, 10)) == Decimal("0.67")  # Feb, Mar, Apr
    assert indicators.current_value(g, D(2026, 4, 1)) == Decimal("1.00")  # Jan, Feb, Mar


def test_manual_goals_and_incomplete_series_have_no_values(lomma, coordinator):
    plan = make_plan(lomma, coordinator)
    manual = Goal(plan=plan, description="Fler trygga", baseline_from=D(2026, 1, 1), baseline_to=D(2026, 3, 31))
    assert indicators.monthly_series(manual, D(2026, 1, 1), D(2026, 3, 31)) == []
    assert indicators.baseline_value(manual) is None and indicators.current_value(manual, D(2026, 5, 1)) is None
    assert indicators.monthly_series(goal(plan), D(2026, 1, 1), D(2026, 3, 31)) == []  # no category
    assert indicators.monthly_series(goal(plan, category="finns-inte"), D(2026, 1, 1), D(2026, 3, 31)) == []


def test_it_counts_police_events_of_a_type(lomma, coordinator):
    def event(pk, when, kind="Stöld/inbrott"):
        return {
            "id": pk,
            "datetime": when,
            "name": f"x, {kind}, Lomma",
            "summary": "Inbrott i en villa.",
            "url": f"/aktuellt/handelser/2026/{pk}/",
            "type": kind,
            "location": {"name": "Skåne län", "gps": "55.604981,13.003822"},
        }

    events.import_events(
        [
            event(9_100_001, "2026-06-30 23:30:00 +02:00"),
            event(9_100_002, "2026-07-01 00:30:00 +02:00"),  # 22:30 UTC on 30 June: July locally
            event(9_100_003, "2026-07-15 12:00:00 +02:00"),
            event(9_100_004, "2026-07-16 12:00:00 +02:00", kind="Brand"),
        ],
        None,
    )
    g = goal(make_plan(lomma, coordinator), "police_events", police_type="Stöld/inbrott")
    raw = Counter(
        timezone.localtime(e.occurred_at, STHLM).date().replace(day=1)
        for e in PoliceEvent.objects.filter(municipality=lomma, type="Stöld/inbrott", is_summary=False)
    )
    series = indicators.monthly_series(g, D(2026, 6, 1), D(2026, 7, 31))
    assert series == [(D(2026, 6, 1), raw[D(2026, 6, 1)]), (D(2026, 7, 1), raw[D(2026, 7, 1)])]
    assert (
        PoliceEvent.objects.filter(external_id__in=[9_100_001, 9_100_002, 9_100_003], municipality=lomma).count() == 3
    )
    assert raw[D(2026, 7, 1)] >= 2


def test_it_counts_police_report_counts_by_council_category(lomma, coordinator):
    rows = [
        "kommunkod,område,månad,brottskategori,antal",
        "1262,,2026-05,Misshandel,4",
        "1262,,2026-06,Misshandel,2",
        "1262,,2026-06,Olaga hot,3",
        "1262,,2026-06,Skadegörelse,9",
    ]
    counts.import_report_counts(("\n".join(rows) + "\n").encode(), None)
    g = goal(make_plan(lomma, coordinator), "police_reports", category="hot-vald")
    assert indicators.monthly_series(g, D(2026, 5, 1), D(2026, 7, 31)) == [
        (D(2026, 5, 1), 4),
        (D(2026, 6, 1), 5),
        (D(2026, 7, 1), 0),
    ]
    g.baseline_from, g.baseline_to = D(2026, 5, 1), D(2026, 6, 30)
    assert indicators.baseline_value(g) == Decimal("4.50")
