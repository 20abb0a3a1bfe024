#!/usr/bin/env python3
"""`make bench`: Samtrygg under a production-like setup, measured from loopback.

What it does, in order:

1. drops and creates a fresh PostgreSQL database (default `samtrygg_bench`), then runs
   `collectstatic`, `migrate` and `load_demo --incidents 0` against it with DEBUG=0;
2. starts gunicorn (`samtrygg.wsgi:application`) on a free 127.0.0.1 port, in its own
   process group, so that it and its workers can be stopped together whatever happens;
3. create phase: 20 client threads, one HTTP/1.1 connection each (reopened whenever the server
   closes it: gunicorn's sync workers close after every response), POST 2,000 reports (bodies
   prepared before the clock starts) to /api/v1/incidents with a bearer token;
4. storage: VACUUM ANALYZE, then (pg_total_relation_size(incidents) + that of the audit
   table) after the create phase minus before it, divided by the reports created;
5. map phase: a date filter that selects 1,600 of the 2,000 reports; 10 client threads
   GET /api/v1/incidents/map 3,000 times in total;
6. stops gunicorn;
6b. exports phase (bench/exports.py, a subprocess on its own database `<BENCH_DB>_demo` with the
   whole demo, 1,500 EST reports for Lomma): medians of the server time of a fastställd
   lägesbild page, a new month's picture (created and opened) and its PDF, the Excel export of
   the 1,500 reports, and the KSAU quarterly report as PDF (laid out, then from the PDF cache);
7. national phase (bench/national.py, a subprocess on the same database): ten years of police
   events and EST reports for all 290 municipalities, 20 million rows (BENCH_NATIONAL_ROWS),
   then medians of the situation picture for a municipality-year, a police-area-year and the
   nation-year, the same municipality-year from the raw rows in DuckDB, the police import rate
   and the PDF export;
8. SQLite phase (bench/sqlite_muni.py, its own SQLite file in a temporary directory): ten years
   of police events and EST reports for one municipality, then the median municipality-year
   situation picture and its DuckDB ratio; then prints, as the last line,
   `bench: create_rps=… create_p95_ms=… map_rps=… bytes_per_report=… page_frozen_ms=…
   page_new_ms=… month_pdf_s=… excel_1500_s=… ksau_pdf_s=… ksau_pdf_cached_s=… muni_year_ms=…
   police_area_year_ms=… nation_year_ms=… duckdb_ratio=… import_eps=… pdf_s=… sqlite_rows=…
   sqlite_muni_year_ms=… sqlite_duckdb_ratio=…`.

It exits non-zero when any request answered something unexpected (or a phase hit its time
cap). Only the standard library is used for the load client; shapely (already in the venv)
picks report positions inside Lomma's real boundary.

Knobs (environment variables, defaults in brackets):
  BENCH_PG_URL        server without the database name [postgres://postgres@127.0.0.1:5432]
  BENCH_DB            database name, dropped and created [samtrygg_bench]
  BENCH_WORKERS       gunicorn workers [4]
  BENCH_WORKER_CLASS  sync | gthread [sync]
  BENCH_THREADS       threads per worker (gthread) [1]
  BENCH_REDIS         1 to pass REDIS_URL to the app (Django cache in Redis) [0]
  BENCH_REDIS_URL     [redis://127.0.0.1:6379/0]
  BENCH_CREATE_N / BENCH_CREATE_CLIENTS   [2000 / 20]
  BENCH_MAP_N / BENCH_MAP_CLIENTS         [3000 / 10]
  BENCH_PHASE_CAP_S   time cap per load phase, seconds [90]
  BENCH_SEED          random seed for the generated reports [1262]
  SAMTRYGG_DATA_DIR   reference data [../shared/data]
  BENCH_LOAD          0 to skip the server's create and map phases (steps 2-6) [1]
  BENCH_EXPORTS       0 to skip the exports phase (bench/exports.py) [1]; alone:
                      BENCH_LOAD=0 BENCH_NATIONAL=0 BENCH_SQLITE=0 make bench
  BENCH_EXPORT_RUNS   timed runs per figure of the exports phase [5]
  BENCH_NATIONAL      0 to skip the national phase (bench/national.py) [1]
  BENCH_NATIONAL_ROWS rows of the national data set [20000000]; see bench/national_data.py
  BENCH_NATIONAL_S    at most this many seconds of inserting them [600]
  BENCH_SQLITE        0 to skip the SQLite phase (bench/sqlite_muni.py) [1]
  BENCH_SQLITE_ROWS   rows of the ten-year single-municipality set on SQLite [1000000]
  BENCH_PYSPY         a directory: profile gunicorn's workers with py-spy during each phase
                      (py-spy must be installed in the venv; it costs some CPU, so numbers drop)
"""

