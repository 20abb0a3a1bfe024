#!/usr/bin/env python3
"""The ten-year single-municipality data set on SQLite (run by bench/run.py; can also run alone).

1. creates a fresh SQLite database file in a temporary directory (removed afterwards), runs
   `migrate` and `load_demo --incidents 0 --no-police --no-collaboration` on it;
2. generates BENCH_SQLITE_ROWS rows (police events and EST reports, 5:1) for one municipality
   (BENCH_SQLITE_MUNI, Lomma by default: it has real areas and places) spread over 2016–2025,
   with INSERT … SELECT over a recursive CTE through Django's own connection, so that the
   row-level aggregate triggers run for every row as they do for any other writer (they call
   Django's SQLite functions for the local day and hour);
3. measures the median of BENCH_NATIONAL_RUNS runs of the municipality-year situation picture
   (2025) and the same figures from the raw rows in DuckDB, as bench/national.py does.

Last line: `sqlite: sqlite_rows=… sqlite_muni_year_ms=… sqlite_duckdb_ratio=…`.
"""

import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TMP = Path(tempfile.mkdtemp(prefix="samtrygg-bench-sqlite-"))
sys.path.insert(0, str(REPO))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtrygg.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from measure import duckdb_muni_year, median_ms  # noqa: E402

from areas.models import Area, Place  # noqa: E402
from incidents.models import IncidentCategory  # noqa: E402
from lagesbild import aggregates  # noqa: E402
from lagesbild.compute import situation_picture  # noqa: E402
from tenancy.models import Municipality  # noqa: E402

ROWS = int(os.environ.get("BENCH_SQLITE_ROWS", "1000000"))
MUNI = os.environ.get("BENCH_SQLITE_MUNI", "1262")
CHUNK = 100_000
EST_SHARE = 6  # one row in six is an EST report (national.py: one EST report per 5 police events)
TEN_YEARS_S = 3653 * 86400
YEAR = 2025
T0 = time.monotonic()
TYPES = ["Stöld", "Misshandel", "Trafikolycka", "Skadegörelse", "Brand", "Rån", "Narkotikabrott", "Olaga hot"]
TYPES += ["Bråk", "Rattfylleri", "Ordningslagen", "Inbrott", "Bedrägeri", "Fylleri/LOB", "Sammanfattning natt"]


