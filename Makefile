# The README's two commands: `make run` and `make test`. Nothing needs installing by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 1

.PHONY: run test test-sqlite test-postgres install install-test openapi bench-match bench-geo clean

$(BIN)/passerelle: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/passerelle
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(BIN)/passerelle
install-test: $(VENV)/.test-deps

run: install
	$(BIN)/passerelle db upgrade
	$(BIN)/passerelle seed demo --if-empty
	$(BIN)/passerelle serve --host $(HOST) --port $(PORT) --workers $(WORKERS)

# The whole suite on SQLite, then on PostgreSQL when one answers (a fresh database per run).
test: install-test
	$(BIN)/python -m tests.run_all

test-sqlite: install-test
	$(BIN)/pytest -q

openapi: install
	$(BIN)/python -m service.openapi_export

bench-match: install
	$(BIN)/passerelle bench match

bench-geo: install-test
	$(BIN)/python -m tests.bench_geo

clean:
	rm -rf $(VENV) passerelle.db passerelle.db-wal passerelle.db-shm