from __future__ import annotations

import datetime
import http.client
import json
import math
import os
import random
import secrets
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
TZ = ZoneInfo("Europe/Stockholm")

PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB_NAME = os.environ.get("BENCH_DB", "samtrygg_bench")
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "sync")
THREADS = int(os.environ.get("BENCH_THREADS", "1"))
NATIONAL = os.environ.get("BENCH_NATIONAL", "1") != "0"
SQLITE = os.environ.get("BENCH_SQLITE", "1") != "0"
EXPORTS = os.environ.get("BENCH_EXPORTS", "1") != "0"
LOAD = os.environ.get("BENCH_LOAD", "1") != "0"
USE_REDIS = os.environ.get("BENCH_REDIS", "0").lower() in ("1", "true", "yes", "on")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CREATE_N = int(os.environ.get("BENCH_CREATE_N", "2000"))
CREATE_CLIENTS = int(os.environ.get("BENCH_CREATE_CLIENTS", "20"))
MAP_N = int(os.environ.get("BENCH_MAP_N", "3000"))
MAP_CLIENTS = int(os.environ.get("BENCH_MAP_CLIENTS", "10"))
PHASE_CAP_S = float(os.environ.get("BENCH_PHASE_CAP_S", "90"))
SEED = int(os.environ.get("BENCH_SEED", "1262"))
PYSPY_DIR = os.environ.get("BENCH_PYSPY", "")
DATA_DIR = Path(os.environ.get("SAMTRYGG_DATA_DIR", REPO.parent / "shared" / "data"))

MUNICIPALITY = "1262"  # Lomma
USERNAME, PASSWORD = "coordinator.lomma", "samtrygg-demo"
CATEGORIES = [
    "skadegorelse-klotter",
    "brand",
    "nedskrapning",
    "samling-tillhall",
    "ordningsstorning",
    "hot-vald",
    "narkotika",
    "motorburen-storning",
    "otrygg-plats",
    "ovrigt",
]
# Reports are spread over 1..DAYS days ago, the same number on each day; the map filter takes
# MAP_DAYS of them (8 of 10 days: 1,600 of 2,000).
DAYS, MAP_DAYS = 10, 8
# Inside Lomma's boundary and this box (the brief's box: Lomma town, Alnarp and Bjärred's south).
LAT_RANGE, LON_RANGE = (55.66, 55.72), (13.02, 13.08)

T0 = time.monotonic()


def log(msg: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f}s] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------
# Report texts: plausible EST observations, group level, no names, numbers or plates.

