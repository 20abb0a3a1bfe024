"""lagesbild's aggregate tables (HourlyCount, MonthlyCount, WeekHourCount), kept by database
triggers, equal a recount of the raw rows after every kind of write: service calls, reviews, area
reassignment, police imports, bulk updates, deletes."""

import datetime
import random
import zoneinfo

import pytest
from django.db import connection
from django.db.models import Sum

from areas.models import Area
from incidents import services
from incidents.models import Incident, IncidentCategory
from lagesbild import aggregates
from lagesbild.models import HourlyCount, MonthlyCount, WeekHourCount
from policedata import events
from policedata.models import PoliceEvent

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def assert_consistent():
    assert aggregates.installed()
    for target in aggregates.TARGETS:
        assert aggregates.stored(target=target) == aggregates.recount(target=target), target


def feed_event(pk, *, when="2026-03-02 8:05:00 +01:00", type="Stöld/inbrott", place="Uppsala", **kw):
    obj = {
        "id": pk,
        "datetime": when,
        "name": f"02 mars 07.57, {type}, {place}",
        "summary": "Inbrott i en villa.",
        "url": "/aktuellt/handelser/2026/mars/02/x/",
        "type": type,
        "location": {"name": "Uppsala län", "gps": "60.009226,17.271459"},
    }
    obj.update(kw)
    return obj


def test_it_is_filled_by_the_migration_and_consistent_with_the_demo_data():
    assert_consistent()


def test_it_counts_local_day_and_hour_across_dst(report, lomma):
    # 00:30 local on 1 April (summer time) is 22:30 UTC on 31 March.
    report(occurred_at=datetime.datetime(2026, 3, 31, 22, 30, tzinfo=UTC))
    # 02:30 UTC on the autumn change day is 03:30 local (winter time).
    report(occurred_at=datetime.datetime(2026, 10, 25, 2, 30, tzinfo=UTC))
    rows = set(HourlyCount.objects.filter(source="est", municipality_id=lomma.pk).values_list("day", "hour", "n"))
    assert (datetime.date(2026, 4, 1), 0, 1) in rows
    assert (datetime.date(2026, 10, 25), 3, 1) in rows
    # The rollups put the first in April (a Wednesday) and the second in October (a Sunday).
    months = MonthlyCount.objects.filter(source="est", municipality_id=lomma.pk)
    assert months.filter(month=datetime.date(2026, 4, 1)).aggregate(n=Sum("n"))["n"] >= 1
    assert not months.filter(month=datetime.date(2026, 3, 1)).exclude(n=0).exists()
    hours = set(WeekHourCount.objects.filter(municipality_id=lomma.pk).values_list("month", "weekday", "hour", "n"))
    assert (datetime.date(2026, 4, 1), 3, 0, 1) in hours
    assert (datetime.date(2026, 10, 1), 7, 3, 1) in hours
    assert_consistent()


def test_reviews_reassignment_bulk_updates_and_deletes_keep_it_right(report, user, lomma):
    coordinator = user("coordinator.lomma")
    now = datetime.datetime(2026, 3, 10, 12, tzinfo=UTC)
    made = [report(occurred_at=now - datetime.timedelta(hours=5 * i)) for i in range(12)]
    assert_consistent()
    services.accept(made[0], coordinator)
    services.reject(made[1], coordinator, "Dubblett av annan rapport.")
    services.merge(made[2], coordinator, made[3])
    services.recategorise(made[4], coordinator, IncidentCategory.objects.get(municipality=lomma, slug="brand"))
    assert_consistent()
    # An area moved away and back (the ORM's SET NULL on delete is an UPDATE too).
    area = Area.objects.filter(municipality=lomma).first()
    Incident.objects.filter(pk__in=[m.pk for m in made[5:8]]).update(area=area)
    assert_consistent()
    services.reassign_areas(lomma.pk)
    assert_consistent()
    # bulk_update of the time and status; a rejected one back to accepted.
    for m in made[8:11]:
        m.occurred_at += datetime.timedelta(days=40)
        m.status = Incident.Status.ACCEPTED
    made[1].status = Incident.Status.ACCEPTED
    Incident.objects.bulk_update([*made[8:11], made[1]], ["occurred_at", "status"])
    assert_consistent()
    # A description-only edit changes nothing.
    before = [aggregates.stored(target=target) for target in aggregates.TARGETS]
    Incident.objects.filter(pk=made[0].pk).update(description="Ändrad text.")
    assert [aggregates.stored(target=target) for target in aggregates.TARGETS] == before
    # A move within the same hour of the week a week later: the hourly rows change, and the
    # monthly ones must net out to nothing.
    made[0].refresh_from_db()
    Incident.objects.filter(pk=made[0].pk).update(occurred_at=made[0].occurred_at + datetime.timedelta(days=7))
    assert_consistent()
    made[11].delete()
    Incident.objects.filter(pk__in=[m.pk for m in made[:3]]).delete()
    assert_consistent()


