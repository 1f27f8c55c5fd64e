# Outreach Diagnostics. `make run` serves the whole system; `make test` runs every check.
# Both install what they need into a repo-local virtual environment (.venv).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PACKAGES := libs/contract libs/domain libs/platform services/intake services/relay services/projection services/diagnostics services/replay services/webhooks services/outreach
RUNTIME_STAMP := $(VENV)/.installed-runtime
STAMP := $(VENV)/.installed

.PHONY: help install install-runtime run demo test lint format unit integration clean openapi \
        kafka-up kafka-down stack stack-down bench soak

help:
	@echo "make run     - the whole system in one process on 127.0.0.1:8000 (SQLite), with demo data"
	@echo "make test    - lint, type checks, unit and integration tests (starts its own servers)"
	@echo "make stack   - the distributed topology (Kafka, PostgreSQL, Prometheus, five processes)"
	@echo "make stack-down - stop it (make kafka-up / kafka-down: the Kafka broker alone)"
	@echo "make bench   - every step against its ceiling -> bench/results.md (about 20 minutes;"
	@echo "               starts and stops its own Kafka and PostgreSQL; BENCH_ARGS=--quick)"
	@echo "make openapi - write docs/openapi.json again (the document partners generate clients from)"
	@echo "make soak    - the stack under load while its parts are killed (opt-in, about 8 minutes;"
	@echo "               own Kafka and PostgreSQL; SOAK_ARGS=\"--minutes 10\")"

# install-runtime: the packages and what they need to run (make run, demo, stack, openapi);
# install: that plus the tools for tests, lint and benchmarks (requirements-dev.txt).
install-runtime: $(RUNTIME_STAMP)

install: $(STAMP)

$(RUNTIME_STAMP): $(foreach p,$(PACKAGES),$(p)/pyproject.toml) constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt $(foreach p,$(PACKAGES),-e $(p))
	touch $@

$(STAMP): $(RUNTIME_STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet -c constraints.txt -r requirements-dev.txt
	touch $@

run: install-runtime
	$(BIN)/outreach serve

demo: install-runtime
	$(BIN)/outreach demo

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy libs services tests bench
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

unit: install
	$(BIN)/pytest tests/unit -q

integration: install
	$(BIN)/pytest tests/integration -q

test: lint
	$(BIN)/pytest tests -q

kafka-up:
	deploy/kafka/kafka.sh up

kafka-down:
	deploy/kafka/kafka.sh down

stack: install-runtime
	deploy/stack.sh up

stack-down:
	deploy/stack.sh down

# Its own Kafka and PostgreSQL on other ports than the tests' (bench/perf/env.py), started
# and stopped by the runner. BENCH_ARGS: --quick, --only KEY..., --ref COMMIT (bench/README.md).
bench: install
	$(BIN)/python -m bench.perf.run $(BENCH_ARGS)

# Opt-in, not part of `make test`: its own Kafka (59092/59093), PostgreSQL (55432), roles on
# 58001-58010, var dir /tmp/soak-var (bench/soak/env.py). SOAK_ARGS: --minutes N, --rate R ...
soak: install
	$(BIN)/python -m bench.soak.run $(SOAK_ARGS)

# The OpenAPI document partners generate clients from (every route of every role; ADR 0017).
openapi: install-runtime
	$(BIN)/outreach openapi --output docs/openapi.json

clean:
	rm -rf var build .mypy_cache .ruff_cache .pytest_cache