PLACES = [
    "vid busshållplatsen på Centrumplan",
    "i gångtunneln under Malmövägen",
    "vid Lomma hamn",
    "bakom idrottshallen",
    "vid lekplatsen i Strandparken",
    "på skolgården efter skoltid",
    "vid cykelparkeringen vid stationen",
    "längs gång- och cykelvägen mot Alnarp",
    "vid grillplatsen på stranden",
    "vid återvinningsstationen",
    "utanför fritidsgården",
    "på parkeringen vid mataffären",
    "vid bryggan i Bjärred",
    "i Alnarpsparken",
    "vid fotbollsplanen",
    "bakom biblioteket",
]
WHEN = [
    "Under kvällen",
    "Sent i går kväll",
    "Vid stängning",
    "Under natten",
    "Efter skolans slut",
    "På eftermiddagen",
    "Tidigt på morgonen",
    "Under helgen",
]
TEXTS = {
    "skadegorelse-klotter": [
        "{when} upptäcktes nytt klotter {place}, ungefär två meter brett. Fastighetsavdelningen är informerad.",
        "Krossad glasruta {place}. Glassplitter på marken, området spärrat av tills städning är gjord.",
        "{when} sprejades taggar på elskåpet {place}. Samma motiv som förra veckan.",
    ],
    "brand": [
        "{when} brann det i en papperskorg {place}. Personal släckte med handbrandsläckare, ingen skadad.",
        "Eldat i en container {place}. Räddningstjänsten kom och släckte, sot på fasaden intill.",
    ],
    "nedskrapning": [
        "Mycket skräp, pizzakartonger och glasflaskor {place} efter helgen. Krossat glas nära sandlådan.",
        "{when} lämnades sopsäckar och engångsgrillar {place}. Måsar har rivit upp påsarna.",
    ],
    "samling-tillhall": [
        "{when} samlades en grupp på cirka tio ungdomar {place} med hög musik. De gick vidare efter en stund.",
        "Tecken på tillhåll {place}: madrasser, energidryckburkar och fimpar. Ser ut att ha använts flera kvällar.",
    ],
    "ordningsstorning": [
        "{when} bråk mellan två grupper {place}. Det lugnade sig när personal kom fram och pratade med dem.",
        "Högljudda personer {place} störde de boende efter midnatt. Flera grannar hörde av sig.",
    ],
    "hot-vald": [
        "{when} fick personal glåpord och hot {place} när de bad gruppen att gå. Ingen fysisk skada.",
        "Knuffar och slag mellan några ungdomar {place}. Polisen kontaktades och kom efter en kvart.",
    ],
    "narkotika": [
        "Misstänkt langning {place}, bilar som stannar kort och kör iväg. Stark doft av cannabis.",
        "{when} hittades små påsar och folie {place}. Uppsamlat och lämnat till polisen.",
    ],
    "motorburen-storning": [
        "{when} körde flera EPA-traktorer i hög fart {place}. Fotgängare fick kliva åt sidan.",
        "Mopeder på gångvägen {place}, flera tillbud med barn på cykel. Återkommande problem.",
    ],
    "otrygg-plats": [
        "Trasig belysning {place}, helt mörkt på kvällarna och många upplever det som otryggt.",
        "Buskage skymmer sikten {place}. Föräldrar undviker vägen när det är mörkt ute.",
    ],
    "ovrigt": [
        "Övergivna cyklar och en kundvagn {place}. Står i vägen för barnvagnar och rullstolar.",
        "{when} sprang lösa hundar {place} utan ägare i närheten. Barn blev rädda.",
    ],
}


def lomma_points(rng: random.Random, n: int) -> list[tuple[float, float]]:
    """n points inside Lomma (strictly inside the real boundary, no slack) and the box."""
    try:
        from shapely.geometry import Point, shape
        from shapely.prepared import prep

        with open(DATA_DIR / "geo" / "kommuner.geojson", encoding="utf-8") as f:
            features = json.load(f)["features"]
        boundary = prep(
            shape(next(x for x in features if x["properties"].get("kommunkod") == MUNICIPALITY)["geometry"])
        )
    except Exception as e:  # the server checks the boundary anyway; errors would show as non-201
        log(f"warning: cannot read Lomma's boundary ({e}); positions not pre-checked")
        boundary = None
    points: list[tuple[float, float]] = []
    while len(points) < n:
        lat, lon = rng.uniform(*LAT_RANGE), rng.uniform(*LON_RANGE)
        if boundary is None or boundary.contains(Point(lon, lat)):
            points.append((round(lat, 6), round(lon, 6)))
    return points


def report_bodies(n: int, today: datetime.date) -> list[bytes]:
    rng = random.Random(SEED)
    points = lomma_points(rng, n)
    bodies = []
    for i in range(n):
        day = today - datetime.timedelta(days=1 + i % DAYS)  # 1..DAYS days ago, n/DAYS per day
        at = datetime.datetime.combine(day, datetime.time(0, 5), TZ) + datetime.timedelta(
            minutes=rng.randint(0, 23 * 60 + 45)
        )
        category = CATEGORIES[i % len(CATEGORIES)]
        text = rng.choice(TEXTS[category]).format(when=rng.choice(WHEN), place=rng.choice(PLACES))
        lat, lon = points[i]
        bodies.append(
            json.dumps(
                {
                    "municipality": MUNICIPALITY,
                    "occurred_at": at.isoformat(),
                    "lat": lat,
                    "lon": lon,
                    "category": category,
                    "description": text,
                },
                ensure_ascii=False,
            ).encode()
        )
    return bodies


# ---------------------------------------------------------------------------------------------
# Database and server.


