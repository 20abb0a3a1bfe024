"""Database triggers that keep lagesbild's aggregate tables equal to a recount of the raw rows.

The situation picture reads its counts (totals, categories, areas, weekday × hour, police event
types, county-level events) from three tables, so it never scans raw events:
HourlyCount (per local day and hour), MonthlyCount (the same keys per local month) and
WeekHourCount (per municipality, month, ISO weekday and hour; the weekday × hour pattern of long
periods). Whole months of a period are read from the monthly tables, the days at its edges from
HourlyCount. The tables are kept inside the database, so that every writer keeps them right:
ORM saves, `QuerySet.update`, `bulk_update`, deletes (also Django's cascades and SET NULL, which
are UPDATE/DELETE statements), the police import's PostgreSQL COPY and raw SQL.

- PostgreSQL: statement-level AFTER INSERT/UPDATE/DELETE triggers with transition tables. Each
  statement subtracts its old rows and adds its new ones, grouped by hourly key once, and
  upserts (INSERT … ON CONFLICT DO UPDATE) the hourly rows and the two rollups grouped from them,
  each in key order. Every trigger runs the same statement shape, so the tables are locked in the
  same order by every writer (PostgreSQL runs the main INSERT first, then the data-modifying CTEs
  in turn), and the rows within each table in key order: concurrent writers neither lose counts
  nor deadlock on the aggregates. Keys whose net change is 0 are not touched, so an edit of a
  description costs one grouped no-op.
- SQLite: row-level triggers with the same upsert. Local day and hour come from Django's own
  SQLite functions (`django_datetime_cast_date`, `django_datetime_extract`), which every Django
  connection registers and which use the same zoneinfo as the ORM: writers outside Django cannot
  write these two tables on SQLite.

Rows are kept when n falls to 0 (deleting them would race with a concurrent upsert); readers
ignore them. TRUNCATE is not tracked: run `rebuild()` after one.

Counted rows, exactly as lagesbild.compute counted raw rows before:
EST = incidents_incident with status not in incidents.models.NOT_COUNTED_STATUSES (rejected, merged);
police = policedata_policeevent that is not a summary; municipality null → municipality_id 0 and
its county_code (county level), otherwise county_code ''.
"""

from django.conf import settings
from django.db import connection as default_connection

from incidents.models import NOT_COUNTED_STATUSES

TABLE = "lagesbild_hourlycount"
MONTHLY = "lagesbild_monthlycount"
WEEKHOUR = "lagesbild_weekhourcount"
COLUMNS = ("municipality_id", "county_code", "source", "area_id", "category_id", "police_type", "day", "hour")
# Every aggregate table and its key. The monthly tables let long periods read whole months
# (about 30 times fewer rows at national density, where nearly every event has an hourly row of
# its own); the weekday × hour pattern needs the hour, so it has its own small monthly table
# without categories and areas (county-level events, municipality 0, are not in it: the
# pattern counts municipality-level rows only).
TARGETS = {
    TABLE: COLUMNS,
    MONTHLY: ("municipality_id", "county_code", "source", "area_id", "category_id", "police_type", "month"),
    WEEKHOUR: ("municipality_id", "month", "weekday", "hour"),
}
MUNICIPAL_ONLY = {WEEKHOUR}
SOURCES = {
    "incidents_incident": {
        "keys": {
            "municipality_id": "{r}.municipality_id",
            "county_code": "''",
            "source": "'est'",
            "area_id": "COALESCE({r}.area_id, 0)",
            "category_id": "{r}.category_id",
            "police_type": "''",
        },
        "counted": "{r}.status NOT IN (%s)" % ", ".join(f"'{status}'" for status in NOT_COUNTED_STATUSES),
        "columns": ("municipality_id", "area_id", "category_id", "status", "occurred_at"),
    },
    "policedata_policeevent": {
        "keys": {
            "municipality_id": "COALESCE({r}.municipality_id, 0)",
            "county_code": "CASE WHEN {r}.municipality_id IS NULL THEN {r}.county_code ELSE '' END",
            "source": "'police'",
            "area_id": "COALESCE({r}.area_id, 0)",
            "category_id": "COALESCE({r}.category_id, 0)",
            "police_type": "{r}.type",
        },
        "counted": "NOT {r}.is_summary",
        "columns": ("municipality_id", "county_code", "area_id", "category_id", "type", "is_summary", "occurred_at"),
    },
}


def _time_keys(vendor: str, r: str) -> dict[str, str]:
    """Local (Europe/Stockholm) day, hour, first day of the month and ISO weekday (1 = Monday)
    of raw row r's occurred_at."""
    tz = settings.TIME_ZONE
    if vendor == "postgresql":
        local = f"({r}.occurred_at AT TIME ZONE '{tz}')"
        return {
            "day": f"({local})::date",
            "hour": f"EXTRACT(HOUR FROM {local})::integer",
            "month": f"date_trunc('month', {local})::date",
            "weekday": f"EXTRACT(ISODOW FROM {local})::integer",
        }
    day = f"django_datetime_cast_date({r}.occurred_at, '{tz}', 'UTC')"
    return {
        "day": day,
        "hour": f"django_datetime_extract('hour', {r}.occurred_at, '{tz}', 'UTC')",
        "month": f"substr({day}, 1, 8) || '01'",  # the ISO text SQLite stores a DateField as
        "weekday": f"django_datetime_extract('iso_week_day', {r}.occurred_at, '{tz}', 'UTC')",
    }