@pytest.mark.parametrize("stream", [False, True], ids=["parse-then-write", "stream"])
def test_police_imports_reimports_and_deletes_keep_it_right(stream, monkeypatch):
    if stream:
        monkeypatch.setattr(events, "STREAM_MIN", 0)  # PostgreSQL parses and COPYs in one pass
    uppsala_before = HourlyCount.objects.filter(source="police", county_code="")
    first = [
        feed_event(8_100_001),
        feed_event(8_100_002, type="Rån"),
        feed_event(8_100_003, name="02 mars 07.57, Brand, Uppsala län", type="Brand"),  # county level
        feed_event(8_100_004, type="Sammanfattning natt"),  # a summary: never counted
    ]
    events.import_events(first, None)
    assert_consistent()
    assert PoliceEvent.objects.filter(external_id=8_100_003, municipality__isnull=True).exists()
    assert HourlyCount.objects.filter(source="police", municipality_id=0, county_code="03").exists()
    assert MonthlyCount.objects.filter(source="police", municipality_id=0, county_code="03").exists()
    assert not WeekHourCount.objects.filter(municipality_id=0).exists()  # municipality level only
    # Re-import with changed rows: a new type, a new time, and a new event.
    second = [
        feed_event(8_100_001, type="Misshandel"),
        feed_event(8_100_002, type="Rån", when="2026-03-05 23:10:00 +01:00", name="05 mars 23.10, Rån, Uppsala"),
        feed_event(8_100_003, name="02 mars 07.57, Brand, Uppsala län", type="Brand"),
        feed_event(8_100_004, type="Sammanfattning natt"),
        feed_event(8_100_005, type="Trafikolycka", place="Enköping"),
    ]
    result = events.import_events(second, None)
    assert result["created"] == 1 and result["updated"] >= 2
    assert_consistent()
    # A summary turned into an ordinary event, and a type's category mapping changed in bulk.
    PoliceEvent.objects.filter(external_id=8_100_004).update(is_summary=False)
    PoliceEvent.objects.filter(external_id__gte=8_100_001).update(category=None)
    assert_consistent()
    PoliceEvent.objects.filter(external_id__in=[8_100_001, 8_100_003]).delete()
    assert_consistent()
    PoliceEvent.objects.all().delete()
    assert_consistent()
    assert not uppsala_before.exclude(n=0).exists()


def test_a_recount_restores_it():
    HourlyCount.objects.update(n=0)
    MonthlyCount.objects.update(n=5)
    WeekHourCount.objects.all().delete()
    aggregates.rebuild()
    assert_consistent()


def test_triggers_that_write_only_the_hourly_table_are_not_taken_as_installed():
    create, drop = aggregates.trigger_sql(connection.vendor, (aggregates.TABLE,))
    with connection.cursor() as cursor:
        for sql in drop + create:
            cursor.execute(sql)
    assert not aggregates.installed()
    aggregates.ensure_installed()
    assert_consistent()


PERIODS = [
    (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31)),  # a month (summer time starts on the 30th)
    (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),  # a year: whole months only
    (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)),  # a quarter
    (datetime.date(2025, 2, 15), datetime.date(2025, 5, 10)),  # edge days around whole months
    (datetime.date(2025, 10, 20), datetime.date(2025, 11, 2)),  # across the autumn change, no whole month
    (datetime.date(2025, 3, 30), datetime.date(2025, 3, 30)),  # the 23-hour day
    (datetime.date(2025, 12, 1), datetime.date(2026, 1, 31)),  # across a year
]


