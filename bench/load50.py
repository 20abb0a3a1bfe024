#!/usr/bin/env python3
"""50 simulated users against the README's production command: latency under a realistic mix.

Run by bench/run.py after the exports phase (on the same database with the whole demo), or alone:

    BENCH_LOAD50_DB=h6bench .venv/bin/python bench/load50.py     # drops, creates, loads the demo
    BENCH_LOAD50_DB=h6bench BENCH_LOAD50_FRESH=0 .venv/bin/python bench/load50.py   # reuses it

What it does:

1. (unless BENCH_LOAD50_FRESH=0) a fresh PostgreSQL database with `migrate` and the whole demo
   (`load_demo`: 1,500 EST reports for Lomma, the police events, the collaboration), and
   `collectstatic` (DEBUG=0 serves the hashed static files through WhiteNoise);
2. prepares, through the ORM: a draft lägesbild of the current month for Lomma (computed live on
   every view) next to the demo's fastställd picture of last month (served from its stored figures);
3. starts gunicorn exactly as README.md's "Production" section says (the line that runs
   `gunicorn samtrygg.wsgi:application`, its options and any VAR=value before it; only the address
   is replaced by a socket on a free loopback port), DEBUG=0, on PostgreSQL;
4. 50 users, each one thread with its own keep-alive HTTP/1.1 connection:
   - 25 browse pages with a session (signed in through the login form; odd users as
     coordinator.lomma, even ones as reader.lomma): the start page, the incident list, the incident
     map, the draft month picture, the fastställd picture, the agreements and the forums;
   - 25 call the API with a bearer token (coordinator.lomma): /api/v1/me, the incident list, the
     situation picture of last month, the map GeoJSON of the last 30 days, one incident;
   each picks its next request at random from its list and thinks 0.2-1 s (uniform) in between;
5. BENCH_LOAD50_WARMUP_S of warm-up (not counted), then BENCH_LOAD50_S of measurement: the
   latency of every request that started inside the window; anything but HTTP 200 is an error.

Last line: `load50: load50_p95_ms=… load50_p50_ms=… load50_errors=… load50_requests=…`, and before
it the same per endpoint and how the CPU was shared (gunicorn, PostgreSQL, this client, others:
the machine may be shared, see bench/RESULTS.md).

Knobs: BENCH_LOAD50_DB [samtrygg_bench_demo], BENCH_LOAD50_FRESH [1], BENCH_LOAD50_USERS [50],
BENCH_LOAD50_S [60], BENCH_LOAD50_WARMUP_S [15], BENCH_LOAD50_SEED [50], BENCH_LOAD50_ARGS (extra
gunicorn options appended after the README's, to compare set-ups), BENCH_LOAD50_REDIS_URL (used
instead of the README's REDIS_URL, and flushed) [redis://127.0.0.1:6379/15], BENCH_PG_URL,
SAMTRYGG_DATA_DIR.
"""

from __future__ import annotations

import datetime
import http.client
import json
import math
import os
import random
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # noqa: E402  (bench/run.py: database, gunicorn and CPU helpers)

REPO = run.REPO
PY = run.PY
DB = os.environ.get("BENCH_LOAD50_DB", f"{run.DB_NAME}_demo")
FRESH = os.environ.get("BENCH_LOAD50_FRESH", "1") != "0"
USERS = int(os.environ.get("BENCH_LOAD50_USERS", "50"))
MEASURE_S = float(os.environ.get("BENCH_LOAD50_S", "60"))
WARMUP_S = float(os.environ.get("BENCH_LOAD50_WARMUP_S", "15"))
SEED = int(os.environ.get("BENCH_LOAD50_SEED", "50"))
EXTRA_ARGS = shlex.split(os.environ.get("BENCH_LOAD50_ARGS", ""))
# when the README's command uses Redis: this database of the same server, flushed before the run
REDIS_URL = os.environ.get("BENCH_LOAD50_REDIS_URL", "redis://127.0.0.1:6379/15")
THINK = (0.2, 1.0)
CODE = "1262"
PASSWORD = "samtrygg-demo"
run.DB_NAME = DB  # run.cpu_snapshot counts the PostgreSQL backends of this database


def log(msg: str) -> None:
    print(f"[load50 {time.monotonic() - run.T0:6.1f}s] {msg}", flush=True)


# ---------------------------------------------------------------------------------------------
# The README's production command


PLACEHOLDER_VARS = ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")  # the bench sets its own


