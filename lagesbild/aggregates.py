"""Database triggers that keep lagesbild.HourlyCount equal to a recount of the raw rows.

The situation picture reads its counts (totals, categories, areas, weekday × hour, police event
types, county-level events) from HourlyCount, so it never scans raw events. The table is kept
inside the database, so that every writer keeps it right: ORM saves, `QuerySet.update`,
`bulk_update`, deletes (also Django's cascades and SET NULL, which are UPDATE/DELETE statements),
the police import's PostgreSQL COPY and raw SQL.

- PostgreSQL: statement-level AFTER INSERT/UPDATE/DELETE triggers with transition tables. Each
  statement subtracts its old rows and adds its new ones, grouped by key, with
  INSERT … ON CONFLICT DO UPDATE in key order (row locks taken in one order, so concurrent
  writers neither lose counts nor deadlock on the aggregate). Keys whose net change is 0 are not
  touched, so an edit of a description costs one grouped no-op.
- SQLite: row-level triggers with the same upsert. Local day and hour come from Django's own
  SQLite functions (`django_datetime_cast_date`, `django_datetime_extract`), which every Django
  connection registers and which use the same zoneinfo as the ORM: writers outside Django cannot
  write these two tables on SQLite.

Rows are kept when n falls to 0 (deleting them would race with a concurrent upsert); readers
ignore them. TRUNCATE is not tracked: run `rebuild()` after one.

Counted rows, exactly as lagesbild.compute counted raw rows before:
EST = incidents_incident with status not in ('rejected', 'merged');
police = policedata_policeevent that is not a summary; municipality null → municipality_id 0 and
its county_code (county level), otherwise county_code ''.
"""

from django.conf import settings
from django.db import connection as default_connection

TABLE = "lagesbild_hourlycount"
COLUMNS = ("municipality_id", "county_code", "source", "area_id", "category_id", "police_type", "day", "hour")
SOURCES = {
    "incidents_incident": {
        "keys": (
            "{r}.municipality_id",
            "''",
            "'est'",
            "COALESCE({r}.area_id, 0)",
            "{r}.category_id",
            "''",
        ),
        "counted": "{r}.status NOT IN ('rejected', 'merged')",
        "columns": ("municipality_id", "area_id", "category_id", "status", "occurred_at"),
    },
    "policedata_policeevent": {
        "keys": (
            "COALESCE({r}.municipality_id, 0)",
            "CASE WHEN {r}.municipality_id IS NULL THEN {r}.county_code ELSE '' END",
            "'police'",
            "COALESCE({r}.area_id, 0)",
            "COALESCE({r}.category_id, 0)",
            "{r}.type",
        ),
        "counted": "NOT {r}.is_summary",
        "columns": ("municipality_id", "county_code", "area_id", "category_id", "type", "is_summary", "occurred_at"),
    },
}


def _time_keys(vendor: str, r: str) -> tuple[str, str]:
    tz = settings.TIME_ZONE
    if vendor == "postgresql":
        local = f"({r}.occurred_at AT TIME ZONE '{tz}')"
        return f"({local})::date", f"EXTRACT(HOUR FROM {local})::integer"
    return (
        f"django_datetime_cast_date({r}.occurred_at, '{tz}', 'UTC')",
        f"django_datetime_extract('hour', {r}.occurred_at, '{tz}', 'UTC')",
    )


def _keys(vendor: str, table: str, r: str) -> list[str]:
    return [k.format(r=r) for k in SOURCES[table]["keys"]] + list(_time_keys(vendor, r))


def _select(vendor: str, table: str, r: str, delta: str) -> str:
    """The key columns and delta of the counted rows of relation alias r."""
    keys = ", ".join(f"{expr} AS {col}" for expr, col in zip(_keys(vendor, table, r), COLUMNS, strict=True))
    return f"{keys}, {delta} AS d"


def _upsert(rows_sql: str, having_nonzero: bool = True) -> str:
    cols = ", ".join(COLUMNS)
    having = " HAVING SUM(d) <> 0" if having_nonzero else ""
    return (
        f"INSERT INTO {TABLE} ({cols}, n) SELECT {cols}, SUM(d) FROM ({rows_sql}) s GROUP BY {cols}{having} "
        f"ORDER BY {cols} ON CONFLICT ({cols}) DO UPDATE SET n = {TABLE}.n + EXCLUDED.n"
    )


