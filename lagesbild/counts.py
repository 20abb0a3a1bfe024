"""Reading the pre-aggregated counts (lagesbild/aggregates.py) for a scope and a period.

A period's whole calendar months are read from MonthlyCount and WeekHourCount, the days before
its first and after its last whole month from HourlyCount; all days are local
(Europe/Stockholm), as the triggers store them. Raw SQL, because a national scope reads
~100,000 monthly rows per period: one statement per period and figure (GROUPING SETS on
PostgreSQL) returns only the small grouped answers, and the 290 municipality ids travel as one
array parameter on PostgreSQL rather than as 290 placeholders in every statement."""

import datetime

from django.db import connection

HOURLY, MONTHLY, WEEKHOUR = "lagesbild_hourlycount", "lagesbild_monthlycount", "lagesbild_weekhourcount"
# The groupings of `sums`: GROUPING(source, category_id, area_id, police_type) of each set,
# the bits of the aggregated-away columns (category_id 4, area_id 2, police_type 1).
BY_CATEGORY, BY_AREA, BY_TYPE = 3, 5, 6
_SETS = {BY_CATEGORY: "category_id", BY_AREA: "area_id", BY_TYPE: "police_type"}


EMPTY = "''"


def _or(column: str, wanted: str, otherwise: str) -> str:
    return wanted if column == wanted else otherwise


def whole_months(date_from: datetime.date, date_to: datetime.date) -> tuple[datetime.date, datetime.date]:
    """(first, stop): the whole calendar months of the period are those from `first` up to, not
    including, `stop` (first days of months); first >= stop when it holds no whole month."""
    first = date_from.replace(day=1)
    if first != date_from:
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    stop = (date_to + datetime.timedelta(days=1)).replace(day=1)
    return first, stop


class Counts:
    def __init__(self, municipality_ids, area_ids, date_from: datetime.date, date_to: datetime.date):
        self.municipality_ids = list(municipality_ids)
        self.area_ids = list(area_ids or [])
        self.date_from, self.date_to = date_from, date_to
        first, stop = whole_months(date_from, date_to)
        self.months = (first, stop) if first < stop else None

    # -- SQL pieces: (sql, params) --

    def _in(self, column: str, values) -> tuple[str, list]:
        if connection.vendor == "postgresql":
            return f"{column} = ANY(%s)", [list(values)]
        return f"{column} IN ({', '.join(['%s'] * len(values))})", list(values)

    def _date(self, value: datetime.date):
        return connection.ops.adapt_datefield_value(value)

    def _days(self, whole_period: bool = False) -> tuple[str, list]:
        """HourlyCount's days: the edge days, or every day of the period."""
        d = self._date
        if self.months is None or whole_period:
            return "day >= %s AND day <= %s", [d(self.date_from), d(self.date_to)]
        first, stop = self.months
        return (
            "((day >= %s AND day < %s) OR (day >= %s AND day <= %s))",
            [d(self.date_from), d(first), d(stop), d(self.date_to)],
        )

    def _scope(self, areas: bool = True) -> tuple[str, list]:
        sql, params = self._in("municipality_id", self.municipality_ids)
        if areas and self.area_ids:
            area_sql, area_params = self._in("area_id", self.area_ids)
            sql, params = f"{sql} AND {area_sql}", params + area_params
        return sql, params

    def _sources(self, columns: str, where: str, params: list) -> tuple[str, list]:
        """`columns` of the hourly edge days and the monthly whole months, as one relation."""
        days, day_params = self._days()
        sql = f"SELECT {columns} FROM {HOURLY} WHERE {days} AND {where}"
        params_out = day_params + params
        if self.months:
            sql += f" UNION ALL SELECT {columns} FROM {MONTHLY} WHERE month >= %s AND month < %s AND {where}"
            params_out += [self._date(self.months[0]), self._date(self.months[1])] + params
        return sql, params_out

    # -- the figures --

    def sums(self) -> dict[int, dict[tuple, int]]:
        """{BY_CATEGORY: {(source, category_id): n}, BY_AREA: {(source, area_id): n},
        BY_TYPE: {(source, police_type): n}} of municipality-level rows; zeros left out."""
        scope, params = self._scope()
        rows, params = self._sources(
            "source, category_id, area_id, police_type, n", f"county_code = '' AND {scope}", params
        )
        if connection.vendor == "postgresql":
            sql = (
                "SELECT GROUPING(source, category_id, area_id, police_type), source, category_id, area_id, "
                f"police_type, SUM(n) FROM ({rows}) r GROUP BY GROUPING SETS "
                "((source, category_id), (source, area_id), (source, police_type))"
            )
        else:
            # SQLite has no GROUPING SETS: three groupings of the rows, read once.
            sql = f"WITH r AS MATERIALIZED ({rows}) " + " UNION ALL ".join(
                f"SELECT {g}, source, {_or(column, 'category_id', '0')}, {_or(column, 'area_id', '0')}, "
                f"{_or(column, 'police_type', EMPTY)}, SUM(n) FROM r GROUP BY source, {column}"
                for g, column in _SETS.items()
            )
        result: dict[int, dict[tuple, int]] = {g: {} for g in _SETS}
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for g, source, category_id, area_id, police_type, n in cursor.fetchall():
                if n:
                    key = {BY_CATEGORY: category_id, BY_AREA: area_id, BY_TYPE: police_type}[g]
                    result[g][(source, key)] = int(n)
        return result

    def weekday_hour(self) -> list[list[int]]:
        """7×24 counts, Monday first. WeekHourCount has no areas: a scope of some areas (within
        one municipality) reads all its days from HourlyCount."""
        whole = bool(self.area_ids)
        days, params = self._days(whole_period=whole)
        scope, scope_params = self._scope()
        if connection.vendor == "postgresql":
            weekday = "EXTRACT(ISODOW FROM day)::integer"
        else:
            weekday = "(CAST(strftime('%%w', day) AS INTEGER) + 6) %% 7 + 1"  # %w: Sunday is 0
        sql = f"SELECT {weekday}, hour, SUM(n) FROM {HOURLY} WHERE {days} AND county_code = '' AND {scope} "
        sql += "GROUP BY 1, 2"
        params += scope_params
        if self.months and not whole:
            scope, scope_params = self._scope(areas=False)
            sql += (
                f" UNION ALL SELECT weekday, hour, SUM(n) FROM {WEEKHOUR} WHERE month >= %s AND month < %s "
                f"AND {scope} GROUP BY 1, 2"
            )
            params += [self._date(self.months[0]), self._date(self.months[1])] + scope_params
        grid = [[0] * 24 for _day in range(7)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            for weekday_n, hour, n in cursor.fetchall():
                grid[int(weekday_n) - 1][int(hour)] += int(n)
        return grid

    def county_level(self, county_codes) -> int:
        """Police events at county level (municipality 0) in these counties."""
        if not county_codes:
            return 0
        where, params = self._in("county_code", sorted(county_codes))
        rows, params = self._sources("n", f"municipality_id = 0 AND source = 'police' AND {where}", params)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT SUM(n) FROM ({rows}) r", params)
            return int(cursor.fetchone()[0] or 0)
