# The README's two commands: `make run` and `make test`. Nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1

ASSETS := service/web/static/vendor/.stamp

.PHONY: run test check test-sqlite test-postgres install install-test assets openapi bench-match bench-geo bench-postgis clean

$(BIN)/passerelle: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# The pages' scripts come from npm (package-lock.json) and are served locally: no CDN.
$(ASSETS): package.json package-lock.json
	@# No install scripts: these packages need none, and one of swagger-ui-dist's would phone home.
	npm ci --no-audit --no-fund --loglevel=error --ignore-scripts
	mkdir -p $(@D)
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/chart.js/dist/chart.umd.js \
	   node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.css \
	   node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css $(@D)/
	touch $@

# Browser tests drive Debian's chromium (Playwright's own browser download is not used).
$(VENV)/.test-deps: $(BIN)/passerelle
	$(BIN)/pip install --quiet -e '.[test]'
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	touch $@

install: $(BIN)/passerelle $(ASSETS)
install-test: install $(VENV)/.test-deps
assets: $(ASSETS)

run: install
	$(BIN)/passerelle db upgrade
	@# The demo's accounts have a published password: never seeded in production.
	if [ "$${PASSERELLE_ENVIRONMENT:-development}" != production ]; then $(BIN)/passerelle seed demo --if-empty; fi
	@# The worker (reminders, closings, e-mails) runs beside the server and stops with it.
	$(BIN)/passerelle worker & worker=$$!; trap "kill $$worker" EXIT INT TERM; \
	$(BIN)/passerelle serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# The house checks (lint, format, strict types), then the whole suite on SQLite and on
# PostgreSQL (a fresh database per run; the layering rules are tests/test_architecture.py).
test: install-test check
	$(BIN)/python -m tests.run_all

check: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test-sqlite: install-test
	$(BIN)/pytest -q

openapi: install
	$(BIN)/python -m service.openapi_export

bench-match: install
	$(BIN)/passerelle bench match

bench-geo: install-test
	$(BIN)/python -m tests.bench_geo

clean:
	rm -rf $(VENV) node_modules service/web/static/vendor passerelle.db passerelle.db-wal passerelle.db-shm

# The peer comparison: Debian's PostGIS for the machine's PostgreSQL, installed when missing.
bench-postgis: install
	dpkg -s postgresql-15-postgis-3 >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15-postgis-3 >/dev/null)
	$(BIN)/passerelle bench postgis