def pg_connect(dbname: str):
    import psycopg

    return psycopg.connect(f"{PG_URL}/{dbname}", autocommit=True)


def fresh_database() -> None:
    with pg_connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


STORAGE_TABLES = ("incidents_incident", "audit_auditentry")


def storage() -> tuple[dict[str, int], int]:
    """({table: bytes with its indexes and TOAST}, number of incidents), after VACUUM ANALYZE."""
    with pg_connect(DB_NAME) as conn:
        for t in STORAGE_TABLES:
            conn.execute(f"VACUUM ANALYZE {t}")
        sizes = {t: conn.execute("SELECT pg_total_relation_size(%s)", (t,)).fetchone()[0] for t in STORAGE_TABLES}
        count = conn.execute("SELECT count(*) FROM incidents_incident").fetchone()[0]
    return sizes, count


def app_env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "".join(
                secrets.choice(string.ascii_letters + string.digits + "!#%&*+-=?@^_") for _ in range(50)
            ),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"{PG_URL}/{DB_NAME}",
            "SAMTRYGG_DATA_DIR": str(DATA_DIR),
            "DJANGO_SETTINGS_MODULE": "samtrygg.settings",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("REDIS_URL", None)
    if USE_REDIS:
        env["REDIS_URL"] = REDIS_URL
    return env


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    started = time.monotonic()
    result = subprocess.run([PY, "manage.py", *args], cwd=REPO, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise RuntimeError(f"manage.py {' '.join(args)} failed ({result.returncode})")
    log(f"manage.py {' '.join(args)}: ok ({time.monotonic() - started:.1f}s)")
    return result


def listening_socket() -> socket.socket:
    """A socket bound to a free loopback port, handed to gunicorn (no race for the port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def gunicorn_args(fd: int, error_log: str) -> list[str]:
    args = [
        PY,
        "-m",
        "gunicorn",
        "samtrygg.wsgi:application",
        "--bind",
        f"fd://{fd}",
        "--workers",
        str(WORKERS),
        "--worker-class",
        WORKER_CLASS,
        "--keep-alive",
        "5",
        "--error-logfile",
        error_log,
        "--log-level",
        "warning",
        "--no-control-socket",
    ]
    if WORKER_CLASS == "gthread":
        args += ["--threads", str(THREADS)]
    if os.path.isdir("/dev/shm"):
        args += ["--worker-tmp-dir", "/dev/shm"]
    return args


def _die_with_parent() -> None:
    """In the gunicorn child before exec: get SIGTERM if this script dies, even by SIGKILL (Linux)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except Exception:
        pass


def stop(proc: subprocess.Popen | None) -> None:
    """SIGTERM the whole process group (arbiter and workers), SIGKILL it if it lingers."""
    if proc is None:
        return
    try:
        pgid = os.getpgid(proc.pid)
    except ProcessLookupError:
        return
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            continue
        # the arbiter is gone; make sure no worker of its group survived
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.killpg(pgid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


# ---------------------------------------------------------------------------------------------
# Load client: threads, one keep-alive HTTP/1.1 connection each (reopened by http.client when
# a sync worker closes it).


class Client:
    def __init__(self, port: int, token: str | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.headers = {"Host": "127.0.0.1", "Accept": "application/json"}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def request(self, method: str, path: str, body: bytes | None = None) -> tuple[int, bytes]:
        headers = self.headers if body is None else {**self.headers, "Content-Type": "application/json"}
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                return resp.status, resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # a keep-alive connection the server closed between requests: reconnect once
                # (only safe when nothing reached the app, which is what these errors mean here)
                self.conn.close()
                if attempt == 2:
                    raise
        raise AssertionError

    def close(self) -> None:
        self.conn.close()


class Phase:
    """Run `n` requests from `clients` threads; each request is (method, path, body)."""

    def __init__(
        self,
        name: str,
        port: int,
        token: str,
        requests,
        clients: int,
        expect: int,
        check=None,
        server_pgid: int | None = None,
    ):
        self.name, self.port, self.token = name, port, token
        self.requests, self.clients, self.expect, self.check = requests, clients, expect, check
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.timed_out = False
        self._lock = threading.Lock()
        self._next = 0
        self.server_pgid = server_pgid
        self.cpu = ""

    def _take(self) -> int | None:
        with self._lock:
            if self._next >= len(self.requests) or time.monotonic() > self._deadline:
                if self._next < len(self.requests):
                    self.timed_out = True
                return None
            i = self._next
            self._next += 1
            return i

    def _worker(self, start: threading.Barrier) -> None:
        client = Client(self.port, self.token)
        latencies, errors = [], []
        start.wait()
        try:
            while (i := self._take()) is not None:
                method, path, body = self.requests[i]
                t = time.perf_counter()
                try:
                    status, data = client.request(method, path, body)
                except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                    latencies.append(time.perf_counter() - t)
                    errors.append(f"{type(e).__name__}: {e}")
                    client.close()
                    continue
                latencies.append(time.perf_counter() - t)
                if status != self.expect:
                    errors.append(f"HTTP {status}: {data[:300]!r}")
                elif self.check and (problem := self.check(data)):
                    errors.append(problem)
        finally:
            client.close()
            with self._lock:
                self.latencies += latencies
                self.errors += errors

    def run(self) -> float:
        start = threading.Barrier(self.clients + 1)
        threads = [threading.Thread(target=self._worker, args=(start,), daemon=True) for _ in range(self.clients)]
        for t in threads:
            t.start()
        self._deadline = time.monotonic() + 3600  # set for real just below, once every thread is ready
        profiler = None
        if PYSPY_DIR and self.server_pgid:
            os.makedirs(PYSPY_DIR, exist_ok=True)
            out = os.path.join(PYSPY_DIR, f"{self.name}.txt")
            profiler = subprocess.Popen(
                [
                    str(Path(PY).with_name("py-spy")),
                    "record",
                    "--pid",
                    str(self.server_pgid),
                    "--subprocesses",
                    "--nonblocking",
                    "--rate",
                    "250",
                    "--format",
                    "raw",
                    "-o",
                    out,
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.5)  # let it attach to every worker
        cpu_before = cpu_snapshot(self.server_pgid)
        start.wait()
        began = time.perf_counter()
        self._deadline = time.monotonic() + PHASE_CAP_S
        for t in threads:
            t.join(PHASE_CAP_S + 60)
        self.wall = time.perf_counter() - began
        self.cpu = cpu_report(cpu_before, cpu_snapshot(self.server_pgid), self.wall, len(self.latencies))
        if profiler is not None:
            profiler.send_signal(signal.SIGINT)
            try:
                profiler.wait(30)
            except subprocess.TimeoutExpired:
                profiler.kill()
                profiler.wait()
        return self.wall

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]

    def summary(self) -> str:
        ms = lambda s: f"{s * 1000:.1f}"  # noqa: E731
        return (
            f"{len(self.latencies)} requests in {self.wall:.2f}s = {len(self.latencies) / self.wall:.1f}/s, "
            f"latency ms p50={ms(self.percentile(50))} p95={ms(self.percentile(95))} "
            f"p99={ms(self.percentile(99))} max={ms(self.percentile(100))}, errors={len(self.errors)}"
        )


TICK = os.sysconf("SC_CLK_TCK")


def _proc_ticks(server_pgid: int | None) -> dict[int, tuple[str, int]]:
    """{pid: (group, cpu ticks)} for gunicorn's process group and for PostgreSQL's processes that
    work for this database (its backends and the shared background processes, not other
    databases' backends)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                raw = f.read()
        except OSError:
            continue
        rest = raw[raw.rindex(")") + 2 :].split()
        ticks = int(rest[11]) + int(rest[12])
        if server_pgid is not None and int(rest[2]) == server_pgid:
            found[int(entry)] = ("gunicorn", ticks)
        elif raw[raw.index("(") + 1 : raw.rindex(")")] == "postgres":
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as f:
                    cmd = f.read().decode(errors="replace")
            except OSError:
                continue
            # backends are titled "postgres: [CLUSTER:] USER DATABASE HOST(PORT) STATE";
            # background processes (walwriter, checkpointer, ...) have no HOST(PORT)
            words = cmd.split()
            host = next((i for i, w in enumerate(words) if w.endswith(")") and "(" in w and i >= 2), None)
            if host is None or words[host - 1] == DB_NAME:
                found[int(entry)] = ("postgres", ticks)
    return found


def cpu_snapshot(server_pgid: int | None) -> dict:
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    me = os.times()
    return {
        "busy": (sum(fields[:8]) - fields[3] - fields[4]) / TICK,
        "steal": fields[7] / TICK,
        "procs": _proc_ticks(server_pgid),
        "client": me.user + me.system,
    }


def cpu_report(before: dict, after: dict, wall: float, requests: int) -> str:
    """How the cores were shared in a phase: CPU per request of gunicorn (all workers), of
    PostgreSQL, of this client, and of everything else on the machine ("other")."""
    d = {
        "busy": after["busy"] - before["busy"],
        "client": after["client"] - before["client"],
        "steal": after["steal"] - before["steal"],
        "gunicorn": 0.0,
        "postgres": 0.0,
    }
    for pid, (group, ticks) in after["procs"].items():
        old = before["procs"].get(pid)
        d[group] += (ticks - (old[1] if old and old[0] == group else 0)) / TICK
    other = d["busy"] - d["gunicorn"] - d["postgres"] - d["client"]
    n = max(requests, 1)
    per = lambda v: f"{v / n * 1000:.2f}"  # noqa: E731
    text = (
        f"cpu: machine {d['busy'] / wall * 100:.0f}% busy of {os.cpu_count() * 100}% "
        f"(steal {d['steal'] / wall * 100:.0f}%); cpu ms/request: gunicorn {per(d['gunicorn'])}, "
        f"postgres {per(d['postgres'])}, client {per(d['client'])}, other {per(other)} "
        "(kernel and other processes)"
    )
    share = other / (wall * os.cpu_count())
    if share > 0.10:
        text += (
            f"\n    WARNING: other processes used {share * 100:.0f}% of the machine during this phase; "
            "the numbers are depressed by them"
        )
    return text


def machine_busy(seconds: float = 2.0) -> float:
    """Share of all cores busy over a short sample (before the server starts)."""

    def read():
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        return sum(v[:8]) - v[3] - v[4], sum(v[:8])

    b0, t0 = read()
    time.sleep(seconds)
    b1, t1 = read()
    return (b1 - b0) / max(t1 - t0, 1)


def wait_until_up(port: int, proc: subprocess.Popen, error_log: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({proc.returncode}):\n{tail(error_log)}")
        try:
            c = Client(port)
            status, _ = c.request("GET", "/healthz")
            c.close()
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz in {timeout}s:\n{tail(error_log)}")


def tail(path: str, n: int = 40) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


def get_token(port: int) -> str:
    c = Client(port)
    status, data = c.request(
        "POST", "/api/v1/auth/token", json.dumps({"username": USERNAME, "password": PASSWORD}).encode()
    )
    c.close()
    if status != 200:
        raise RuntimeError(f"token: HTTP {status} {data[:300]!r}")
    return json.loads(data)["token"]


def run_phase(script: str, prefix: str, env: dict) -> str:
    """bench/<script> in its own process; returns the keys of its last line (`<prefix>: k=v …`)
    for the bench: line."""
    proc = subprocess.Popen(
        [PY, str(REPO / "bench" / script)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        preexec_fn=_die_with_parent,
    )
    last = ""
    try:
        for line in proc.stdout:
            print(line, end="", flush=True)
            last = line.strip() or last
        proc.wait()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait()
    if proc.returncode != 0 or not last.startswith(f"{prefix}: "):
        raise RuntimeError(f"bench/{script} exited {proc.returncode}")
    keys = last.removeprefix(f"{prefix}: ").split()
    return " ".join(k for k in keys if not k.startswith("rows="))


def exports_phase(env: dict) -> str:
    """The demo in full (1,500 EST reports, the collaboration) in its own database, then
    bench/exports.py against it."""
    demo_db = f"{DB_NAME}_demo"
    with pg_connect("postgres") as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{demo_db}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{demo_db}"')
    demo_env = {**env, "DATABASE_URL": f"{PG_URL}/{demo_db}"}
    manage(demo_env, "migrate", "--no-input", "-v0")
    manage(demo_env, "load_demo")
    return run_phase("exports.py", "exports", demo_env)


def main() -> int:
    # `kill` or a CI timeout: unwind through the finally below, which stops gunicorn
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    proc = None
    sock = None
    error_log = tempfile.NamedTemporaryFile(prefix="samtrygg-bench-gunicorn-", suffix=".log", delete=False).name
    failures: list[str] = []
    create_rps = map_rps = bytes_per_report = float("nan")
    create = None
    try:
        log(
            f"machine: {os.cpu_count()} CPUs; gunicorn {WORKER_CLASS} workers={WORKERS}"
            + (f" threads={THREADS}" if WORKER_CLASS == "gthread" else "")
            + f"; cache={'redis' if USE_REDIS else 'locmem'}; database {DB_NAME}"
        )
        env = app_env()
        fresh_database()
        log(f"database {DB_NAME}: dropped and created")
        manage(env, "collectstatic", "--noinput", "-v0")
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "load_demo", "--incidents", "0")
        if not LOAD:
            log("BENCH_LOAD=0: no server, no create and map phases")
        else:
            today = datetime.datetime.now(TZ).date()
            bodies = report_bodies(CREATE_N, today)
            create_requests = [("POST", "/api/v1/incidents", b) for b in bodies]
            date_from = today - datetime.timedelta(days=MAP_DAYS)
            date_to = today - datetime.timedelta(days=1)
            expected_features = sum(1 for i in range(CREATE_N) if 1 + i % DAYS <= MAP_DAYS)
            map_path = f"/api/v1/incidents/map?municipality={MUNICIPALITY}&date_from={date_from}&date_to={date_to}"
            log(f"prepared {len(bodies)} report bodies ({min(map(len, bodies))}-{max(map(len, bodies))} bytes)")

            if USE_REDIS:  # the map cache lives there: start from an empty one, like the fresh database
                try:
                    import redis
                except ImportError as e:
                    raise RuntimeError(
                        "BENCH_REDIS=1 needs redis-py, which Django's RedisCache imports and "
                        "requirements.txt does not list (e.g. PYTHONPATH=<dir with redis>)"
                    ) from e

                redis.Redis.from_url(REDIS_URL).flushdb()
                log(f"redis: {REDIS_URL} flushed")

            idle_load = machine_busy()
            log(
                f"machine before the server starts: {idle_load * 100:.0f}% busy"
                + ("  WARNING: something else is using the CPU; results will be lower" if idle_load > 0.10 else "")
            )
            before_sizes, before_count = storage()
            before_bytes = sum(before_sizes.values())
            log(f"before: {before_count} incidents, incidents+audit = {before_bytes} bytes")

            sock = listening_socket()
            port = sock.getsockname()[1]
            proc = subprocess.Popen(
                gunicorn_args(sock.fileno(), error_log),
                cwd=REPO,
                env=env,
                pass_fds=(sock.fileno(),),
                start_new_session=True,
                preexec_fn=_die_with_parent,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            sock.close()  # gunicorn holds it now
            sock = None
            wait_until_up(port, proc, error_log)
            log(f"gunicorn pid {proc.pid} on 127.0.0.1:{port} (log {error_log})")
            token = get_token(port)

            # Warm every worker (imports, URL resolver, ninja schemas, the boundary, a DB connection)
            # with requests that store nothing: a report with an unknown category answers 422
            # after the whole form, boundary check included, has run.
            warm = Phase("warm-up", port, token, [("GET", "/api/v1/me", None)] * 40, min(CREATE_CLIENTS, 10), 200)
            warm.run()
            body = json.loads(bodies[0])
            body["category"] = "finns-inte"
            warm422 = Phase(
                "warm-up",
                port,
                token,
                [("POST", "/api/v1/incidents", json.dumps(body).encode())] * 40,
                min(CREATE_CLIENTS, 10),
                422,
            )
            warm422.run()
            if warm.errors or warm422.errors:
                raise RuntimeError(f"warm-up failed: {(warm.errors + warm422.errors)[:3]}")
            log("warm-up: 80 requests, nothing stored")

            # ---- create phase
            log(f"create: {CREATE_N} reports from {CREATE_CLIENTS} clients (cap {PHASE_CAP_S:.0f}s)")
            create = Phase("create", port, token, create_requests, CREATE_CLIENTS, 201, server_pgid=proc.pid)
            create.run()
            log(f"create: {create.summary()}")
            log(f"create: {create.cpu}")
            if create.errors:
                failures.append(f"create: {len(create.errors)} errors, e.g. {create.errors[:3]}")
            if create.timed_out:
                failures.append(f"create: hit the {PHASE_CAP_S:.0f}s cap")
            create_rps = len(create.latencies) / create.wall
            created_ok = len(create.latencies) - len(create.errors)

            after_sizes, after_count = storage()
            after_bytes = sum(after_sizes.values())
            created = after_count - before_count
            bytes_per_report = (after_bytes - before_bytes) / created if created else float("nan")
            split = ", ".join(f"{t} {(after_sizes[t] - before_sizes[t]) / max(created, 1):.0f}" for t in STORAGE_TABLES)
            log(
                f"storage: {created} incidents created ({created_ok} answered 201); incidents+audit "
                f"{before_bytes} -> {after_bytes} bytes = {bytes_per_report:.0f} bytes/report ({split})"
            )
            if created != created_ok:
                failures.append(f"storage: {created} rows but {created_ok} answers 201")

            # ---- map phase
            c = Client(port, token)
            status, data = c.request("GET", map_path)
            c.close()
            if status != 200:
                raise RuntimeError(f"map: HTTP {status} {data[:300]!r}")
            features = len(json.loads(data)["features"])
            map_bytes = len(data)
            log(f"map: {map_path} -> {features} features (expected {expected_features}), {map_bytes} bytes")
            if features != expected_features:
                failures.append(f"map: {features} features, expected {expected_features}")

            def check_map(body: bytes, size=map_bytes) -> str | None:
                return None if len(body) == size else f"map body {len(body)} bytes, expected {size}"

            log(f"map: {MAP_N} GETs from {MAP_CLIENTS} clients (cap {PHASE_CAP_S:.0f}s)")
            mp = Phase(
                "map", port, token, [("GET", map_path, None)] * MAP_N, MAP_CLIENTS, 200, check_map, server_pgid=proc.pid
            )
            mp.run()
            log(f"map: {mp.summary()}")
            log(f"map: {mp.cpu}")
            if mp.errors:
                failures.append(f"map: {len(mp.errors)} errors, e.g. {mp.errors[:3]}")
            if mp.timed_out:
                failures.append(f"map: hit the {PHASE_CAP_S:.0f}s cap")
            map_rps = len(mp.latencies) / mp.wall

            server_errors = [
                line
                for line in tail(error_log, 200).splitlines()
                if "Traceback" in line or "ERROR" in line or "CRITICAL" in line
            ]
            if server_errors:
                log(f"server log has {len(server_errors)} error lines, e.g. {server_errors[:2]}")
    except Exception as e:
        failures.append(f"{type(e).__name__}: {e}")
    finally:
        stop(proc)
        if sock is not None:
            sock.close()
        if proc is not None:
            log("gunicorn stopped")

    exports = "page_frozen_ms=nan page_new_ms=nan month_pdf_s=nan excel_1500_s=nan ksau_pdf_s=nan ksau_pdf_cached_s=nan"
    if not failures and EXPORTS:
        # ---- the lägesbild pages and the exports on the whole demo (bench/exports.py, its own database)
        try:
            exports = exports_phase(env)
        except Exception as e:
            failures.append(f"exports: {type(e).__name__}: {e}")
    national = "muni_year_ms=nan police_area_year_ms=nan nation_year_ms=nan duckdb_ratio=nan import_eps=nan pdf_s=nan"
    if not failures and NATIONAL:
        # ---- national phase: after gunicorn has stopped, in its own process (bench/national.py)
        try:
            national = run_phase("national.py", "national", env)
        except Exception as e:
            failures.append(f"national: {type(e).__name__}: {e}")
    sqlite = "sqlite_rows=0 sqlite_muni_year_ms=nan sqlite_duckdb_ratio=nan"
    if not failures and SQLITE:
        # ---- the ten-year single-municipality set on SQLite (bench/sqlite_muni.py, its own temporary file)
        try:
            sqlite = run_phase("sqlite_muni.py", "sqlite", env)
        except Exception as e:
            failures.append(f"sqlite: {type(e).__name__}: {e}")

    for failure in failures:
        print(f"FAILED {failure}", file=sys.stderr, flush=True)
    if failures:
        print(f"gunicorn's log: {error_log}", file=sys.stderr, flush=True)
    else:
        os.unlink(error_log)
    p95 = create.percentile(95) * 1000 if create is not None and create.latencies else float("nan")
    print(
        f"bench: create_rps={create_rps:.1f} create_p95_ms={p95:.1f} map_rps={map_rps:.1f} "
        f"bytes_per_report={bytes_per_report:.0f} {exports} {national} {sqlite}",
        flush=True,
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
