#!/usr/bin/env python3
"""The national data set and the lägesbild at national scale (run by bench/run.py after its
create and map phases, in a subprocess with the app's environment; can also run alone against
a migrated database with the demo loaded).

1. generates, for as long as BENCH_NATIONAL_S allows, ten years (2016–2025) of police events
   and EST reports over all 290 municipalities, in chunks of INSERT … SELECT generate_series
   (each chunk is one statement, so the statement-level triggers update lagesbild.HourlyCount
   once per chunk, as for the police import's COPY);
2. measures medians of BENCH_NATIONAL_RUNS runs of lagesbild.compute.situation_picture for one
   municipality-year (the municipality with most rows), its police area for the year, and the
   whole country for the year;
3. computes the same municipality-year figures (totals, categories, areas, weekday × hour,
   police event types, county level) with DuckDB scanning the raw rows, exported from PostgreSQL
   with COPY to CSV and loaded into an in-memory DuckDB table first (export and load untimed);
   prints our time / DuckDB's time;
4. imports BENCH_IMPORT_N generated feed events through policedata.events.import_events
   (parse, mapping, COPY, triggers) and prints events/s;
5. renders the municipality-year PDF (lagesbild.exporters) and prints seconds.

Last line: `national: rows=… muni_year_ms=… police_area_year_ms=… nation_year_ms=… duckdb_ratio=…
import_eps=… pdf_s=…`.
"""

import datetime
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtrygg.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from incidents import services as incident_services  # noqa: E402
from lagesbild import exporters  # noqa: E402
from lagesbild.compute import situation_picture  # noqa: E402
from policedata import events  # noqa: E402
from tenancy.models import Municipality, PoliceArea  # noqa: E402

GEN_SECONDS = float(os.environ.get("BENCH_NATIONAL_S", "120"))
CHUNK = int(os.environ.get("BENCH_NATIONAL_CHUNK", "500000"))
EST_SHARE = 5  # one EST report per this many police events
RUNS = int(os.environ.get("BENCH_NATIONAL_RUNS", "5"))
IMPORT_N = int(os.environ.get("BENCH_IMPORT_N", "20000"))
YEAR = 2025
T0 = time.monotonic()
TYPES = [
    "Stöld",
    "Stöld/inbrott",
    "Misshandel",
    "Trafikolycka",
    "Skadegörelse",
    "Brand",
    "Rån",
    "Narkotikabrott",
    "Olaga hot",
    "Bråk",
    "Rattfylleri",
    "Ordningslagen",
    "Trafikbrott",
    "Bedrägeri",
    "Mord/dråp",
    "Skottlossning",
    "Larm inbrott",
    "Fylleri/LOB",
    "Sammanfattning natt",
    "Övrigt",
]