def readme_command() -> tuple[dict[str, str], list[str]]:
    """({VAR: value}, [gunicorn options]) of README.md's gunicorn line: the variables are those its
    `export` lines (before it) and the line itself set, but for the ones the bench sets itself and
    placeholders ("…")."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    command = "gunicorn samtrygg.wsgi:application"
    at = next((i for i, x in enumerate(lines) if command in x and not x.lstrip().startswith("#")), None)
    if at is None:
        raise RuntimeError("README.md has no line that runs `gunicorn samtrygg.wsgi:application`")
    env = {}
    block_start = max((i for i in range(at) if not lines[i].startswith("    ")), default=-1) + 1
    exported = " ".join(x.strip().rstrip("\\") for x in lines[block_start:at] if x.startswith("    "))
    for statement in exported.split("export ")[1:]:
        for word in shlex.split(statement.split(".venv/")[0]):
            key, eq, value = word.partition("=")
            if eq and re.fullmatch(r"[A-Z_][A-Z0-9_]*", key) and "…" not in value and key not in PLACEHOLDER_VARS:
                env[key] = value
    line = lines[at]
    words = shlex.split(line.strip().rstrip("\\"))
    while words and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", words[0]):
        key, value = words.pop(0).split("=", 1)
        env[key] = value
    if not words or not words[0].endswith("gunicorn"):
        raise RuntimeError(f"cannot read the gunicorn command in README.md: {line!r}")
    options, skip = [], False
    for word in words[1:]:
        if word == "samtrygg.wsgi:application":
            continue
        if skip:
            skip = False
        elif word in ("-b", "--bind"):
            skip = True  # the address: replaced by the bench's socket
        elif not word.startswith(("-b", "--bind=")):
            options.append(word)
    return env, options


# ---------------------------------------------------------------------------------------------
# Preparation


SETUP = r"""
import json, django
django.setup()
from lagesbild import services
from lagesbild.models import SituationPicture
from incidents.models import Incident
from samtrygg import dates
from tenancy.models import Municipality
m = Municipality.objects.get(code=%(code)r)
pictures = SituationPicture.objects.filter(municipality=m, period="month")
frozen = pictures.filter(frozen_at__isnull=False).order_by("-date_from").first()
start, end = dates.period_bounds("month", back=0)
draft = pictures.filter(frozen_at__isnull=True, date_from=start).first()
if draft is None:
    draft = services.create_picture(m, None, period="month", date_from=start, date_to=end)
last_from, last_to = dates.period_bounds("month", back=1)
incident = Incident.objects.filter(municipality=m).order_by("-pk").values_list("pk", flat=True).first()
print(json.dumps({"frozen": frozen.pk, "draft": draft.pk, "incident": incident,
                  "last_from": str(last_from), "last_to": str(last_to)}))
