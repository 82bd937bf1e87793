# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
DB     ?= data/governance.duckdb
export GOVERNANCE_DB ?= $(DB)

.PHONY: run test check lint bench demo clean-venv

$(VENV)/.installed-runtime: requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -e .
	$(PY) -m governance.ingest.people  # the names index the import guard reads (once, cached)
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: install, create the database with the demo portfolio when there is none, serve on 127.0.0.1:8501
run: $(VENV)/.installed-runtime
	@case "$(GOVERNANCE_DB)" in postgres://*|postgresql://*) ;; \
	  *) test -f "$(GOVERNANCE_DB)" || $(PY) -m governance demo ;; esac
	$(PY) -m governance init
	$(PY) -m streamlit run app.py --server.address 127.0.0.1 --server.port 8501

## test: install, lint, run the whole test suite (unit, integration, app, browser), then the
## services' integration tests again on a PostgreSQL server (a private cluster the tests start).
## The tests run in TEST_WORKERS processes, a test file each at a time.
TEST_WORKERS ?= 2
test: lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile
	GOVERNANCE_TEST_STORE=server $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile $(SERVER_TESTS)

SERVER_TESTS = tests/integration/kpis tests/integration/scoring tests/integration/workflow tests/integration/contracts

## check: the inner loop: lint and every test but the browser ones
check: lint
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile --ignore=tests/e2e

## lint: ruff's rules and layout, and the architecture's import contracts
lint: $(VENV)/.installed-dev
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

## bench: the benchmarks (generates its workloads under bench/.work/)
bench: $(VENV)/.installed-runtime
	$(PY) -m bench

clean-venv:
	rm -rf $(VENV)