def log(msg: str) -> None:
    print(f"[national {time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def prepare() -> int:
    for m in Municipality.objects.all():
        incident_services.ensure_default_categories(m)
    with connection.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_munis")
        c.execute(
            """CREATE UNLOGGED TABLE bench_munis AS
               SELECT (row_number() OVER (ORDER BY m.id) - 1)::int AS idx, m.id AS municipality_id,
                      m.county_code, array_agg(c.id ORDER BY c.id) AS cats
               FROM tenancy_municipality m JOIN incidents_incidentcategory c ON c.municipality_id = m.id
               GROUP BY m.id"""
        )
        c.execute("CREATE UNIQUE INDEX ON bench_munis (idx)")
        c.execute("SELECT count(*) FROM bench_munis")
        return c.fetchone()[0]


def generate(n_munis: int) -> tuple[int, int]:
    """Chunks of police events and EST reports until GEN_SECONDS have passed."""
    police = est = 0
    start = time.monotonic()
    types = "ARRAY[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
    with connection.cursor() as c:
        c.execute("SELECT COALESCE(max(external_id), 0) FROM policedata_policeevent")
        next_id = max(c.fetchone()[0], 2_000_000_000) + 1
        while time.monotonic() - start < GEN_SECONDS:
            # sqrt(random()): a municipality's share grows with its index, so sizes differ (up to 2× the mean).
            c.execute(
                f"""INSERT INTO policedata_policeevent
                    (external_id, published_at, occurred_at, name, summary, url, type, location_name,
                     municipality_id, county_code, lat, lon, position_is_centroid, is_summary,
                     category_id, area_id, updated_at)
                    SELECT %s + g, t, t, 'x', '', '', ty, '',
                           CASE WHEN g %% 40 = 0 THEN NULL ELSE b.municipality_id END,
                           b.county_code, NULL, NULL, true, ty = 'Sammanfattning natt',
                           b.cats[1 + g %% array_length(b.cats, 1)], NULL, now()
                    FROM (SELECT g, TIMESTAMPTZ '2016-01-01 00:00+00' + random() * INTERVAL '3653 days' AS t,
                                 ({types})[1 + (g * 7) %% {len(TYPES)}] AS ty,
                                 floor(sqrt(random()) * {n_munis})::int AS idx
                          FROM generate_series(0, %s - 1) g) s
                    JOIN bench_munis b ON b.idx = s.idx""",
                [next_id, CHUNK],
            )
            next_id += CHUNK
            police += CHUNK
            n_est = CHUNK // EST_SHARE
            c.execute(
                f"""INSERT INTO incidents_incident
                    (municipality_id, category_id, occurred_at, lat, lon, description, people_count, age_group,
                     police_notified, rescue_notified, pii, status, review_note, created_at, updated_at)
                    SELECT b.municipality_id, b.cats[1 + g %% array_length(b.cats, 1)],
                           TIMESTAMPTZ '2016-01-01 00:00+00' + random() * INTERVAL '3653 days',
                           55.4 + (b.idx %% 29) * 0.5 + random() * 0.04, 12.5 + (b.idx / 29) * 0.9 + random() * 0.07,
                           'Klotter.', '', '', false, false, '[]'::jsonb,
                           CASE WHEN g %% 25 = 0 THEN 'rejected' ELSE 'accepted' END, '', now(), now()
                    FROM (SELECT g, floor(sqrt(random()) * {n_munis})::int AS idx
                          FROM generate_series(0, %s - 1) g) s
                    JOIN bench_munis b ON b.idx = s.idx""",
                [n_est],
            )
            est += n_est
            log(f"generated {police:,} police events, {est:,} EST reports")
        for table in ("policedata_policeevent", "incidents_incident", "lagesbild_hourlycount"):
            c.execute(f"VACUUM ANALYZE {table}")
    return police, est


def median_ms(fn) -> float:
    fn()  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def duckdb_muni_year(municipality: Municipality, date_from, date_to) -> float:
    """The municipality-year counts from the raw rows, in DuckDB; median ms."""
    import duckdb

    tmp = Path(tempfile.mkdtemp(prefix="samtrygg-duckdb-"))
    with connection.cursor() as c:
        for table, columns in (
            ("incidents_incident", "municipality_id, category_id, area_id, status, occurred_at"),
            (
                "policedata_policeevent",
                "municipality_id, county_code, category_id, area_id, type, is_summary, occurred_at",
            ),
        ):
            with (
                open(tmp / f"{table}.csv", "wb") as f,
                c.cursor.copy(f"COPY (SELECT {columns} FROM {table}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy,
            ):
                for block in copy:
                    f.write(block)
    db = duckdb.connect()
    db.execute("SET TimeZone = 'Europe/Stockholm'")
    for table in ("incidents_incident", "policedata_policeevent"):
        db.execute(f"CREATE TABLE {table} AS SELECT * FROM read_csv_auto('{tmp / table}.csv')")
        (tmp / f"{table}.csv").unlink()
    tmp.rmdir()
    start = f"TIMESTAMPTZ '{date_from} 00:00:00 Europe/Stockholm'"
    end = f"TIMESTAMPTZ '{date_to + datetime.timedelta(days=1)} 00:00:00 Europe/Stockholm'"
    mid = municipality.pk
    est = (
        f"FROM incidents_incident WHERE municipality_id = {mid} AND occurred_at >= {start} "
        f"AND occurred_at < {end} AND status NOT IN ('rejected', 'merged')"
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


def import_rate() -> float:
    names = list(Municipality.objects.values_list("name", flat=True))
    base = 3_000_000_000
    objs = []
    for i in range(IMPORT_N):
        when = datetime.datetime(2026, 3, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(minutes=i)
        local = when.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
        t = TYPES[i % len(TYPES)]
        place = names[i % len(names)]
        objs.append(
            {
                "id": base + i,
                "datetime": local.strftime("%Y-%m-%d %-H:%M:%S +01:00"),
                "name": f"{local:%d} mars {local:%H.%M}, {t}, {place}",
                "summary": "Händelse.",
                "url": f"/aktuellt/handelser/2026/mars/{i}/",
                "type": t,
                "location": {"name": place, "gps": "59.3,18.0"},
            }
        )
    started = time.perf_counter()
    result = events.import_events(objs, None)
    elapsed = time.perf_counter() - started
    assert result["created"] == IMPORT_N, result
    return IMPORT_N / elapsed


def main() -> int:
    n_munis = prepare()
    police, est = generate(n_munis)
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM policedata_policeevent")
        total_police = c.fetchone()[0]
        c.execute("SELECT count(*) FROM incidents_incident")
        total_est = c.fetchone()[0]
        c.execute("SELECT count(*) FROM lagesbild_hourlycount")
        agg_rows = c.fetchone()[0]
        c.execute(
            "SELECT municipality_id FROM lagesbild_hourlycount WHERE municipality_id <> 0 "
            "GROUP BY 1 ORDER BY sum(n) DESC LIMIT 1"
        )
        biggest = Municipality.objects.get(pk=c.fetchone()[0])
    rows = total_police + total_est
    log(f"data: {total_police:,} police events, {total_est:,} EST reports; {agg_rows:,} HourlyCount rows")
    date_from, date_to = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    # The police area with most municipalities (the demo has LPO Kävlinge: Kävlinge and Lomma).
    police_area = PoliceArea.objects.annotate(k=Count("municipalities")).order_by("-k").first()
    area_munis = list(police_area.municipalities.all()) if police_area else [biggest]
    everyone = list(Municipality.objects.all())

    muni_ms = median_ms(lambda: situation_picture([biggest], date_from, date_to))
    log(f"municipality-year {biggest.name}: {muni_ms:.1f} ms")
    area_ms = median_ms(lambda: situation_picture(area_munis, date_from, date_to))
    log(f"police-area-year ({len(area_munis)} municipalities): {area_ms:.1f} ms")
    nation_ms = median_ms(lambda: situation_picture(everyone, date_from, date_to))
    log(f"nation-year: {nation_ms:.1f} ms")
    duck_ms = duckdb_muni_year(biggest, date_from, date_to)
    log(f"duckdb municipality-year on the raw rows: {duck_ms:.1f} ms")
    eps = import_rate()
    log(f"import: {eps:,.0f} events/s ({IMPORT_N:,} new events)")
    started = time.perf_counter()
    pdf = exporters.pdf(exporters.report_for_scope([biggest], date_from, date_to))
    pdf_s = time.perf_counter() - started
    log(f"pdf: {pdf_s:.2f} s, {len(pdf):,} bytes")
    print(
        f"national: rows={rows} muni_year_ms={muni_ms:.1f} police_area_year_ms={area_ms:.1f} "
        f"nation_year_ms={nation_ms:.1f} duckdb_ratio={muni_ms / duck_ms:.2f} import_eps={eps:.0f} pdf_s={pdf_s:.2f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
