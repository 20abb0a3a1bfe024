# Samtrygg: `make run` to try it, `make test` to test it.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export SAMTRYGG_DATA_DIR ?= $(abspath ../shared/data)

.PHONY: run install test test-fast test-browser bench migrate demo clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --no-input -v0

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "Samtrygg körs på http://127.0.0.1:$(PORT)/"
	@echo "Demoinloggningar (lösenord samtrygg-demo):"
	@echo "  admin               administratör, Lomma (kräver tvåfaktorsapp vid första inloggningen)"
	@echo "  coordinator.lomma   samordnare, Lomma (1262)"
	@echo "  reporter.lomma      rapportör, Lomma"
	@echo "  reader.lomma        läsare, Lomma"
	@echo "  police.kavlinge     kommunpolis, LPO Kävlinge (Kävlinge 1261 och Lomma 1262)"
	@echo "  coordinator.hoor    samordnare, Höör (1267)"
	@echo "  coordinator.uppsala samordnare, Uppsala (0380)"
	@echo ""
	$(PY) manage.py db_worker --queue-name '*' & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# The whole suite: unit, API and browser tests. DATABASE_URL picks PostgreSQL; PYTEST_ARGS narrows
# it (.ci/run runs the browser tests on SQLite only: `PYTEST_ARGS='-m "not browser"'`).
PYTEST_ARGS ?=
test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run -v0
	$(PY) -m pytest -q -n 2 $(PYTEST_ARGS)

test-fast: install
	$(PY) -m pytest -q -n 2 -m "not browser"

bench: install
	$(PY) bench/run.py
	$(PY) bench/load50.py

clean:
	rm -rf $(VENV) db.sqlite3 var