def _keys(vendor: str, table: str, r: str, target: str = TABLE) -> list[str]:
    """Target's key columns as expressions over raw row r of source table `table`."""
    exprs = {col: k.format(r=r) for col, k in SOURCES[table]["keys"].items()} | _time_keys(vendor, r)
    return [exprs[col] for col in TARGETS[target]]


def _select(vendor: str, table: str, r: str, delta: str) -> str:
    """The hourly key columns and delta of the counted rows of relation alias r."""
    keys = ", ".join(f"{expr} AS {col}" for expr, col in zip(_keys(vendor, table, r), COLUMNS, strict=True))
    return f"{keys}, {delta} AS d"


def _upsert_from(target: str, select: str, group: bool) -> str:
    """INSERT … ON CONFLICT into target from `select`, which yields target's key columns and n
    (grouped by key here when `group`). Key order: row locks are taken in one order."""
    cols = ", ".join(TARGETS[target])
    if group:
        select = f"SELECT {cols}, SUM(n) AS n FROM ({select}) g GROUP BY {cols} HAVING SUM(n) <> 0"
    return (
        f"INSERT INTO {target} ({cols}, n) SELECT {cols}, n FROM ({select}) u ORDER BY {cols} "
        f"ON CONFLICT ({cols}) DO UPDATE SET n = {target}.n + EXCLUDED.n"
    )


# The rollups' keys from the grouped hourly delta `d` (PostgreSQL): one grouping of the
# transition tables feeds all three tables.
_FROM_HOURLY = {
    "month": "date_trunc('month', day::timestamp)::date",
    "weekday": "EXTRACT(ISODOW FROM day)::integer",
}


def _postgres_body(rows_sql: str, targets) -> str:
    cols = ", ".join(COLUMNS)
    upserts = [_upsert_from(TABLE, "SELECT * FROM d", group=False)]
    for target in targets:
        if target == TABLE:
            continue
        select = ", ".join(f"{_FROM_HOURLY.get(col, col)} AS {col}" for col in TARGETS[target])
        where = " WHERE municipality_id <> 0" if target in MUNICIPAL_ONLY else ""
        upserts.append(_upsert_from(target, f"SELECT {select}, n FROM d{where}", group=True))
    # Data-modifying CTEs: each runs exactly once, all from the one materialised grouping d.
    ctes = [f"d AS MATERIALIZED (SELECT {cols}, SUM(d) AS n FROM ({rows_sql}) s GROUP BY {cols} HAVING SUM(d) <> 0)"]
    ctes += [f"u{i} AS ({sql})" for i, sql in enumerate(upserts[:-1])]
    return f"WITH {', '.join(ctes)} {upserts[-1]}"


