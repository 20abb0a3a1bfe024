"""forums.schedule: the year's meetings from the cadence, holidays, summer, DST, idempotency."""

import datetime

import pytest
from django.utils import timezone

from forums import meetings, schedule, services
from forums.models import Meeting

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def make_forum(lomma, user):
    def make(cadence, weekday=1, start="09:00", **kw):
        return services.create_forum(
            lomma,
            user("coordinator.lomma"),
            name=kw.pop("name", f"Forum {cadence}"),
            cadence=cadence,
            weekday=weekday,
            start_time=datetime.time.fromisoformat(start),
            **kw,
        )

    return make


def local_days(created):
    return [timezone.localtime(m.starts_at).date() for m in created]


def test_it_computes_easter():
    assert schedule.easter_sunday(2026) == D(2026, 4, 5)
    assert schedule.easter_sunday(2027) == D(2027, 3, 28)
    assert schedule.easter_sunday(2024) == D(2024, 3, 31)


def test_it_knows_the_swedish_holidays_of_2026():
    days = schedule.holidays(2026)
    assert days[D(2026, 4, 3)] == "långfredagen"
    assert days[D(2026, 4, 6)] == "annandag påsk"
    assert days[D(2026, 5, 14)] == "Kristi himmelsfärdsdag"
    assert days[D(2026, 6, 19)] == "midsommarafton"
    assert {D(2026, 1, 6), D(2026, 5, 1), D(2026, 6, 6), D(2026, 12, 24), D(2026, 12, 31)} <= set(days)


def test_it_generates_every_iso_week_for_weekly(make_forum, user):
    forum = make_forum("weekly", weekday=0)
    created = schedule.generate_meetings(forum, 2026, user("coordinator.lomma"))
    assert len(created) == 53  # 2026 has ISO week 53
    assert created[6].slot == "2026-W07"
    assert all(m.ends_at - m.starts_at == datetime.timedelta(minutes=60) for m in created)


def test_it_skips_summer_weeks(make_forum, user):
    forum = make_forum("weekly_except_summer", weekday=1)
    created = schedule.generate_meetings(forum, 2027, user("coordinator.lomma"))
    weeks = {int(m.slot[-2:]) for m in created}
    assert len(created) == 52 - 7
    assert not weeks & set(range(26, 33))
    assert {25, 33} <= weeks


def test_it_generates_the_first_weekday_of_each_month_but_july(make_forum, user):
    forum = make_forum("monthly", weekday=2)  # Wednesday
    created = schedule.generate_meetings(forum, 2026, user("coordinator.lomma"))
    assert [m.slot for m in created] == [f"2026-{n:02d}" for n in range(1, 13) if n != 7]
    days = local_days(created)
    assert days[2] == D(2026, 3, 4)
    assert all(day.weekday() == 2 for day in days if day not in (D(2026, 1, 8),))
    # 7 January 2026 is the first Wednesday: trettondedag jul is the 6th, so it stays
    assert days[0] == D(2026, 1, 7)


def test_it_moves_a_holiday_to_the_next_working_day(make_forum, user):
    # the first Friday of May 2026 is 1 May: moved to Monday 4 May
    forum = make_forum("monthly", weekday=4)
    created = schedule.generate_meetings(forum, 2026, user("coordinator.lomma"))
    by_slot = {m.slot: timezone.localtime(m.starts_at).date() for m in created}
    assert by_slot["2026-05"] == D(2026, 5, 4)
    # weekly on Fridays: långfredagen 3 April 2026 -> Tuesday 7 April (Monday is annandag påsk)
    weekly = make_forum("weekly", weekday=4, name="Veckomöte")
    days = {m.slot: timezone.localtime(m.starts_at).date() for m in schedule.generate_meetings(weekly, 2026, None)}
    assert days["2026-W14"] == D(2026, 4, 7)
    assert days["2026-W25"] == D(2026, 6, 22)  # midsommarafton 19 June
    assert D(2026, 12, 25) not in days.values()


def test_it_places_four_meetings_a_year_in_the_terms(make_forum, user):
    forum = make_forum("four_times_a_year", weekday=3)
    created = schedule.generate_meetings(forum, 2026, user("coordinator.lomma"))
    assert [m.slot for m in created] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert [d.month for d in local_days(created)] == [2, 4, 9, 11]


def test_it_places_twice_a_term_and_twice_a_year(make_forum, user):
    term = schedule.generate_meetings(make_forum("twice_a_term"), 2026, None)
    assert [m.slot for m in term] == ["2026-VT1", "2026-VT2", "2026-HT1", "2026-HT2"]
    assert [d.month for d in local_days(term)] == [2, 5, 9, 11]
    year = schedule.generate_meetings(make_forum("twice_a_year"), 2026, None)
    assert [d.month for d in local_days(year)] == [4, 10]
    assert schedule.generate_meetings(make_forum("ad_hoc"), 2026, None) == []


def test_it_stores_local_times_in_utc_across_dst(make_forum, user):
    forum = make_forum("monthly", weekday=0, start="09:00")
    created = {m.slot: m for m in schedule.generate_meetings(forum, 2026, None)}
    # winter: 09:00 CET is 08:00 UTC; summer: 09:00 CEST is 07:00 UTC
    assert created["2026-02"].starts_at.astimezone(datetime.UTC).hour == 8
    assert created["2026-06"].starts_at.astimezone(datetime.UTC).hour == 7
    assert all(timezone.localtime(m.starts_at).hour == 9 for m in created.values())


def test_it_is_idempotent_and_keeps_moved_and_cancelled_meetings(make_forum, user, mailoutbox):
    coordinator = user("coordinator.lomma")
    forum = make_forum("monthly", weekday=1)
    first = schedule.generate_meetings(forum, 2027, coordinator)
    moved_to = first[2].starts_at + datetime.timedelta(days=2, hours=3)
    meetings.move_meeting(first[2], coordinator, moved_to)
    meetings.cancel_meeting(first[4], coordinator, "Krockar med budgetarbetet")
    assert schedule.generate_meetings(forum, 2027, coordinator) == []
    assert Meeting.objects.filter(forum=forum).count() == 11
    assert Meeting.objects.get(pk=first[2].pk).starts_at == moved_to
    assert Meeting.objects.get(pk=first[4].pk).status == Meeting.Status.CANCELLED


def test_it_leaves_out_days_before_from_date(make_forum):
    forum = make_forum("monthly", weekday=1)
    created = schedule.generate_meetings(forum, 2026, None, from_date=D(2026, 9, 15))
    assert [m.slot for m in created] == ["2026-10", "2026-11", "2026-12"]
    # the earlier months are still free: generating without from_date fills them in
    assert len(schedule.generate_meetings(forum, 2026, None)) == 8


def test_it_audits_generated_meetings(make_forum, user):
    from audit.models import AuditEntry

    forum = make_forum("twice_a_year")
    schedule.generate_meetings(forum, 2026, user("coordinator.lomma"))
    entries = AuditEntry.objects.filter(object_type="forums.meeting", action="create")
    assert entries.count() == 2
    assert entries.first().municipality_id == forum.municipality_id
