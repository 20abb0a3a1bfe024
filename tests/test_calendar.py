"""The ICS feeds: a forum's meetings and the user's own, with a bearer token, the session or the
calendar token in the URL; parsed back with icalendar."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from forums import meetings, schedule, services
from forums.models import CalendarToken, Forum

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(lomma, user):
    coordinator = user("coordinator.lomma")
    forum = services.create_forum(
        lomma,
        coordinator,
        name="Lokala BRÅ",
        cadence=Forum.Cadence.MONTHLY,
        weekday=1,
        start_time=datetime.time(9, 0),
        duration_minutes=90,
        location="Kommunhuset",
    )
    services.add_member(forum, coordinator, user=user("reader.lomma"), role_title="Fältsekreterare")
    return forum


@pytest.fixture
def year(forum, user):
    """This year's and next year's meetings (the feed shows from a year back on)."""
    this = timezone.localdate().year
    created = schedule.generate_meetings(forum, this, user("coordinator.lomma"))
    created += schedule.generate_meetings(forum, this + 1, user("coordinator.lomma"))
    return created


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_the_forum_feed_is_valid_icalendar(api, forum, year):
    cal = parse(api("reader.lomma").get(f"/api/v1/forums/{forum.pk}/calendar.ics"))
    assert cal.get("version") == "2.0" and "Samtrygg" in str(cal.get("prodid"))
    assert str(cal.get("x-wr-calname")).startswith("Lokala BRÅ")
    assert [tz.get("tzid") for tz in cal.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    events = cal.events
    assert len(events) == len(year)
    first = next(e for e in events if str(e.get("uid")) == f"meeting-{year[0].pk}@127.0.0.1")
    assert first.start == year[0].starts_at and first.end - first.start == datetime.timedelta(minutes=90)
    assert str(first.get("summary")) == "Lokala BRÅ" and str(first.get("location")) == "Kommunhuset"
    assert f"/k/1262/forum/mote/{year[0].pk}/" in str(first.get("description"))
    assert first.get("status") == "CONFIRMED" and first.get("sequence") == 0 and first.get("dtstamp")


def test_it_writes_local_times_on_both_sides_of_dst(api, forum, user):
    meetings_2027 = {m.slot: m for m in schedule.generate_meetings(forum, 2027, user("coordinator.lomma"))}
    events = {
        str(e.get("uid")): e for e in parse(api("reader.lomma").get(f"/api/v1/forums/{forum.pk}/calendar.ics")).events
    }
    winter = events[f"meeting-{meetings_2027['2027-02'].pk}@127.0.0.1"].start
    summer = events[f"meeting-{meetings_2027['2027-06'].pk}@127.0.0.1"].start
    assert (winter.hour, winter.utcoffset()) == (9, datetime.timedelta(hours=1))
    assert (summer.hour, summer.utcoffset()) == (9, datetime.timedelta(hours=2))
    assert str(winter.tzinfo) == "Europe/Stockholm"


def test_cancelled_and_moved_meetings_update_the_event(api, forum, year, user):
    coordinator = user("coordinator.lomma")
    future = [m for m in year if m.starts_at > timezone.now()]
    meetings.cancel_meeting(future[0], coordinator, "Sjukdom", notify=False)
    meetings.move_meeting(future[1], coordinator, future[1].starts_at + datetime.timedelta(days=1), notify=False)
    meetings.add_agenda_item(future[1], coordinator, title="Uppföljning av handlingsplanen")
    events = {
        str(e.get("uid")): e for e in parse(api("reader.lomma").get(f"/api/v1/forums/{forum.pk}/calendar.ics")).events
    }
    cancelled = events[f"meeting-{future[0].pk}@127.0.0.1"]
    assert cancelled.get("status") == "CANCELLED" and cancelled.get("sequence") == 1
    moved = events[f"meeting-{future[1].pk}@127.0.0.1"]
    assert moved.start == future[1].starts_at + datetime.timedelta(days=1) and moved.get("sequence") == 1
    assert "1. Uppföljning av handlingsplanen" in str(moved.get("description"))


def test_my_feed_has_the_meetings_of_my_forums(api, forum, year, lomma, user):
    other = services.create_forum(lomma, user("coordinator.lomma"), name="Styrgruppen", cadence="twice_a_year")
    schedule.generate_meetings(other, timezone.localdate().year + 1, None)
    mine = parse(api("reader.lomma").get("/api/v1/calendar.ics"))
    assert len(mine.events) == len(year)
    assert len(parse(api("coordinator.lomma").get("/api/v1/calendar.ics")).events) == 0


def test_the_token_in_the_url_works_without_a_session(forum, year, user):
    token = CalendarToken.for_user(user("reader.lomma")).token
    anonymous = Client()
    assert len(parse(anonymous.get(f"/api/v1/calendar.ics?token={token}")).events) == len(year)
    assert len(parse(anonymous.get(f"/api/v1/forums/{forum.pk}/calendar.ics?token={token}")).events) == len(year)
    assert anonymous.get("/api/v1/calendar.ics?token=wrong").status_code == 401
    assert anonymous.get(f"/api/v1/forums/{forum.pk}/calendar.ics").status_code == 401
    # the token opens only the calendar feeds
    assert anonymous.get(f"/api/v1/forums/{forum.pk}?token={token}").status_code == 401


def test_the_token_still_needs_the_permission(forum, user):
    token = CalendarToken.for_user(user("coordinator.hoor")).token
    assert Client().get(f"/api/v1/forums/{forum.pk}/calendar.ics?token={token}").status_code == 404


def test_the_subscription_page_shows_links_and_rotates_the_secret(login, user):
    client = login("reader.lomma")
    html = client.get("/k/1262/forum/kalender/").content.decode()
    assert not CalendarToken.objects.filter(user=user("reader.lomma")).exists()  # a GET writes nothing
    assert "Skapa mina kalenderlänkar" in html
    html = client.post("/k/1262/forum/kalender/", follow=True).content.decode()
    assert "Dina länkar är skapade." in html
    token = CalendarToken.objects.get(user=user("reader.lomma")).token
    assert f"webcal://testserver/api/v1/calendar.ics?token={token}" in html
    assert f"http://testserver/api/v1/calendar.ics?token={token}" in html
    assert "Nya länkar är skapade" in client.post("/k/1262/forum/kalender/", follow=True).content.decode()
    new = CalendarToken.objects.get(user=user("reader.lomma")).token
    assert new != token
    assert Client().get(f"/api/v1/calendar.ics?token={token}").status_code == 401
