# 特贴申报 — the two commands are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# What WeasyPrint and Chinese PDFs need (without libharfbuzz-subset0 WeasyPrint falls back to a
# path ~45x slower), the browser the journey tests drive, pdffonts (poppler-utils) that the
# document tests read the PDFs with, LibreOffice headless (writer and calc, without the desktop)
# that opens every DOCX and XLSX the system makes as an office suite would, and pg_dump/pg_restore
# for backups of PostgreSQL (the backup tests use them in the PostgreSQL pass).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk
BACKUP_SYSTEM_PACKAGES := postgresql-client
TEST_SYSTEM_PACKAGES := chromium poppler-utils libreoffice-writer-nogui libreoffice-calc-nogui $(BACKUP_SYSTEM_PACKAGES)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install system-deps test-system-deps demo-data manual lint format clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Installs missing Debian packages with apt-get when run as root; otherwise prints the command.
define ensure_packages
	@missing=$$(for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | xargs); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			echo "Installing system packages: $$missing"; \
			apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing >/dev/null; \
		else \
			echo "Missing system packages: $$missing"; \
			echo "Run: sudo apt-get install -y $$missing"; \
			exit 1; \
		fi; \
	fi
endef

system-deps:
	$(call ensure_packages,$(SYSTEM_PACKAGES))

test-system-deps: system-deps
	$(call ensure_packages,$(TEST_SYSTEM_PACKAGES))

demo-data: install system-deps
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo

# Served as users meet it: DEBUG off (the app's own Chinese error pages), with the demo's keys and
# plain HTTP (LOCAL_DEMO=1); --insecure lets runserver serve the static files without DEBUG, so no
# collectstatic step. Another port: `make run PORT=8080`.
run: demo-data
	@echo "政府特殊津贴申报系统: http://$(HOST):$(PORT)/"
	DEBUG=0 LOCAL_DEMO=1 $(PY) manage.py runserver --insecure $(HOST):$(PORT)

test: install test-system-deps
	$(PY) -m pytest

# The user manual's screenshots (docs/manual/images/), taken by the browser journeys themselves.
manual: install test-system-deps
	MANUAL_SCREENSHOTS=1 $(PY) -m pytest -m e2e -q

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: install
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache

# Backups (docs/operations.md): `make backup [BACKUP_DIR=…]`, `make restore BACKUP=… [FORCE=1]`.
# The database is the one DATABASE_URL names (the SQLite demo without it); pg_dump only for PostgreSQL.
.PHONY: backup restore backup-system-deps

backup-system-deps:
	$(if $(findstring postgres,$(DATABASE_URL)),$(call ensure_packages,$(BACKUP_SYSTEM_PACKAGES)))

backup: install backup-system-deps
	$(PY) manage.py backup $(if $(BACKUP_DIR),--dir "$(BACKUP_DIR)")

restore: install backup-system-deps
	@test -n "$(BACKUP)" || { echo "用法：make restore BACKUP=var/backups/tesuan-YYYYMMDD-HHMMSS [FORCE=1]"; exit 1; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(FORCE),--force)

# Benchmarks (docs/performance.md, "Benchmarks"): a national campaign on PostgreSQL. Nothing to
# set: bench/settings.py brings its own keys. `make bench` (re)generates the two databases (N and
# N/10) only when missing or stale (another schema, generator, N or seed: their stamp differs);
# `make bench-data` always does. `make bench-smoke` is CI's: small N, few repetitions, its own
# databases; it fails on an error or a query count that grows with N, never on timings.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tesuan_bench
N ?= 100000
BENCH_ENV = DJANGO_SETTINGS_MODULE=bench.settings BENCH_DATABASE_URL=$(BENCH_DATABASE_URL)
SMOKE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tesuan_bench_smoke

.PHONY: bench-data bench bench-smoke bench-system-deps

# pg_dump and psql copy the bench database for the export measurement.
bench-system-deps: system-deps
	$(call ensure_packages,$(BACKUP_SYSTEM_PACKAGES))

# The databases at N and N/10; $(1) is passed on to the generator.
define bench_generate
	$(BENCH_ENV) $(PY) -m bench.generate --n $(N) $(1)
	$(BENCH_ENV) BENCH_DATABASE_URL=$(BENCH_DATABASE_URL)_small $(PY) -m bench.generate --n $$(( $(N) / 10 )) $(1)
endef

bench-data: install bench-system-deps
	$(call bench_generate,)

bench: install bench-system-deps
	$(call bench_generate,--unless-current)
	$(BENCH_ENV) $(PY) -m bench.run

# The same run at N = 2 000 (its settings pass on to `bench`, run as its prerequisite).
bench-smoke: N = 2000
bench-smoke: BENCH_DATABASE_URL = $(SMOKE_DATABASE_URL)
bench-smoke: export RUNS = 5
bench-smoke: export AUTOSAVE_USERS = 20
bench-smoke: export AUTOSAVE_SECONDS = 3
bench-smoke: export DOCUMENT_RUNS = 1
bench-smoke: export EXPORT_REPEATS = 1
bench-smoke: export EXPORT_SIZES = 10000
bench-smoke: export BENCH_RESULTS = bench/var/smoke-results.json
bench-smoke: bench