def log(msg: str) -> None:
    print(f"[sqlite {time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def sql_array(values) -> str:
    """A constant list as a VALUES table (SQLite has no arrays)."""
    return " UNION ALL ".join(f"SELECT {i} AS i, {v} AS v" for i, v in enumerate(values))


def generate(municipality: Municipality) -> None:
    cats = list(IncidentCategory.objects.filter(municipality=municipality).values_list("id", flat=True))
    areas = list(Area.objects.filter(municipality=municipality).values_list("id", flat=True)) or ["NULL"]
    places = list(Place.objects.filter(municipality=municipality).values_list("id", flat=True)) or ["NULL"]
    types = [f"'{t}'" for t in TYPES]
    n_police = ROWS - ROWS // EST_SHARE
    n_est = ROWS // EST_SHARE
    # random() is a signed 64-bit integer in SQLite; abs(random()) % N is uniform enough here.
    # s is MATERIALIZED so that each row's random values are drawn once, not again at every reference.
    # (%% is Django's escape for a literal %: the SQL passes through its %s placeholder conversion.)
    common = f"""WITH RECURSIVE g(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM g WHERE x < %s - 1),
        cats AS ({sql_array(cats)}), types AS ({sql_array(types)}), areas AS ({sql_array(areas)}),
        places AS ({sql_array(places)}),
        s AS MATERIALIZED (SELECT x, datetime('2016-01-01', '+' || (abs(random()) %% {TEN_YEARS_S}) || ' seconds') AS t,
                     abs(random()) AS r FROM g)"""
    done_police = done_est = 0
    next_id = 4_000_000_000
    with connection.cursor() as c:
        chunks = -(-n_police // CHUNK)
        while done_police < n_police or done_est < n_est:
            police = min(CHUNK, n_police - done_police)
            est = min(-(-n_est // chunks), n_est - done_est)
            with transaction.atomic():
                if police:
                    c.execute(
                        f"""{common}
                        INSERT INTO policedata_policeevent
                            (external_id, published_at, occurred_at, name, summary, url, type, location_name,
                             municipality_id, county_code, lat, lon, position_is_centroid, is_summary,
                             category_id, area_id, updated_at)
                        SELECT %s + x, t, t, 'x', '', '', ty.v, '', {municipality.pk}, '{municipality.county_code}',
                               NULL, NULL, 1, ty.v = 'Sammanfattning natt', cats.v, NULL, t
                        FROM s JOIN types ty ON ty.i = s.x %% {len(types)} JOIN cats ON cats.i = s.r %% {len(cats)}""",
                        [police, next_id + done_police],
                    )
                if est:
                    c.execute(
                        f"""{common}
                        INSERT INTO incidents_incident
                            (municipality_id, category_id, occurred_at, lat, lon, description, people_count,
                             age_group, police_notified, rescue_notified, pii, status, review_note, created_at,
                             updated_at, area_id, place_id)
                        SELECT {municipality.pk}, cats.v, t,
                               55.66 + s.r %% 60000 / 1e6, 13.02 + s.r / 60000 %% 60000 / 1e6,
                               'Klotter.', '', '', 0, 0, '[]',
                               CASE WHEN s.x %% 25 = 0 THEN 'rejected' ELSE 'accepted' END, '', t, t, areas.v,
                               CASE WHEN s.x %% 7 = 0 THEN pl.v END
                        FROM s JOIN cats ON cats.i = s.r %% {len(cats)} JOIN areas ON areas.i = s.r / 7 %% {len(areas)}
                        JOIN places pl ON pl.i = s.r / 11 %% {len(places)}""",
                        [est],
                    )
            done_police += police
            done_est += est
            log(f"generated {done_police:,} police events, {done_est:,} EST reports")


def main() -> int:
    try:
        log(f"database {connection.settings_dict['NAME']}")
        call_command("migrate", verbosity=0)
        call_command("load_demo", incidents=0, police=False, collaboration=False, verbosity=0)
        municipality = Municipality.objects.get(code=MUNI)
        started = time.monotonic()
        aggregates.uninstall()
        generate(municipality)
        log(f"{ROWS:,} raw rows in {time.monotonic() - started:.1f} s")
        aggregates.install()  # recounts the three aggregate tables from the raw rows
        elapsed = time.monotonic() - started
        log(f"{ROWS:,} rows and their aggregates in {elapsed:.1f} s ({ROWS / elapsed:,.0f} rows/s)")
        with connection.cursor() as c:
            c.execute("ANALYZE")
            c.execute("SELECT (SELECT count(*) FROM policedata_policeevent), (SELECT count(*) FROM incidents_incident)")
            police, est = c.fetchone()
            c.execute(
                "SELECT (SELECT count(*) FROM lagesbild_hourlycount), (SELECT count(*) FROM lagesbild_monthlycount), "
                "(SELECT count(*) FROM lagesbild_weekhourcount)"
            )
            hourly, monthly, weekhour = c.fetchone()
        log(
            f"data: {police:,} police events, {est:,} EST reports; {hourly:,} HourlyCount, {monthly:,} MonthlyCount, "
            f"{weekhour:,} WeekHourCount rows"
        )
        date_from, date_to = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
        muni_ms = median_ms(lambda: situation_picture([municipality], date_from, date_to))
        log(f"municipality-year {municipality.name}: {muni_ms:.1f} ms")
        duck_ms = duckdb_muni_year(municipality, date_from, date_to)
        log(f"duckdb municipality-year on the raw rows: {duck_ms:.1f} ms")
        print(
            f"sqlite: sqlite_rows={ROWS} sqlite_muni_year_ms={muni_ms:.1f} sqlite_duckdb_ratio={muni_ms / duck_ms:.2f}",
            flush=True,
        )
        return 0
    finally:
        connection.close()
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