"""


def prepare(env: dict) -> dict:
    result = subprocess.run(
        [PY, "-c", SETUP % {"code": CODE}], cwd=REPO, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"preparation failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# The client: one keep-alive connection per user, cookies kept by hand (one session per user)


class Browser:
    def __init__(self, port: int, token: str | None = None):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}
        self.token = token

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        h = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()  # a keep-alive connection the server closed: reconnect once
                if attempt == 2:
                    raise
        for header, value in resp.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return resp.status, resp.getheader("Location"), data

    def login(self, username: str) -> None:
        status, _, page = self.request("GET", "/konto/logga-in/")
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or not match:
            raise RuntimeError(f"login page: HTTP {status}")
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": PASSWORD}
        ).encode()
        status, location, _ = self.request(
            "POST", "/konto/logga-in/", form, {"Content-Type": "application/x-www-form-urlencoded"}
        )
        if status != 302 or "tvafaktor" in (location or ""):
            raise RuntimeError(f"login as {username}: HTTP {status} -> {location}")

    def close(self) -> None:
        self.conn.close()


def token_for(port: int, username: str) -> str:
    c = Browser(port)
    status, _, data = c.request(
        "POST",
        "/api/v1/auth/token",
        json.dumps({"username": username, "password": PASSWORD}).encode(),
        {"Content-Type": "application/json"},
    )
    c.close()
    if status != 200:
        raise RuntimeError(f"token: HTTP {status} {data[:300]!r}")
    return json.loads(data)["token"]


def endpoints(ids: dict) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """([(name, path)] of the pages, [(name, path)] of the API calls)."""
    today = datetime.date.today()
    month_ago = today - datetime.timedelta(days=30)
    k = f"/k/{CODE}"
    pages = [
        ("page:home", "/"),
        ("page:incidents", f"{k}/handelser/"),
        ("page:map", f"{k}/handelser/karta/"),
        ("page:picture_month", f"{k}/lagesbild/{ids['draft']}/"),
        ("page:picture_frozen", f"{k}/lagesbild/{ids['frozen']}/"),
        ("page:agreements", f"{k}/overenskommelser/"),
        ("page:forums", f"{k}/forum/"),
    ]
    month = f"municipality={CODE}&from={ids['last_from']}&to={ids['last_to']}"
    api = [
        ("api:me", "/api/v1/me"),
        ("api:incidents", f"/api/v1/incidents?municipality={CODE}"),
        ("api:situation_picture", f"/api/v1/situation-picture?{month}"),
        (
            "api:map",
            f"/api/v1/incidents/map?municipality={CODE}&date_from={month_ago}&date_to={today}",
        ),
    ]
    if ids.get("incident"):
        api.append(("api:incident", f"/api/v1/incidents/{ids['incident']}"))
    return pages, api


# ---------------------------------------------------------------------------------------------
# The load


class Load:
    def __init__(self, port: int, pages, api, sessions: list[dict], token: str):
        self.port, self.pages, self.api, self.sessions, self.token = port, pages, api, sessions, token
        self.results: list[tuple[str, float, str | None]] = []  # (endpoint, seconds, error)
        self.lock = threading.Lock()
        self.measure_from = self.measure_to = 0.0
        self.stop_at = 0.0

    def user(self, i: int, start: threading.Barrier) -> None:
        rng = random.Random(SEED * 1000 + i)
        if i % 2 == 0:  # a page user
            browser, choices = Browser(self.port), self.pages
            browser.cookies = dict(self.sessions[(i // 2) % len(self.sessions)])
        else:
            browser, choices = Browser(self.port, self.token), self.api
        mine = []
        start.wait()
        time.sleep(rng.uniform(0, THINK[1]))  # not all at once
        try:
            while time.monotonic() < self.stop_at:
                name, path = rng.choice(choices)
                began = time.monotonic()
                error = None
                try:
                    status, location, data = browser.request(
                        "GET", path, headers={"Accept": "application/json" if name.startswith("api") else "text/html"}
                    )
                    if status != 200:
                        error = f"{name}: HTTP {status} {location or data[:200]!r}"
                except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                    error = f"{name}: {type(e).__name__}: {e}"
                    browser.close()
                took = time.monotonic() - began
                if self.measure_from <= began < self.measure_to:
                    mine.append((name, took, error))
                time.sleep(rng.uniform(*THINK))
        finally:
            browser.close()
            with self.lock:
                self.results += mine

    def run(self, server_pgid: int) -> str:
        start = threading.Barrier(USERS + 1)
        threads = [threading.Thread(target=self.user, args=(i, start), daemon=True) for i in range(USERS)]
        for t in threads:
            t.start()
        now = time.monotonic()
        self.measure_from = now + WARMUP_S
        self.measure_to = self.measure_from + MEASURE_S
        self.stop_at = self.measure_to
        start.wait()
        time.sleep(WARMUP_S)
        cpu_before = run.cpu_snapshot(server_pgid)
        time.sleep(MEASURE_S)
        cpu_after = run.cpu_snapshot(server_pgid)
        for t in threads:
            t.join(120)
        return run.cpu_report(cpu_before, cpu_after, MEASURE_S, len(self.results))


def endpoints_alone(port: int, pages, api, session: dict, token: str) -> list[str]:
    """Each endpoint's latency with nothing else from this bench running (the probe's "alone")."""
    page, client = Browser(port), Browser(port, token)
    page.cookies = dict(session)
    result = []
    for name, path in pages + api:
        browser = page if name.startswith("page") else client
        times = []
        for i in range(6):
            began = time.monotonic()
            browser.request("GET", path)
            if i:
                times.append(time.monotonic() - began)
        result.append(f"{name} {statistics.median(times) * 1000:.0f} ms")
    page.close()
    client.close()
    return result


def capacity(cpu: str) -> str:
    """What the measured server CPU per request means on this machine's cores when it is quiet:
    the most requests per second it can serve, against what 50 users with 0.2-1 s think time ask."""
    match = re.search(r"gunicorn ([0-9.]+), postgres ([0-9.]+)", cpu)
    if not match:
        return "capacity: no CPU figures"
    demand = (float(match.group(1)) + float(match.group(2))) / 1000  # CPU seconds per request
    cores = os.cpu_count() or 1
    most = cores / demand if demand else float("inf")
    asked = USERS / (sum(THINK) / 2)  # requests/s if every answer were instant
    return (
        f"capacity: {demand * 1000:.1f} ms of server CPU per request (gunicorn + PostgreSQL; inflated when "
        f"the machine is busy) -> at most {most:.0f} requests/s on {cores} cores; {USERS} users ask up to "
        f"{asked:.0f}/s, i.e. {asked / most * 100:.0f}% of it"
    )


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, math.ceil(p / 100 * len(ordered)) - 1))]


def main() -> int:
    env = run.app_env()
    env["DATABASE_URL"] = f"{run.PG_URL}/{DB}"
    env.setdefault("STATIC_ROOT", str(REPO / "var" / "static"))
    readme_env, options = readme_command()
    server_env = {**env, **{k: v for k, v in readme_env.items() if k not in ("DATABASE_URL", "SECRET_KEY")}}
    log(f"README's command: gunicorn samtrygg.wsgi:application {' '.join(options)} {' '.join(EXTRA_ARGS)}")
    if readme_env:
        log(f"README's environment: {' '.join(f'{k}={v}' for k, v in readme_env.items())}")
    if FRESH:
        with run.pg_connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DB}"')
        run.manage(env, "migrate", "--no-input", "-v0")
        run.manage(env, "load_demo")
    run.manage(env, "collectstatic", "--noinput", "-v0")
    ids = prepare(env)
    pages, api = endpoints(ids)
    log(f"prepared: {ids}")
    if "REDIS_URL" in server_env:  # a database of its own in that Redis, emptied: like a fresh deploy
        server_env["REDIS_URL"] = REDIS_URL
        try:
            import redis

            redis.Redis.from_url(server_env["REDIS_URL"]).flushdb()
            log(f"redis: {server_env['REDIS_URL']} flushed")
        except Exception as e:  # noqa: BLE001
            log(f"warning: could not flush redis ({e})")

    idle = run.machine_busy()
    log(f"machine before the server starts: {idle * 100:.0f}% busy of all cores")
    error_log = tempfile.NamedTemporaryFile(prefix="samtrygg-load50-", suffix=".log", delete=False).name
    sock = run.listening_socket()
    port = sock.getsockname()[1]
    args = [
        PY,
        "-m",
        "gunicorn",
        "samtrygg.wsgi:application",
        *options,
        *EXTRA_ARGS,
        "--bind",
        f"fd://{sock.fileno()}",
        "--error-logfile",
        error_log,
        "--log-level",
        "warning",
        "--no-control-socket",
    ]
    proc = subprocess.Popen(
        args,
        cwd=REPO,
        env=server_env,
        pass_fds=(sock.fileno(),),
        start_new_session=True,
        preexec_fn=run._die_with_parent,
        stdout=subprocess.DEVNULL,
        stderr=open(error_log, "ab"),  # noqa: SIM115 - Django's own log (tracebacks) goes to stderr
    )
    sock.close()
    failed = False
    try:
        run.wait_until_up(port, proc, error_log)
        log(f"gunicorn pid {proc.pid} on 127.0.0.1:{port}")
        sessions = []
        for username in ("coordinator.lomma", "reader.lomma"):
            b = Browser(port)
            b.login(username)
            sessions.append(b.cookies)
            b.close()
        token = token_for(port, "coordinator.lomma")
        log(
            f"{USERS} users ({(USERS + 1) // 2} pages, {USERS // 2} API), think {THINK[0]}-{THINK[1]} s; "
            f"warm-up {WARMUP_S:.0f} s, measured {MEASURE_S:.0f} s"
        )
        alone = endpoints_alone(port, pages, api, sessions[0], token)
        load = Load(port, pages, api, sessions, token)
        cpu = load.run(proc.pid)
    finally:
        run.stop(proc)
    results = load.results
    times = [t for _n, t, _e in results]
    errors = [e for _n, _t, e in results if e]
    for name in sorted({n for n, _t, _e in results}):
        mine = [t for n, t, _e in results if n == name]
        log(
            f"  {name:22s} n={len(mine):5d} p50={pct(mine, 50) * 1000:7.0f} ms p95={pct(mine, 95) * 1000:7.0f} ms "
            f"max={max(mine) * 1000:7.0f} ms errors={sum(1 for n, _t, e in results if n == name and e)}"
        )
    log("alone (one request at a time, median of 5 after one warm-up): " + ", ".join(alone))
    log(cpu)
    log(capacity(cpu))
    log(f"throughput {len(results) / MEASURE_S:.1f} requests/s; median {statistics.median(times) * 1000:.0f} ms")
    for e in errors[:5]:
        log(f"  error: {e}")
    if errors or not results:
        failed = True
        log(f"gunicorn's log: {error_log}\n{run.tail(error_log, 30)}")
    else:
        os.unlink(error_log)
    print(
        f"load50: load50_p95_ms={pct(times, 95) * 1000:.0f} load50_p50_ms={pct(times, 50) * 1000:.0f} "
        f"load50_errors={len(errors)} load50_requests={len(results)}",
        flush=True,
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
