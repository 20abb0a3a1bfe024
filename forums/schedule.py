"""The year's meetings of a forum, generated from its cadence.

`generate_meetings(forum, year, actor)` creates the meetings of `year` that do not exist yet.
Every generated meeting has a slot (its place in the cadence, e.g. "2026-W07"); a slot that
already has a meeting is skipped, so a second run adds nothing and a meeting that was moved or
cancelled by hand stays as it is (its slot is taken).

Rules (the day is always the forum's weekday; a meeting starts at forum.start_time, Swedish local
time, and is stored in UTC, so summer and winter time are both right):

weekly                 every ISO week of the year (slot "2026-W07").
weekly_except_summer   as weekly, but not ISO weeks 26–32 (late June to early August, when most
                       of Sweden is on holiday).
monthly                the first <weekday> of every month except July (slot "2026-03").
four_times_a_year      the first <weekday> of February, April, September and November (slots
                       "2026-Q1" … "2026-Q4"): two per term, so a council such as lokala BRÅ
                       can report to KSAU four times a year before the committee's meetings.
twice_a_term           the first <weekday> of February and May (spring term, "2026-VT1",
                       "2026-VT2") and of September and November (autumn term, "2026-HT1",
                       "2026-HT2").
twice_a_year           the first <weekday> of April and October ("2026-H1", "2026-H2").
ad_hoc                 none; meetings are added by hand.

A day that is a Swedish public holiday or holiday eve when offices are closed (nyårsdagen,
trettondedag jul, långfredagen, annandag påsk, 1 maj, Kristi himmelsfärdsdag, nationaldagen,
midsommarafton, julafton, juldagen, annandag jul, nyårsafton) moves the meeting to the next
working day (not a weekend, not one of those days)."""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from audit import log as audit
from forums.models import Forum, Meeting

STOCKHOLM = ZoneInfo("Europe/Stockholm")
SUMMER_WEEKS = range(26, 33)  # ISO weeks 26–32

# cadence -> [(slot suffix, month)] for the cadences that meet in chosen months
MONTHS = {
    Forum.Cadence.MONTHLY: [(f"{m:02d}", m) for m in range(1, 13) if m != 7],
    Forum.Cadence.FOUR_TIMES_A_YEAR: [("Q1", 2), ("Q2", 4), ("Q3", 9), ("Q4", 11)],
    Forum.Cadence.TWICE_A_TERM: [("VT1", 2), ("VT2", 5), ("HT1", 9), ("HT2", 11)],
    Forum.Cadence.TWICE_A_YEAR: [("H1", 4), ("H2", 10)],
}


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter Sunday (the anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def holidays(year: int) -> dict[datetime.date, str]:
    """The days of `year` on which no meeting is held, with their Swedish names."""
    easter = easter_sunday(year)
    # midsommarafton is the Friday between 19 and 25 June
    midsummer_eve = next(datetime.date(year, 6, d) for d in range(19, 26) if datetime.date(year, 6, d).weekday() == 4)
    return {
        datetime.date(year, 1, 1): "nyårsdagen",
        datetime.date(year, 1, 6): "trettondedag jul",
        easter - datetime.timedelta(days=2): "långfredagen",
        easter + datetime.timedelta(days=1): "annandag påsk",
        datetime.date(year, 5, 1): "första maj",
        easter + datetime.timedelta(days=39): "Kristi himmelsfärdsdag",
        datetime.date(year, 6, 6): "nationaldagen",
        midsummer_eve: "midsommarafton",
        datetime.date(year, 12, 24): "julafton",
        datetime.date(year, 12, 25): "juldagen",
        datetime.date(year, 12, 26): "annandag jul",
        datetime.date(year, 12, 31): "nyårsafton",
    }


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def first_weekday(year: int, month: int, weekday: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7)


def planned_days(cadence: str, year: int, weekday: int) -> list[tuple[str, datetime.date]]:
    """[(slot, day)] of the cadence in `year`, holidays already moved to the next working day."""
    days: list[tuple[str, datetime.date]] = []
    if cadence in (Forum.Cadence.WEEKLY, Forum.Cadence.WEEKLY_EXCEPT_SUMMER):
        weeks = datetime.date(year, 12, 28).isocalendar().week  # 52 or 53
        for week in range(1, weeks + 1):
            if cadence == Forum.Cadence.WEEKLY_EXCEPT_SUMMER and week in SUMMER_WEEKS:
                continue
            days.append((f"{year}-W{week:02d}", datetime.date.fromisocalendar(year, week, weekday + 1)))
    else:
        for suffix, month in MONTHS.get(cadence, []):
            days.append((f"{year}-{suffix}", first_weekday(year, month, weekday)))
    return [(slot, next_working_day(day)) for slot, day in days]


def local_start(day: datetime.date, start_time: datetime.time) -> datetime.datetime:
    """The moment (aware, UTC) that `start_time` on `day` is in Stockholm."""
    local = datetime.datetime.combine(day, start_time, tzinfo=STOCKHOLM)
    return local.astimezone(datetime.UTC)


def _time(value) -> datetime.time:
    return datetime.time.fromisoformat(value) if isinstance(value, str) else value


@transaction.atomic
def generate_meetings(forum: Forum, year: int, actor, *, from_date: datetime.date | None = None) -> list[Meeting]:
    """Create the meetings of `year` whose slot has none yet; returns the new ones. With
    `from_date`, days before it are left out (the page passes today: no meetings in the past)."""
    taken = set(Meeting.objects.filter(forum=forum).exclude(slot="").values_list("slot", flat=True))
    duration = datetime.timedelta(minutes=forum.duration_minutes)
    created = []
    for slot, day in planned_days(forum.cadence, year, forum.weekday):
        if slot in taken or (from_date and day < from_date):
            continue
        starts_at = local_start(day, _time(forum.start_time))
        meeting = Meeting.objects.create(
            forum=forum, slot=slot, starts_at=starts_at, ends_at=starts_at + duration, location=forum.location
        )
        audit.created(actor, meeting, ["forum", "slot", "starts_at", "ends_at"], municipality=forum.municipality)
        created.append(meeting)
    return created
