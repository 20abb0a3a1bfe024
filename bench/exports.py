#!/usr/bin/env python3
"""The lägesbild pages and the exports on the demo data: server time, measured in-process with
Django's test client (the whole request: middleware, view, queries, templates, PDF/Excel), run by
bench/run.py in a subprocess against a database with the full demo (`load_demo`, 1,500 EST
reports for Lomma); can also run alone against any database with the demo loaded:

    DATABASE_URL=sqlite:////tmp/demo.sqlite3 .venv/bin/python bench/exports.py

Medians of BENCH_EXPORT_RUNS runs after one warm-up (a running server has its imports, fonts and
templates loaded already):

- `page_frozen_ms`: the demo's fastställd yearly lägesbild of Lomma (its frozen figures, charts
  and the cheap "changed since" check);
- `page_new_ms`: a new picture of this month from the form, the POST and the page it redirects to;
- `month_pdf_s`: that picture's PDF;
- `excel_1500_s`: the incident list as Excel with "Alla" statuses (all of Lomma's 1,500 reports);
- `ksau_pdf_s`: the quarterly report to KSAU as PDF (the last quarter that has ended);
- `ksau_pdf_cached_s`: the same download again, the PDF from samtrygg.pdffile's cache.

Every PDF above except the last is laid out in full (the PDF cache is off for them).

Last line: `exports: page_frozen_ms=… page_new_ms=… month_pdf_s=… excel_1500_s=… ksau_pdf_s=…
ksau_pdf_cached_s=…`.
"""

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

from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from incidents.models import Incident  # noqa: E402
from lagesbild.models import SituationPicture  # noqa: E402
from samtrygg import pdffile  # noqa: E402
from samtrygg.dates import local_today  # noqa: E402
from tenancy.models import Municipality  # noqa: E402

RUNS = int(os.environ.get("BENCH_EXPORT_RUNS", "5"))
CODE, USERNAME = "1262", "coordinator.lomma"
T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"[exports {time.monotonic() - T0:6.1f}s] {msg}", flush=True)


def median_s(fn, runs: int = RUNS) -> float:
    """Median wall seconds of `runs` calls after one warm-up; also logs the median CPU seconds of
    this process, which a busy machine (a shared CI box) inflates far less than wall time (on
    SQLite it includes the database's work, on PostgreSQL not)."""
    fn()  # warm-up
    times, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    log(f"  median of {runs}: {statistics.median(times):.3f} s wall, {statistics.median(cpu):.3f} s CPU")
    return statistics.median(times)


def main() -> int:
    # Every timed PDF is laid out: samtrygg.pdffile would otherwise serve the same HTML from the
    # cache (measured separately below as ksau_pdf_cached_s).
    pdffile.PDF_CACHE_S = 0
    municipality = Municipality.objects.get(code=CODE)
    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=USERNAME))

    def get(url: str) -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: HTTP {response.status_code}")
        return b"".join(response.streaming_content) if response.streaming else response.content

    frozen = (
        SituationPicture.objects.filter(municipality=municipality, frozen_at__isnull=False)
        .order_by("-date_to", "-pk")
        .first()
    )
    if frozen is None:
        raise RuntimeError("no fastställd lägesbild of Lomma in the demo")
    frozen_url = reverse("lagesbild:detail", kwargs={"code": CODE, "picture_id": frozen.pk})
    page_frozen_ms = median_s(lambda: get(frozen_url)) * 1000
    log(f"frozen picture {frozen.title!r} ({frozen.date_from} – {frozen.date_to}): {page_frozen_ms:.0f} ms")

    created: list[str] = []
    today = local_today()

    def new_month():
        response = client.post(
            reverse("lagesbild:create", kwargs={"code": CODE}),
            {"period": "month", "date_from": today.isoformat(), "title": f"Bänk {len(created)}"},
        )
        if response.status_code != 302:
            raise RuntimeError(f"new picture: HTTP {response.status_code}")
        created.append(response["Location"])
        get(response["Location"])

    page_new_ms = median_s(new_month) * 1000
    log(f"new picture of this month, created and opened: {page_new_ms:.0f} ms")
    pdf_url = created[-1].rstrip("/") + "/lagesbild.pdf"
    month_pdf_s = median_s(lambda: get(pdf_url))
    log(f"its PDF: {month_pdf_s:.2f} s")
    SituationPicture.objects.filter(municipality=municipality, title__startswith="Bänk ").delete()

    n = Incident.objects.filter(municipality=municipality).count()
    excel_url = reverse("incidents:export", kwargs={"code": CODE, "fmt": "xlsx"}) + "?status=all"
    excel_1500_s = median_s(lambda: get(excel_url))
    log(f"Excel export of {n} reports: {excel_1500_s:.2f} s")

    year, quarter = (today.year, (today.month - 1) // 3) if today.month > 3 else (today.year - 1, 4)
    ksau_url = reverse("reports:quarterly_pdf", kwargs={"code": CODE, "year": year, "quarter": quarter})
    ksau_pdf_s = median_s(lambda: get(ksau_url))
    log(f"KSAU quarterly report {year} Q{quarter} as PDF: {ksau_pdf_s:.2f} s")
    pdffile.PDF_CACHE_S = 600
    ksau_cached_s = median_s(lambda: get(ksau_url))
    log(f"the same, its PDF from the cache (same HTML): {ksau_cached_s:.3f} s")
    print(
        f"exports: page_frozen_ms={page_frozen_ms:.0f} page_new_ms={page_new_ms:.0f} month_pdf_s={month_pdf_s:.2f} "
        f"excel_1500_s={excel_1500_s:.2f} ksau_pdf_s={ksau_pdf_s:.2f} ksau_pdf_cached_s={ksau_cached_s:.3f}",
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
