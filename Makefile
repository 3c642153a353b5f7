# The two commands of README.md: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=

.PHONY: demo test install install-test lint format demo-data serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --silent || echo "npm indisponible : les tests d'accessibilité seront ignorés (ou échoueront en CI)."

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test node_modules/axe-core/axe.min.js

demo-data: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference
	$(MANAGE) load_demo

demo: demo-data
	@echo "Site : http://127.0.0.1:8000"
	$(MANAGE) runserver 127.0.0.1:8000

test: install-test
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python bench/import_annuaire.py

clean:
	rm -rf $(VENV) node_modules var
