"""Swedish dates and calendar periods: the one home for the date rules every app shares.

Dates are Europe/Stockholm calendar days (TIME_ZONE); a period's boundaries are local midnight
and its last day is inclusive. Months are named in Swedish through gettext."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONTHS = [
    gettext_lazy("januari"),
    gettext_lazy("februari"),
    gettext_lazy("mars"),
    gettext_lazy("april"),
    gettext_lazy("maj"),
    gettext_lazy("juni"),
    gettext_lazy("juli"),
    gettext_lazy("augusti"),
    gettext_lazy("september"),
    gettext_lazy("oktober"),
    gettext_lazy("november"),
    gettext_lazy("december"),
]

# The kinds of period (the values of lagesbild.SituationPicture.Period).
WEEK, MONTH, QUARTER, YEAR, CUSTOM = "week", "month", "quarter", "year", "custom"


class UnknownPeriod(ValueError):
    pass


def local_today() -> datetime.date:
    return timezone.localdate()


def local_day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a local calendar day, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (or earlier), clamped to the month's last day
    (31 January + 1 month = 28 or 29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month + 1, last)
        except ValueError:
            continue
    raise ValueError(day)


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """First days of the months from `first`'s month to `last`'s month, both included."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def shift_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def period_bounds(kind: str, day: datetime.date | None = None, back: int = 0) -> tuple[datetime.date, datetime.date]:
    """First and last day of the week (ISO, Monday–Sunday), month, quarter or year containing
    `day`, or `back` such periods earlier (back=1: the previous one)."""
    day = day or local_today()
    if kind == WEEK:
        start = day - datetime.timedelta(days=day.weekday()) - datetime.timedelta(weeks=back)
        return start, start + datetime.timedelta(days=6)
    if kind in (MONTH, QUARTER):
        step = 1 if kind == MONTH else 3
        start = add_months(datetime.date(day.year, (day.month - 1) // step * step + 1, 1), -back * step)
        return start, add_months(start, step) - datetime.timedelta(days=1)
    if kind == YEAR:
        year = day.year - back
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    raise UnknownPeriod(_("Okänd period."))


def period_kind(date_from: datetime.date, date_to: datetime.date) -> str:
    """The kind of period the dates span exactly, else custom."""
    for kind in (WEEK, MONTH, QUARTER, YEAR):
        if period_bounds(kind, date_from) == (date_from, date_to):
            return kind
    return CUSTOM


def previous_period(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The period just before: as many whole calendar months when the period is whole months
    (March → February, a quarter → the quarter before, a year → the year before), otherwise as
    many days."""
    if date_from.day == 1 and (date_to + datetime.timedelta(days=1)).day == 1:
        months = (date_to.year - date_from.year) * 12 + date_to.month - date_from.month + 1
        return add_months(date_from, -months), date_from - datetime.timedelta(days=1)
    days = (date_to - date_from).days + 1
    return date_from - datetime.timedelta(days=days), date_from - datetime.timedelta(days=1)


def format_date(day) -> str:
    """'3 december 2026' (also from an ISO string)."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_datetime(moment) -> str:
    """'27 november 2026 kl. 17.42', local time."""
    local = timezone.localtime(moment)
    return _("%(date)s kl. %(time)s") % {"date": format_date(local.date()), "time": local.strftime("%H.%M")}


def period_label(kind: str, date_from: datetime.date, date_to: datetime.date) -> str:
    """'mars 2026', 'vecka 12 2026', 'kvartal 1 2026', '2026' or '1 mars–15 mars 2026'."""
    if kind == WEEK:
        year, week, _day = date_from.isocalendar()
        return _("vecka %(week)d %(year)d") % {"week": week, "year": year}
    if kind == MONTH:
        return f"{MONTHS[date_from.month - 1]} {date_from.year}"
    if kind == QUARTER:
        return _("kvartal %(q)d %(year)d") % {"q": (date_from.month - 1) // 3 + 1, "year": date_from.year}
    if kind == YEAR:
        return str(date_from.year)
    return f"{format_date(date_from)}–{format_date(date_to)}"
