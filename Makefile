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

# The newest Python 3.11 or later on PATH. Each candidate is run, not just looked up,
# because version managers put names on PATH that may not run. Override with PYTHON=...
PYTHON ?= $(shell for p in python3.14 python3.13 python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 \
	&& { echo $$p; break; }; done)

.PHONY: help install run demo migrate test lint clean

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

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools

migrate: $(STAMP) ## Apply database migrations (SQLite unless DATABASE_URL is set)
	$(PY) manage.py migrate --no-input

demo: migrate ## Load the September 2017 report from demo/ (safe to repeat)
	$(PY) manage.py loaddemo

run: demo ## Set up, load the demo data, print a demo login and serve the site
	@$(PY) manage.py createdemouser
	@echo "Serving http://$(HOST):$(PORT)/ - press Ctrl+C to stop."
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) ## Run the whole test suite (pass pytest arguments with ARGS=...)
	$(PY) -m pytest $(ARGS)

lint: $(STAMP) ## Check style, formatting and that no migration is missing
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

clean: ## Remove .venv, caches and collected static files (keeps the database)
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
