"""lagesbild.HourlyCount, kept by database triggers, equals a recount of the raw rows after every
kind of write: service calls, reviews, area reassignment, police imports, bulk updates, deletes."""

import datetime
import zoneinfo

import pytest

from areas.models import Area
from incidents import services
from incidents.models import Incident, IncidentCategory
from lagesbild import aggregates
from lagesbild.models import HourlyCount
from policedata import events
from policedata.models import PoliceEvent

pytestmark = pytest.mark.django_db

UTC = datetime.timezone.utc
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def assert_consistent():
    assert aggregates.installed()
    assert aggregates.stored() == aggregates.recount()


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
    before = aggregates.stored()
    Incident.objects.filter(pk=made[0].pk).update(description="Ändrad text.")
    assert aggregates.stored() == before
    made[11].delete()
    Incident.objects.filter(pk__in=[m.pk for m in made[:3]]).delete()
    assert_consistent()


def test_police_imports_reimports_and_deletes_keep_it_right():
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
    aggregates.rebuild()
    assert_consistent()
