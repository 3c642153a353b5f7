# The two commands of README.md: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
PYTEST_ARGS ?=
# The PostgreSQL database of `make bench`'s registrations benchmark (created if missing).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/sps_bench_registrations

.PHONY: demo test test-fast install install-test lint format demo-data serve bench mutation clean system-packages-demo system-packages-test

# --- System packages (system-packages.txt, one list for make and .ci/run) ---------------------
# Installs the missing Debian packages as root or with passwordless sudo, otherwise stops with
# the apt-get line to run.
system-packages-demo:
	@bin/system-packages install demo

system-packages-test:
	@bin/system-packages install test
# --- end of system packages ---------------------------------------------------------------

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

# axe-core for the browser tests. npm gives its files a fixed old date, hence the stamp file.
# Without npm the browser tests are skipped (they fail instead when SPS_REQUIRE_TOOLS=1, as in CI).
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --no-audit --no-fund --silent && touch $@; \
	else \
		echo "npm absent : les tests navigateur seront ignorés (apt-get install npm)."; \
	fi

install: $(VENV)/.installed

install-test: system-packages-test $(VENV)/.installed-test node_modules/.installed

demo-data: system-packages-demo install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_reference
	$(MANAGE) load_demo

# The web server and, beside it, the worker of the background tasks (e-mails, exports, posters):
# the worker stops when the server stops (Ctrl+C included). DEBUG is off in the demo (French error
# pages): --insecure lets runserver serve the static files.
demo: demo-data
	@echo "Site : http://127.0.0.1:8000 (tâches de fond : manage.py db_worker, arrêté avec le serveur)"
	@$(MANAGE) db_worker --no-reload --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver --insecure 127.0.0.1:8000

# Lint, migrations in step with the models, then every test (browser tests included).
# PYTEST_ARGS passes options through: make test PYTEST_ARGS="-n 2 -k search".
test: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(BIN)/pytest $(PYTEST_ARGS)

# The same without the browser tests.
test-fast: install-test
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Mutation testing of the rights (perms, scope, workflow rules): slow, not part of make test.
# See docs/mutation-testing.md.
mutation: install-test
	$(BIN)/pip install -q -c constraints.txt -e ".[test,mutation]"
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2
	$(BIN)/mutmut results

bench: install
	$(BIN)/python bench/import_annuaire.py
	$(BIN)/python bench/school_search.py
	$(BIN)/python bench/login.py
	$(BIN)/python bench/generate_catalogue.py --seed 1 --actions 2000 --schools 2000 \
		--database-url sqlite:///var/bench-catalogue.sqlite3 --output var/bench-catalogue-generate.json
	$(BIN)/python bench/catalogue.py --database-url sqlite:///var/bench-catalogue.sqlite3 \
		--requests 20 --warmup 2 --output var/bench-catalogue.json
	$(BIN)/python bench/print_programme.py --actions 100 --repeat 1
	$(BIN)/python bench/registrations.py --database-url $(BENCH_DATABASE_URL) --rounds 1 --clients 10 \
		--capacity 20 --seats-left 3 --output var/bench-registrations.json

clean:
	rm -rf $(VENV) node_modules var
