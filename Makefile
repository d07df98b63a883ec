# The two commands of the README: `make run` runs the bot, `make test` runs every check.
# Each creates the virtual environment in .venv and installs what it needs on first use.

PYTHON ?= python3
# `make playground PORT=8090`: the playground's web page port.
PORT ?= 8080
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run playground test test-postgres lint typecheck unit catalogs bench bench-webhook clean

run: $(STAMP)
	$(BIN)/rembug run

playground: $(STAMP)
	$(BIN)/rembug playground --port $(PORT)

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

# The whole suite again on PostgreSQL (REMBUG_TEST_PG_URL, default postgres@127.0.0.1:5432):
# one fresh database per test. Skipped with a message when no server answers, unless CI is set.
test-postgres: $(STAMP)
	REMBUG_TEST_DB=postgresql $(BIN)/python -m pytest

catalogs: $(STAMP)
	$(BIN)/python -m bot.i18n.update_catalogs

bench: $(STAMP)
	$(BIN)/python bench/dialogue.py

bench-webhook: $(STAMP)
	$(BIN)/python bench/webhook.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