def _postgres_sql(table: str) -> tuple[list[str], list[str]]:
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
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {_upsert(rows)}; "
            f"RETURN NULL; END $$"
        )
        create.append(
            f"CREATE TRIGGER {name} AFTER {op.upper()} ON {table} REFERENCING {referencing} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
        )
        drop.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        drop.append(f"DROP FUNCTION IF EXISTS {name}()")
    return create, drop


def _sqlite_sql(table: str) -> tuple[list[str], list[str]]:
    def one(r: str, delta: str) -> str:
        counted = SOURCES[table]["counted"].format(r=r)
        cols = ", ".join(COLUMNS)
        values = ", ".join(_keys("sqlite", table, r))
        return (
            f"INSERT INTO {TABLE} ({cols}, n) SELECT {values}, {delta} WHERE {counted} "
            f"ON CONFLICT ({cols}) DO UPDATE SET n = n + excluded.n;"
        )

    watched = ", ".join(SOURCES[table]["columns"])
    create = [
        f"CREATE TRIGGER {table}_hourly_insert AFTER INSERT ON {table} BEGIN {one('NEW', '1')} END",
        f"CREATE TRIGGER {table}_hourly_delete AFTER DELETE ON {table} BEGIN {one('OLD', '-1')} END",
        f"CREATE TRIGGER {table}_hourly_update AFTER UPDATE OF {watched} ON {table} "
        f"BEGIN {one('OLD', '-1')} {one('NEW', '1')} END",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {table}_hourly_{op}" for op in ("insert", "delete", "update")]
    return create, drop


def trigger_sql(vendor: str) -> tuple[list[str], list[str]]:
    """(create statements, drop statements) for both source tables."""
    create, drop = [], []
    for table in SOURCES:
        c, d = _postgres_sql(table) if vendor == "postgresql" else _sqlite_sql(table)
        create += c
        drop += d
    return create, drop


def recount_sql(vendor: str, table: str) -> str:
    """The grouped counts of one source table from scratch: key columns and n."""
    keys = _keys(vendor, table, "r")
    counted = SOURCES[table]["counted"].format(r="r")
    select = ", ".join(f"{expr} AS {col}" for expr, col in zip(keys, COLUMNS, strict=True))
    group = ", ".join(str(i) for i in range(1, len(COLUMNS) + 1))
    return f"SELECT {select}, COUNT(*) AS n FROM {table} r WHERE {counted} GROUP BY {group}"


def install(connection=default_connection) -> None:
    """Create the triggers and fill the table from the raw rows (in one transaction)."""
    create, drop = trigger_sql(connection.vendor)
    with connection.cursor() as cursor:
        for sql in drop:
            cursor.execute(sql)
        cursor.execute(f"DELETE FROM {TABLE}")
        cols = ", ".join(COLUMNS)
        for table in SOURCES:
            cursor.execute(f"INSERT INTO {TABLE} ({cols}, n) {recount_sql(connection.vendor, table)}")
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


def recount(connection=default_connection) -> dict[tuple, int]:
    """{key: n} recounted from the raw rows, for checks and tests."""
    result: dict[tuple, int] = {}
    with connection.cursor() as cursor:
        for table in SOURCES:
            cursor.execute(recount_sql(connection.vendor, table))
            for *key, n in cursor.fetchall():
                result[_normal(key)] = n
    return result


def stored(connection=default_connection) -> dict[tuple, int]:
    """{key: n} as HourlyCount holds it, rows with n = 0 left out."""
    cols = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {cols}, n FROM {TABLE} WHERE n <> 0")
        return {_normal(key): n for *key, n in cursor.fetchall()}


def _normal(key) -> tuple:
    key = list(key)
    key[6] = str(key[6])  # date (PostgreSQL) or ISO string (SQLite)
    key[7] = int(key[7])
    return tuple(key)


def installed(connection=default_connection) -> bool:
    """Whether all six triggers exist (SQLite drops a table's triggers when a migration remakes
    the table)."""
    names = {f"{table}_hourly_{op}" for table in SOURCES for op in ("insert", "update", "delete")}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE %s", ["%\\_hourly\\_%"])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return names <= {row[0] for row in cursor.fetchall()}


def ensure_installed(sender=None, using="default", **kwargs) -> None:
    """post_migrate: put back triggers a later migration dropped, and recount."""
    from django.db import connections

    connection = connections[using]
    if TABLE not in connection.introspection.table_names():
        return
    if not installed(connection):
        install(connection)
