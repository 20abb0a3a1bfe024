"""What bench/national.py (PostgreSQL) and bench/sqlite_muni.py (SQLite) measure alike: medians of
repeated calls, and the municipality-year figures recomputed by DuckDB from the raw rows.

Both scripts call django.setup() before importing this module."""

import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

from django.db import connection

from incidents.models import NOT_COUNTED_STATUSES

RUNS = int(os.environ.get("BENCH_NATIONAL_RUNS", "5"))

# The raw columns DuckDB needs; occurred_at must arrive as a timestamp with time zone and
# is_summary as a boolean, whatever the database stores them as.
RAW = {
    "incidents_incident": ("municipality_id", "category_id", "area_id", "status"),
    "policedata_policeevent": ("municipality_id", "county_code", "category_id", "area_id", "type"),
}


def median_ms(fn, runs: int = RUNS) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _export(tmp: Path) -> None:
    """The raw columns of both tables as CSV files in tmp (COPY on PostgreSQL; on SQLite the
    stored UTC text gets an explicit offset, and the 0/1 booleans become words)."""
    import csv

    for table, columns in RAW.items():
        cols = ", ".join(columns)
        summary = ", is_summary" if table == "policedata_policeevent" else ""
        path = tmp / f"{table}.csv"
        with connection.cursor() as c:
            if connection.vendor == "postgresql":
                sql = f"COPY (SELECT {cols}{summary}, occurred_at FROM {table}) TO STDOUT WITH (FORMAT csv, HEADER)"
                with open(path, "wb") as f, c.cursor.copy(sql) as copy:
                    for block in copy:
                        f.write(block)
                continue
            summary_sql = ", CASE WHEN is_summary THEN 'true' ELSE 'false' END" if summary else ""
            c.execute(f"SELECT {cols}{summary_sql}, occurred_at || '+00:00' FROM {table}")
            with open(path, "w", newline="") as f:
                writer = csv.writer(f)
                writer.writerow([*columns, *(["is_summary"] if summary else []), "occurred_at"])
                while batch := c.fetchmany(50_000):
                    writer.writerows(batch)


def duckdb_muni_year(municipality, date_from: datetime.date, date_to: datetime.date) -> float:
    """The municipality-year counts from the raw rows, in DuckDB (in memory, loaded untimed
    from a CSV export of the current database); median ms of 10 queries."""
    import duckdb

    tmp = Path(tempfile.mkdtemp(prefix="samtrygg-duckdb-"))
    _export(tmp)
    db = duckdb.connect()
    db.execute("SET TimeZone = 'Europe/Stockholm'")
    for table in RAW:
        types = {"occurred_at": "TIMESTAMPTZ", "status": "VARCHAR"}
        if table == "policedata_policeevent":
            types = {"occurred_at": "TIMESTAMPTZ", "is_summary": "BOOLEAN", "county_code": "VARCHAR", "type": "VARCHAR"}
        # Quote and delimiter given: sniffing a sample missed the quotes of rare types ("Mord/dråp, försök").
        csv = f"read_csv('{tmp / table}.csv', header = true, delim = ',', quote = '\"', types = {types!r})"
        db.execute(f"CREATE TABLE {table} AS SELECT * FROM {csv}")
        (tmp / f"{table}.csv").unlink()
    tmp.rmdir()
    start = f"TIMESTAMPTZ '{date_from} 00:00:00 Europe/Stockholm'"
    end = f"TIMESTAMPTZ '{date_to + datetime.timedelta(days=1)} 00:00:00 Europe/Stockholm'"
    mid = municipality.pk
    est = (
        f"FROM incidents_incident WHERE municipality_id = {mid} AND occurred_at >= {start} "
        f"AND occurred_at < {end} AND status NOT IN ({', '.join(repr(s) for s in NOT_COUNTED_STATUSES)})"
    )
    pol = (
        f"FROM policedata_policeevent WHERE municipality_id = {mid} AND occurred_at >= {start} "
        f"AND occurred_at < {end} AND NOT is_summary"
    )
    queries = [
        f"SELECT count(*) {est}",
        f"SELECT count(*) {pol}",
        f"SELECT category_id, count(*) {est} GROUP BY 1",
        f"SELECT category_id, count(*) {pol} GROUP BY 1",
        f"SELECT area_id, count(*) {est} GROUP BY 1",
        f"SELECT area_id, count(*) {pol} GROUP BY 1",
        f"SELECT isodow(occurred_at), hour(occurred_at), count(*) {est} GROUP BY 1, 2",
        f"SELECT isodow(occurred_at), hour(occurred_at), count(*) {pol} GROUP BY 1, 2",
        f"SELECT type, count(*) {pol} GROUP BY 1",
        f"SELECT count(*) FROM policedata_policeevent WHERE municipality_id IS NULL "
        f"AND county_code = '{municipality.county_code}' AND occurred_at >= {start} AND occurred_at < {end} "
        "AND NOT is_summary",
    ]

    def run():
        return [db.execute(q).fetchall() for q in queries]

    result = median_ms(run)
    db.close()
    return result