def expected(municipality, date_from, date_to, area=None):
    """The situation picture's counts recounted in Python from the raw rows."""
    grid = [[0] * 24 for _day in range(7)]
    totals = {"est": 0, "police_events": 0}
    by_type: dict[str, int] = {}
    county = 0

    def local(when):
        return when.astimezone(STOCKHOLM)

    incidents = Incident.objects.filter(municipality=municipality).exclude(status__in=["rejected", "merged"])
    police = PoliceEvent.objects.filter(is_summary=False)
    if area is not None:
        incidents, police = incidents.filter(area=area), police.filter(area=area)
    for when in incidents.values_list("occurred_at", flat=True):
        if date_from <= local(when).date() <= date_to:
            totals["est"] += 1
            grid[local(when).isoweekday() - 1][local(when).hour] += 1
    for when, muni, county_code, police_type in police.values_list(
        "occurred_at", "municipality_id", "county_code", "type"
    ):
        if not date_from <= local(when).date() <= date_to:
            continue
        if muni == municipality.pk:
            totals["police_events"] += 1
            grid[local(when).isoweekday() - 1][local(when).hour] += 1
            by_type[police_type] = by_type.get(police_type, 0) + 1
        elif muni is None and county_code == municipality.county_code and area is None:
            county += 1
    return totals, grid, by_type, county


def test_the_situation_picture_reads_whole_months_and_edge_days_right(lomma):
    """Every period, read from the monthly rollups and the hourly edge days, gives exactly the
    raw rows' counts, with local (Europe/Stockholm) days, hours and weekdays across DST."""
    from lagesbild.compute import situation_picture

    rng = random.Random(196)
    area = Area.objects.filter(municipality=lomma).first()
    categories = list(IncidentCategory.objects.filter(municipality=lomma))
    start = datetime.datetime(2024, 12, 25, tzinfo=UTC)
    # Times near local midnight at month ends and around both DST changes, and at random.
    instants = [datetime.datetime(2025, m, 1, tzinfo=STOCKHOLM) for m in range(1, 13)]
    instants += [datetime.datetime(2025, 3, 30, 1, 30, tzinfo=UTC), datetime.datetime(2025, 10, 26, 0, 30, tzinfo=UTC)]
    times = [i + datetime.timedelta(minutes=d) for i in instants for d in (-90, -30, 30, 90)]
    times += [start + datetime.timedelta(minutes=rng.randrange(60 * 24 * 420)) for _n in range(300)]
    Incident.objects.bulk_create(
        Incident(
            municipality=lomma,
            category=rng.choice(categories),
            occurred_at=when,
            lat=55.7,
            lon=13.05,
            description="Klotter.",
            area=area if i % 3 == 0 else None,
            status=rng.choice(["accepted", "accepted", "new", "rejected"]),
        )
        for i, when in enumerate(times)
    )
    PoliceEvent.objects.bulk_create(
        PoliceEvent(
            external_id=8_200_000 + i,
            published_at=when,
            occurred_at=when,
            name="x",
            type=rng.choice(["Stöld", "Brand", "Sammanfattning natt"]),
            location_name="Lomma",
            municipality=None if i % 5 == 0 else lomma,
            county_code=lomma.county_code,
            is_summary=i % 7 == 0,
        )
        for i, when in enumerate(times)
    )
    assert_consistent()
    for date_from, date_to in PERIODS:
        totals, grid, by_type, county = expected(lomma, date_from, date_to)
        data = situation_picture([lomma], date_from, date_to)
        assert {k: data["totals"][k] for k in totals} == totals, (date_from, date_to)
        assert data["weekday_hour"] == grid, (date_from, date_to)
        assert data["police_events"]["by_type"] == by_type
        assert data["police_events"]["county_level"] == county
        assert sum(row["est"] for row in data["by_category"]) == totals["est"]
        totals, grid, _by_type, _county = expected(lomma, date_from, date_to, area=area)
        data = situation_picture([lomma], date_from, date_to, areas=[area])
        assert {k: data["totals"][k] for k in totals} == totals, (date_from, date_to, "area")
        assert data["weekday_hour"] == grid, (date_from, date_to, "area")


def test_it_counts_what_incident_counted_counts(report, user, lomma):
    from django.db.models import Sum

    from incidents import services
    from incidents.models import NOT_COUNTED_STATUSES, Incident
    from lagesbild.models import HourlyCount

    coordinator = user("coordinator.lomma")
    kept, rejected, merged = report(), report(), report()
    services.reject(rejected, coordinator, "Fel kommun")
    services.merge(merged, coordinator, kept)
    assert set(NOT_COUNTED_STATUSES) < set(Incident.Status.values)
    counted = Incident.objects.filter(municipality=lomma).counted()
    assert list(counted) == [kept]
    est = HourlyCount.objects.filter(municipality_id=lomma.pk, source="est").aggregate(n=Sum("n"))["n"]
    assert est == counted.count() == 1