def _postgres_sql(table: str, targets) -> tuple[list[str], list[str]]:
    counted_new = SOURCES[table]["counted"].format(r="nr")
    counted_old = SOURCES[table]["counted"].format(r="orr")
    add = f"SELECT {_select('postgresql', table, 'nr', '1')} FROM new_rows nr WHERE {counted_new}"
    sub = f"SELECT {_select('postgresql', table, 'orr', '-1')} FROM old_rows orr WHERE {counted_old}"
    create, drop = [], []
    for op, rows, referencing in (
        ("insert", add, "NEW TABLE AS new_rows"),
        ("delete", sub, "OLD TABLE AS old_rows"),
        ("update", f"{add} UNION ALL {sub}", "NEW TABLE AS new_rows OLD TABLE AS old_rows"),
    ):
        name = f"{table}_hourly_{op}"
        create.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {_postgres_body(rows, targets)}; "
            f"RETURN NULL; END $$"
        )
        create.append(
            f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        drop.append(f"DROP FUNCTION IF EXISTS {name}()")
    return create, drop


def _sqlite_sql(table: str, targets) -> tuple[list[str], list[str]]:
    def one(r: str, delta: str) -> str:
        counted = SOURCES[table]["counted"].format(r=r)
        statements = []
        for target in targets:
            cols = ", ".join(TARGETS[target])
            values = ", ".join(_keys("sqlite", table, r, target))
            where = counted
            if target in MUNICIPAL_ONLY:
                where += f" AND {SOURCES[table]['keys']['municipality_id'].format(r=r)} <> 0"
            statements.append(
                f"INSERT INTO {target} ({cols}, n) SELECT {values}, {delta} WHERE {where} "
                f"ON CONFLICT ({cols}) DO UPDATE SET n = n + excluded.n;"
            )
        return " ".join(statements)

    watched = ", ".join(SOURCES[table]["columns"])
    create = [
        f"CREATE TRIGGER {table}_hourly_insert AFTER INSERT ON {table} BEGIN {one('NEW', '1')} END",
        f"CREATE TRIGGER {table}_hourly_delete AFTER DELETE ON {table} BEGIN {one('OLD', '-1')} END",
        f"CREATE TRIGGER {table}_hourly_update AFTER UPDATE OF {watched} ON {table} "
        f"BEGIN {one('OLD', '-1')} {one('NEW', '1')} END",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {table}_hourly_{op}" for op in ("insert", "delete", "update")]
    return create, drop


def trigger_sql(vendor: str, targets=tuple(TARGETS)) -> tuple[list[str], list[str]]:
    """(create statements, drop statements) for both source tables, writing `targets`."""
    create, drop = [], []
    for table in SOURCES:
        c, d = _postgres_sql(table, targets) if vendor == "postgresql" else _sqlite_sql(table, targets)
        create += c
        drop += d
    return create, drop


def recount_sql(vendor: str, table: str, target: str = TABLE) -> str:
    """Target's grouped counts of one source table from scratch: key columns and n."""
    keys = _keys(vendor, table, "r", target)
    counted = SOURCES[table]["counted"].format(r="r")
    if target in MUNICIPAL_ONLY:
        counted += f" AND {SOURCES[table]['keys']['municipality_id'].format(r='r')} <> 0"
    select = ", ".join(f"{expr} AS {col}" for expr, col in zip(keys, TARGETS[target], strict=True))
    group = ", ".join(str(i) for i in range(1, len(keys) + 1))
    return f"SELECT {select}, COUNT(*) AS n FROM {table} r WHERE {counted} GROUP BY {group}"


def _existing(connection) -> tuple[str, ...]:
    """The aggregate tables this database has: a migration that runs before the one that
    creates the rollups installs triggers that write only the tables that exist (SQLite checks a
    trigger's tables whenever a later migration remakes the source table)."""
    tables = set(connection.introspection.table_names())
    return tuple(target for target in TARGETS if target in tables)


def fill_sql(vendor: str, target: str) -> str:
    """INSERT target's recount of both source tables (the weekday × hour table has no source
    column, so both add to its keys)."""
    cols = ", ".join(TARGETS[target])
    union = " UNION ALL ".join(recount_sql(vendor, table, target) for table in SOURCES)
    return f"INSERT INTO {target} ({cols}, n) SELECT {cols}, SUM(n) FROM ({union}) u GROUP BY {cols}"


def install(connection=default_connection, fill: bool = True) -> None:
    """Create the triggers and fill the tables from the raw rows (in one transaction).
    fill=False only creates the triggers, for a caller that has just filled the tables itself."""
    targets = _existing(connection)
    create, drop = trigger_sql(connection.vendor, targets)
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
        for target in targets if fill else ():
            # TRUNCATE on PostgreSQL: after a DELETE every insert into the unique key would first
            # visit the deleted row's index entry, which made a recount three times slower.
            cursor.execute(f"TRUNCATE {target}" if connection.vendor == "postgresql" else f"DELETE FROM {target}")
            cursor.execute(fill_sql(connection.vendor, target))
        for sql in create:
            cursor.execute(sql)


def uninstall(connection=default_connection) -> None:
    _create, drop = trigger_sql(connection.vendor)
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)


def rebuild(connection=default_connection) -> None:
    """Recount from scratch (after a TRUNCATE or a restore that bypassed the triggers)."""
    install(connection)


def recount(connection=default_connection, target: str = TABLE) -> dict[tuple, int]:
    """{key: n} of target recounted from the raw rows, for checks and tests."""
    result: dict[tuple, int] = {}
    with connection.cursor() as cursor:
        for table in SOURCES:
            cursor.execute(recount_sql(connection.vendor, table, target))
            for *key, n in cursor.fetchall():
                key = _normal(target, key)
                result[key] = result.get(key, 0) + n
    return result


def stored(connection=default_connection, target: str = TABLE) -> dict[tuple, int]:
    """{key: n} as target holds it, rows with n = 0 left out."""
    cols = ", ".join(TARGETS[target])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cols}, n FROM {target} WHERE n <> 0")
        return {_normal(target, key): n for *key, n in cursor.fetchall()}


def _normal(target: str, key) -> tuple:
    """Dates as ISO text (PostgreSQL gives dates, SQLite text), numbers as int."""
    return tuple(
        str(value) if col in ("day", "month") else int(value) if col in ("hour", "weekday") else value
        for col, value in zip(TARGETS[target], key, strict=True)
    )


def installed(connection=default_connection) -> bool:
    """Whether all six triggers exist and write every aggregate table (SQLite drops a table's
    triggers when a migration remakes the table; triggers installed before the rollups existed
    write the hourly table only)."""
    names = {f"{table}_hourly_{op}" for table in SOURCES for op in ("insert", "update", "delete")}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgname LIKE %s",
                ["%\\_hourly\\_%"],
            )
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        found = dict(cursor.fetchall())
    targets = _existing(connection)
    return all(name in found and all(t in found[name] for t in targets) for name in names)


def ensure_installed(sender=None, using="default", **kwargs) -> None:
    """post_migrate: put back triggers a later migration dropped, and recount."""
    from django.db import connections

    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        return
    if not installed(connection):
        install(connection)
