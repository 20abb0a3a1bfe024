"""The national data set of bench/national.py: ten years (2016–2025) of police events and EST
reports over all 290 municipalities, generated inside PostgreSQL.

Rows are written the way a bulk restore is: for the time of the load the raw tables' secondary
indexes are dropped and their triggers disabled (the aggregate triggers and the foreign-key
checks; every generated reference is valid by construction), chunks of INSERT … SELECT
generate_series fill them, then the indexes are created again, the triggers enabled, and
lagesbild.aggregates.rebuild() recounts the three aggregate tables from the raw rows, as after any
restore that bypasses the triggers. This is about ten times faster than writing every chunk
through the triggers, which is what reaches 20 million rows in a few minutes; the trigger path
itself is what the import measurement (bench/national.py) times.
"""

import os
import time

from django.db import connection

from incidents import services as incident_services
from lagesbild import aggregates
from tenancy.models import Municipality

TARGET_ROWS = int(os.environ.get("BENCH_NATIONAL_ROWS", "20000000"))
GEN_SECONDS = float(os.environ.get("BENCH_NATIONAL_S", "600"))
CHUNK = int(os.environ.get("BENCH_NATIONAL_CHUNK", "1000000"))
EST_SHARE = 5  # one EST report per this many police events
RAW_TABLES = ("policedata_policeevent", "incidents_incident")
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


def prepare() -> int:
    """Default categories for every municipality and a lookup table of them; returns the number
    of municipalities."""
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


def _secondary_indexes(c) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the raw tables' indexes that back no constraint."""
    c.execute(
        """SELECT i.indexname, i.indexdef FROM pg_indexes i
           WHERE i.tablename = ANY(%s) AND NOT EXISTS (
               SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)""",
        [list(RAW_TABLES)],
    )
    return c.fetchall()


def recount(c) -> None:
    """aggregates.rebuild(), with each table's primary key built after its rows are in (a sorted
    bulk build, several times faster than inserting 20 million rows into the index one by one)."""
    aggregates.uninstall()
    c.execute("SET work_mem = '1GB'")  # the recount's grouping of ~19 million keys, in memory
    c.execute("SET maintenance_work_mem = '512MB'")
    for target, columns in aggregates.TARGETS.items():
        c.execute(f"TRUNCATE {target}")
        c.execute(f"ALTER TABLE {target} DROP CONSTRAINT {target}_pkey")
        c.execute(aggregates.fill_sql("postgresql", target))
        c.execute(f"ALTER TABLE {target} ADD PRIMARY KEY ({', '.join(_pk_columns(target))})")
    c.execute("RESET work_mem")
    aggregates.install(fill=False)


def _pk_columns(target: str) -> list[str]:
    from django.apps import apps

    model = next(m for m in apps.get_app_config("lagesbild").get_models() if m._meta.db_table == target)
    return [field.column for field in model._meta.pk_fields]


def generate(n_munis: int, log) -> tuple[int, int]:
    """Chunks of police events and EST reports until TARGET_ROWS rows or GEN_SECONDS seconds."""
    police = est = 0
    if TARGET_ROWS <= 0:
        return police, est  # BENCH_NATIONAL_ROWS=0: measure the data already there
    types = "ARRAY[" + ", ".join(f"'{t}'" for t in TYPES) + "]"
    with connection.cursor() as c:
        c.execute("SELECT COALESCE(max(external_id), 0) FROM policedata_policeevent")
        next_id = max(c.fetchone()[0], 2_000_000_000) + 1
        indexes = _secondary_indexes(c)
        for name, _sql in indexes:
            c.execute(f'DROP INDEX "{name}"')
        for table in RAW_TABLES:
            c.execute(f"ALTER TABLE {table} DISABLE TRIGGER ALL")
        start = time.monotonic()
        try:
            while police + est < TARGET_ROWS and time.monotonic() - start < GEN_SECONDS:
                n_police = min(CHUNK, (TARGET_ROWS - police - est) * EST_SHARE // (EST_SHARE + 1) + 1)
                # sqrt(random()): a municipality's share grows with its index, so sizes differ (up to 2× the mean).
                # The category follows from the type, as the import's mapping gives it; none at county level.
                c.execute(
                    f"""INSERT INTO policedata_policeevent
                        (external_id, published_at, occurred_at, name, summary, url, type, location_name,
                         municipality_id, county_code, lat, lon, position_is_centroid, is_summary,
                         category_id, area_id, updated_at)
                        SELECT %s + g, t, t, 'x', '', '', ({types})[1 + ty], '',
                               CASE WHEN g %% 40 = 0 THEN NULL ELSE b.municipality_id END,
                               b.county_code, NULL, NULL, true, ({types})[1 + ty] = 'Sammanfattning natt',
                               CASE WHEN g %% 40 <> 0 THEN b.cats[1 + ty %% array_length(b.cats, 1)] END, NULL, now()
                        FROM (SELECT g, TIMESTAMPTZ '2016-01-01 00:00+00' + random() * INTERVAL '3653 days' AS t,
                                     (g * 7) %% {len(TYPES)} AS ty,
                                     floor(sqrt(random()) * {n_munis})::int AS idx
                              FROM generate_series(0, %s - 1) g) s
                        JOIN bench_munis b ON b.idx = s.idx""",
                    [next_id, n_police],
                )
                next_id += n_police
                police += n_police
                n_est = max(n_police // EST_SHARE, 1)
                c.execute(
                    f"""INSERT INTO incidents_incident
                        (municipality_id, category_id, occurred_at, lat, lon, description, people_count, age_group,
                         police_notified, rescue_notified, pii, status, review_note, created_at, updated_at)
                        SELECT b.municipality_id, b.cats[1 + g %% array_length(b.cats, 1)],
                               TIMESTAMPTZ '2016-01-01 00:00+00' + random() * INTERVAL '3653 days',
                               55.4 + (b.idx %% 29) * 0.5 + random() * 0.04,
                               12.5 + (b.idx / 29) * 0.9 + random() * 0.07,
                               'Klotter.', '', '', false, false, '[]'::jsonb,
                               CASE WHEN g %% 25 = 0 THEN 'rejected' ELSE 'accepted' END, '', now(), now()
                        FROM (SELECT g, floor(sqrt(random()) * {n_munis})::int AS idx
                              FROM generate_series(0, %s - 1) g) s
                        JOIN bench_munis b ON b.idx = s.idx""",
                    [n_est],
                )
                est += n_est
                rate = (police + est) / (time.monotonic() - start)
                log(f"generated {police:,} police events, {est:,} EST reports ({rate:,.0f} rows/s)")
        finally:
            started = time.monotonic()
            for table in RAW_TABLES:
                c.execute(f"ALTER TABLE {table} ENABLE TRIGGER ALL")
            c.execute("SET maintenance_work_mem = '512MB'")
            for _name, sql in indexes:
                c.execute(sql)
            log(f"{len(indexes)} indexes created again in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        recount(c)
        log(f"aggregates recounted from the raw rows in {time.monotonic() - started:.0f} s")
        started = time.monotonic()
        for table in (*RAW_TABLES, *aggregates.TARGETS):
            c.execute(f"VACUUM ANALYZE {table}")
        # The load's dirty pages written out now, not by checkpoints during the measurements.
        c.execute("CHECKPOINT")
        log(f"VACUUM ANALYZE and CHECKPOINT in {time.monotonic() - started:.0f} s")
    return police, est
