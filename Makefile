# Two commands for a fresh machine:
#   make run    virtualenv, install, migrate, demo data, serve on SQLite (PORT, default 8000)
#   make test   install test tools, start PostgreSQL if down (and the Elasticsearch emulator),
#               run the whole suite on them
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pasar_desmigratif
PIP := $(BIN)/pip install --quiet --disable-pip-version-check -c requirements/constraints.txt

.PHONY: run install install-test test lint format services browser haproxy worker

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip setuptools

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements/constraints.txt
	$(PIP) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(PIP) -e ".[test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data --all-regions
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# Production-style background worker (tasks queued in the database); `make run` needs
# none because development settings run tasks at once.
worker: install
	$(BIN)/python manage.py db_worker --queue-name "*"

# PostgreSQL runs on every machine here; start it when it is down (as CI must).
services:
	@if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then \
		echo "Starting PostgreSQL"; \
		pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start; \
		for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi
	@if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then \
		echo "Starting Redis"; \
		redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
			--dir /tmp --logfile /tmp/redis-pasar.log; \
	fi

# Debian's Chromium for the browser tests (Playwright's own download cannot work here), and
# Debian's Java for the Nu Html Checker (vnu-jar, tests/marketplace/test_valid_html.py).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's chromium"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "No /usr/bin/chromium and not root: browser tests will be skipped"; \
		fi; \
	fi
	@if ! command -v java >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's Java for the HTML checker"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null; \
		else \
			echo "No java and not root: the valid-HTML test will be skipped"; \
		fi; \
	fi

# Debian's HAProxy for the two-web-hosts fault test (tests/faults/test_two_web_hosts.py),
# which balances two gunicorn hosts in network namespaces of its own.
haproxy:
	@if ! command -v haproxy >/dev/null && [ ! -x /usr/sbin/haproxy ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's haproxy"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null; \
		else \
			echo "No haproxy and not root: the two-web-hosts fault test will be skipped"; \
		fi; \
	fi

# The Elasticsearch tests run against ELASTICSEARCH_TEST_URL when it is set (the compose
# service, say); otherwise against the noida-db ES-API emulator started here on a loopback
# port and stopped afterwards. Without either they skip (fail under PASAR_REQUIRE_ALL_TESTS).
ES_TEST_PORT ?= 19201
# One pytest-xdist worker per core; worksteal evens out the slow browser tests.
PYTEST_WORKERS ?= auto

test: install-test services browser haproxy node_modules
	@es_url="$${ELASTICSEARCH_TEST_URL:-}"; es_dir=""; \
	if [ -z "$$es_url" ] && [ -x $(BIN)/noida-db ]; then \
		es_url="http://127.0.0.1:$(ES_TEST_PORT)"; \
		if ! curl -fsS "$$es_url" >/dev/null 2>&1; then \
			es_dir=$$(mktemp -d); \
			nohup $(BIN)/noida-db start --only elasticsearch --host 127.0.0.1 \
				--elasticsearch-port $(ES_TEST_PORT) --data-dir "$$es_dir" >"$$es_dir.log" 2>&1 & \
			for i in $$(seq 1 40); do curl -fsS "$$es_url" >/dev/null 2>&1 && break; sleep 0.5; done; \
			if curl -fsS "$$es_url" >/dev/null 2>&1; then echo "Elasticsearch emulator (noida-db) at $$es_url"; \
			else echo "noida-db did not start (see $$es_dir.log): Elasticsearch tests skip"; es_url=""; fi; \
		fi; \
	fi; \
	ELASTICSEARCH_TEST_URL="$$es_url" DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS); status=$$?; \
	if [ -n "$$es_dir" ]; then \
		pid=$$(ss -ltnpH "sport = :$(ES_TEST_PORT)" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2); \
		if [ -n "$$pid" ]; then kill "$$pid"; fi; \
		rm -rf "$$es_dir" "$$es_dir.log"; \
	fi; \
	exit $$status

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# --- Front-end test tools and benchmarks (bench/README.md) ---------------------------------

.PHONY: node_modules bench-tools bench-short bench-web

# axe-core for the accessibility checks in tests/browser and vnu-jar for the valid-HTML test
# (pinned in package-lock.json; vnu-jar's own Java download is not run: Debian's Java is used).
node_modules: node_modules/axe-core/axe.min.js

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Lighthouse (bench/package.json) and wrk (Debian's package) for the web benchmarks.
bench/node_modules/.bin/lighthouse: bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --loglevel=error
	touch $@

bench-tools: browser bench/node_modules/.bin/lighthouse
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = "0" ]; then \
			echo "Installing Debian's wrk"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "No wrk and not root: install Debian's wrk package"; exit 1; \
		fi; \
	fi

# One shop (fresh database, demo data, gunicorn under production settings) serves the four
# web benchmarks; each runs whatever another returned, and any failure fails the target.
BENCH_WEB_SHORT = --exec "$(BIN)/python bench/page_weight.py --short" \
	--exec "$(BIN)/python bench/lighthouse.py --short" \
	--exec "$(BIN)/python bench/throughput.py --short" \
	--exec "$(BIN)/python bench/checkout_bench.py --short" \
	--exec "$(BIN)/python bench/soak.py --short"

# Its own database, so that it never drops the one of a full search benchmark running beside it.
BENCH_SEARCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pasar_bench_short
BENCH_RELEVANCE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pasar_relevance_short
BENCH_IMPACT_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pasar_impact_short

# The last lines name what failed and how (CI keeps only the end of the output).
bench-short: install-test services bench-tools
	@set -o pipefail; failed=""; log=$$(mktemp); \
	$(BIN)/python bench/shop_server.py $(BENCH_WEB_SHORT) 2>&1 | tee -a $$log || failed="$$failed web"; \
	$(BIN)/python bench/search_bench.py --short --database-url $(BENCH_SEARCH_DATABASE_URL) 2>&1 | tee -a $$log || failed="$$failed search"; \
	$(BIN)/python bench/search_relevance.py --short --database-url $(BENCH_RELEVANCE_DATABASE_URL) 2>&1 | tee -a $$log || failed="$$failed relevance"; \
	$(BIN)/python bench/impact_bench.py --short --database-url $(BENCH_IMPACT_DATABASE_URL) 2>&1 | tee -a $$log || failed="$$failed impact"; \
	if [ -n "$$failed" ]; then \
		echo "bench-short FAILED:$$failed"; \
		grep -aE "^FAIL|BROKEN|OVER the budget|FAILED|^\[shop\] exit [1-9]|Traceback" $$log | grep -v " INFO " | tail -20; \
		rm -f $$log; exit 1; \
	fi; rm -f $$log; echo "bench-short: every budget held"

bench-web: install-test services bench-tools
	$(BIN)/python bench/shop_server.py --exec "$(BIN)/python bench/page_weight.py" \
		--exec "$(BIN)/python bench/lighthouse.py" --exec "$(BIN)/python bench/throughput.py" \
		--exec "$(BIN)/python bench/checkout_bench.py" --exec "$(BIN)/python bench/soak.py"
