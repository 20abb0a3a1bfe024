#!/bin/sh
# Run bench/run.py once per gunicorn configuration ("class workers threads [redis]") and keep
# each run's summary lines; e.g.  bench/sweep.sh "sync 4 1" "gthread 2 4"
# Output: one block per run on stdout. Each run takes ~40 s.
cd "$(dirname "$0")/.." || exit 1
PY=${PY:-.venv/bin/python}
for cfg in "$@"; do
  set -- $cfg
  echo "== $cfg  (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  BENCH_WORKER_CLASS=$1 BENCH_WORKERS=$2 BENCH_THREADS=${3:-1} BENCH_REDIS=${4:-0} \
    $PY bench/run.py 2>&1 | grep -E "create:|map:|bench:|FAILED" | grep -vE "reports from|GETs from"
done
