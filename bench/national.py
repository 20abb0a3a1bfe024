#!/usr/bin/env python3
"""The national data set and the lägesbild at national scale (run by bench/run.py after its
create and map phases, in a subprocess with the app's environment; can also run alone against
a migrated database with the demo loaded).

1. generates BENCH_NATIONAL_ROWS (20 million) rows, or as many as BENCH_NATIONAL_S seconds
   allow: ten years (2016–2025) of police events and EST reports over all 290 municipalities,
   bulk-loaded and then recounted into the aggregate tables (bench/national_data.py);
2. measures medians of BENCH_NATIONAL_RUNS runs of lagesbild.compute.situation_picture for one
   municipality-year (the municipality with most rows), its police area for the year, and the
   whole country for the year;
3. computes the same municipality-year figures (totals, categories, areas, weekday × hour,
   police event types, county level) with DuckDB scanning the raw rows, exported from PostgreSQL
   with COPY to CSV and loaded into an in-memory DuckDB table first (export and load untimed);
   prints our time / DuckDB's time;
4. imports BENCH_IMPORT_N new generated feed events through policedata.events.import_events
   (parse, mapping, COPY, triggers), BENCH_IMPORT_RUNS times after one warm-up, and prints the
   median events/s;
5. renders the municipality-year PDF (lagesbild.exporters), the median of BENCH_PDF_RUNS after
   one warm-up, and prints seconds.

Last line: `national: rows=… muni_year_ms=… police_area_year_ms=… nation_year_ms=… duckdb_ratio=…
import_eps=… pdf_s=…`.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samtrygg.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from measure import duckdb_muni_year, median_ms  # noqa: E402
from national_data import TYPES, generate, prepare  # noqa: E402

from lagesbild import exporters  # noqa: E402
from lagesbild.compute import situation_picture  # noqa: E402
from policedata import events  # noqa: E402
from samtrygg import pdffile  # noqa: E402
from tenancy.models import Municipality, PoliceArea  # noqa: E402

IMPORT_N = int(os.environ.get("BENCH_IMPORT_N", "20000"))
IMPORT_RUNS = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))
PDF_RUNS = int(os.environ.get("BENCH_PDF_RUNS", "3"))
YEAR = 2025
T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"[national {time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def import_batch(run: int) -> list[dict]:
    """IMPORT_N new feed objects, one a minute from the first of month `run` of 2026 on (March
    first), over all municipalities and types."""
    names = list(Municipality.objects.values_list("name", flat=True))
    month_names = {number: name for name, number in events.MONTHS.items()}
    month = 3 + run
    objs = []
    for i in range(IMPORT_N):
        when = datetime.datetime(2026, month, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(minutes=i)
        local = when.astimezone(datetime.timezone(datetime.timedelta(hours=1)))
        t = TYPES[i % len(TYPES)]
        place = names[i % len(names)]
        objs.append(
            {
                "id": 3_000_000_000 + run * 1_000_000 + i,
                "datetime": local.strftime("%Y-%m-%d %-H:%M:%S +01:00"),
                "name": f"{local:%d} {month_names[local.month]} {local:%H.%M}, {t}, {place}",
                "summary": "Händelse.",
                "url": f"/aktuellt/handelser/2026/{month_names[local.month]}/{i}/",
                "type": t,
                "location": {"name": place, "gps": "59.3,18.0"},
            }
        )
    return objs


def import_rate() -> float:
    """Median events/s of IMPORT_RUNS imports of IMPORT_N new events each (after one untimed
    import that warms the caches, as a running server's are)."""
    rates = []
    for run in range(IMPORT_RUNS + 1):
        objs = import_batch(run)
        started = time.perf_counter()
        result = events.import_events(objs, None)
        elapsed = time.perf_counter() - started
        assert result["created"] == IMPORT_N, result
        if run:
            rates.append(IMPORT_N / elapsed)
    log(f"import runs: {', '.join(f'{r:,.0f}' for r in rates)} events/s")
    return statistics.median(rates)


def quiet_database(limit_s: float = 120) -> None:
    """Wait (up to limit_s) until no autovacuum worker runs: after a bulk load of 20 million rows
    PostgreSQL analyses and vacuums on its own, which takes one of the two cores from the
    measurements."""
    started = time.monotonic()
    with connection.cursor() as c:
        while time.monotonic() - started < limit_s:
            c.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")
            if not c.fetchone()[0]:
                break
            time.sleep(2)
    log(f"no autovacuum running (waited {time.monotonic() - started:.0f} s)")


def main() -> int:
    n_munis = prepare()
    generate(n_munis, log)
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM policedata_policeevent")
        total_police = c.fetchone()[0]
        c.execute("SELECT count(*) FROM incidents_incident")
        total_est = c.fetchone()[0]
        c.execute(
            "SELECT (SELECT count(*) FROM lagesbild_hourlycount), (SELECT count(*) FROM lagesbild_monthlycount), "
            "(SELECT count(*) FROM lagesbild_weekhourcount)"
        )
        agg_rows, monthly_rows, weekhour_rows = c.fetchone()
        c.execute(
            "SELECT municipality_id FROM lagesbild_hourlycount WHERE municipality_id <> 0 "
            "GROUP BY 1 ORDER BY sum(n) DESC LIMIT 1"
        )
        biggest = Municipality.objects.get(pk=c.fetchone()[0])
    rows = total_police + total_est
    quiet_database()
    log(
        f"data: {total_police:,} police events, {total_est:,} EST reports; {agg_rows:,} HourlyCount, "
        f"{monthly_rows:,} MonthlyCount, {weekhour_rows:,} WeekHourCount rows"
    )
    date_from, date_to = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
    # The police area with most municipalities (the demo has LPO Kävlinge: Kävlinge and Lomma).
    police_area = PoliceArea.objects.annotate(k=Count("municipalities")).order_by("-k").first()
    area_munis = list(police_area.municipalities.all()) if police_area else [biggest]
    everyone = list(Municipality.objects.all())

    # The first call computes the hot spots, the median's runs find them cached (lagesbild/spatial.py);
    # a call for another year first loads numpy and esda, which a running server has loaded already.
    situation_picture([biggest], datetime.date(YEAR - 1, 1, 1), datetime.date(YEAR - 1, 12, 31))
    cache.clear()
    started = time.perf_counter()
    situation_picture([biggest], date_from, date_to)
    cold_ms = (time.perf_counter() - started) * 1000
    log(f"municipality-year {biggest.name}, first call (hot spots computed, not cached): {cold_ms:.1f} ms")
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
    pdffile.PDF_CACHE_S = 0  # every run lays the PDF out (the same HTML would be a cache hit)
    pdf_s = median_ms(lambda: exporters.pdf(exporters.report_for_scope([biggest], date_from, date_to)), PDF_RUNS) / 1000
    log(f"pdf: {pdf_s:.2f} s (median of {PDF_RUNS})")
    print(
        f"national: rows={rows} muni_year_ms={muni_ms:.1f} police_area_year_ms={area_ms:.1f} "
        f"nation_year_ms={nation_ms:.1f} duckdb_ratio={muni_ms / duck_ms:.2f} import_eps={eps:.0f} pdf_s={pdf_s:.2f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
