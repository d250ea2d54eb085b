# Handoff: `make run` for a local console, `make test` for the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export HANDOFF_ENV ?= development
export TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

# An awkward instant for `make test-at`: a Sunday, 01:30 in New York, half an hour before the US
# clocks skip to 03:00; the small hours in every demo zone but Australia's.
NOW ?= 2027-03-14T06:30:00Z

.PHONY: run test test-at lint bench clean

# What running needs; the tests' and linters' tools come with $(DEV), only for those targets.
DEV := $(VENV)/.dev-installed

$(BIN)/handoff: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed: install python3.11"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(DEV): $(BIN)/handoff
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js and npm are needed for the front-end assets"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: $(BIN)/handoff node_modules/.package-lock.json
	$(BIN)/handoff db upgrade
	$(BIN)/handoff demo --if-empty
	$(BIN)/handoff run

test: $(DEV) node_modules/.package-lock.json
	$(BIN)/pytest

test-at: $(DEV) node_modules/.package-lock.json
	HANDOFF_NOW=$(NOW) $(BIN)/pytest tests/unit tests/service tests/api tests/web tests/telephony tests/realtime tests/e2e

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

bench: $(DEV)
	$(BIN)/python bench/queue_claim.py

clean:
	rm -rf $(VENV) node_modules instance .pytest_cache .import_linter_cache
