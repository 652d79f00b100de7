# Everyday commands for essexperf. `make help` lists them.
# Everything runs in .venv, made on first use; nothing is installed outside it.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Written after a successful install: pip runs again only when pyproject.toml is newer.
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Extra arguments for pytest, such as: make test ARGS="-x -k settings"
ARGS ?=
# The test workers (pytest-xdist): one a CPU by default; WORKERS=0 runs the tests in one process.
WORKERS ?= auto
# The lock files name no index, so they hold wherever packages are installed from.
LOCK_OPTIONS := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	--no-emit-find-links --no-emit-trusted-host

# The newest Python 3.11 or later on PATH. Each candidate is run, not just looked up,
# because version managers put names on PATH that may not run. Override with PYTHON=...
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)

.PHONY: help install lock run demo migrate test lint clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) \
		| awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

$(PY):
	@if [ -z "$(PYTHON)" ]; then \
		echo "essexperf needs Python 3.11 or newer, and none was found on PATH." >&2; \
		echo "Install one, or name it: make $(MAKECMDGOALS) PYTHON=/path/to/python3.12" >&2; \
		exit 1; \
	fi
	$(PYTHON) -m venv $(VENV)

# Every dependency comes from the lock files, pinned with its hashes, so that each install
# (here, in CI and in the image) gets the same versions; `make lock` renews them.
$(STAMP): pyproject.toml requirements-dev.lock | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools

lock: | $(PY) ## Pin every dependency with its hashes (requirements.lock, requirements-dev.lock)
	$(PY) -m pip install --quiet "pip-tools>=7.4,<8"
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile $(LOCK_OPTIONS) \
		-o requirements.lock pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile $(LOCK_OPTIONS) --extra dev \
		-c requirements.lock -o requirements-dev.lock pyproject.toml

migrate: $(STAMP) ## Apply database migrations (SQLite unless DATABASE_URL is set)
	$(PY) manage.py migrate --no-input

demo: migrate ## Load the September 2017 report from demo/ (safe to repeat)
	$(PY) manage.py loaddemo

run: demo ## Set up, load the demo data, print a demo login and serve the site
	@$(PY) manage.py createdemouser
	@echo "Serving http://$(HOST):$(PORT)/ - press Ctrl+C to stop."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) ## Run the whole test suite (pass pytest arguments with ARGS=...)
	$(PY) -m pytest --numprocesses $(WORKERS) $(ARGS)

lint: $(STAMP) ## Check style, formatting, the layers' imports and that no migration is missing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

clean: ## Remove .venv, caches and collected static files (keeps the database)
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
