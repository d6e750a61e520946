# Sillon — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint format install messages check-messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --editable . --group dev
	touch $@

install: $(VENV)/.installed

## Set everything up (virtualenv, packages, migrations, demo data) and serve the site.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

## Run the whole test suite (SQLite by default, PostgreSQL when DATABASE_URL is set),
## with branch coverage (floor in pyproject.toml) and the import contracts.
test: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run --noinput
	$(BIN)/lint-imports
	$(BIN)/pytest --cov --cov-report=term $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Extract the messages into the French catalogue and compile it (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages --locale fr --ignore ".venv/*" --ignore "var/*" --no-obsolete
	$(BIN)/python manage.py compilemessages --locale fr --ignore ".venv/*"

## Fail on untranslated or fuzzy French entries (needs GNU gettext).
check-messages:
	@stats=$$(msgfmt --check --statistics -o /dev/null locale/fr/LC_MESSAGES/django.po 2>&1); \
	echo "French catalogue: $$stats"; \
	case "$$stats" in *untranslated*|*fuzzy*) exit 1;; esac

clean:
	rm -rf $(VENV) var db.sqlite3
