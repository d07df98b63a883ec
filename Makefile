# The two commands of the README: `make run` runs the bot, `make test` runs every check.
# Each creates the virtual environment in .venv and installs what it needs on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: run playground test lint typecheck unit catalogs bench clean

run: $(STAMP)
	$(BIN)/rembug run

playground: $(STAMP)
	$(BIN)/rembug playground

test: $(STAMP) lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/python -m pytest

catalogs: $(STAMP)
	$(BIN)/python -m bot.i18n.update_catalogs

bench: $(STAMP)
	$(BIN)/python bench/dialogue.py

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
