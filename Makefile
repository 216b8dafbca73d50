# Sebaya: `make run` to try it, `make test` to test it, `make check` before every commit.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=
export SEBAYA_DEBUG ?= true

.PHONY: run test test-postgres test-fast check lint format messages bench-planner bench-planner-quick bench-search demo clean

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Sebaya needs Python 3.11 or newer (found " + sys.version.split()[0] + ")")'
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e ".[dev]"
	@touch $@

var:
	@mkdir -p var

demo: $(VENV)/.installed var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py rebuild_search_index --if-empty

## run: set everything up and serve the app and the task worker on 127.0.0.1:$(PORT)
run: demo
	PORT=$(PORT) $(PY) scripts/serve.py

## test: the whole suite, browser tests included (installs Chromium on Debian/Ubuntu as root)
test: $(VENV)/.installed
	@bash scripts/system-deps.sh
	$(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

## test-postgres: the whole suite again on a throwaway PostgreSQL
test-postgres: $(VENV)/.installed
	@bash scripts/system-deps.sh postgres
	bash scripts/with-postgres.sh $(PY) -m pytest -n 2 -q $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy .
	$(VENV)/bin/lint-imports

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## check: lint, types, import contracts, then the test suite
check: lint test

## messages: refresh the translation catalogues after changing strings (then translate the new ones)
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l id -l en --no-obsolete --ignore=.venv --ignore=planner --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

bench-planner: $(VENV)/.installed
	$(PY) bench/planner.py $(BENCH_ARGS)

## bench-search: search latency on 100,000 generated documents (SQLite, or PostgreSQL with DATABASE_URL)
bench-search: $(VENV)/.installed
	$(PY) bench/search.py $(BENCH_ARGS)
bench-planner-quick: $(VENV)/.installed
	$(PY) bench/planner.py --quick $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var staticfiles .mypy_cache .ruff_cache .pytest_cache
