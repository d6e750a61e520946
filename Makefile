# Sillon — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Celery: the broker comes from the environment (or `make worker CELERY_BROKER_URL=…`).
CELERY_BROKER_URL ?=
CELERY_LOGLEVEL ?= info
CELERY_ARGS ?=
# make bench: options of `python -m bench` (see `python -m bench --help`), e.g.
# BENCH_ARGS="--runs 1 --rush-applicants 50 --only public_pages,deadline_rush".
BENCH_ARGS ?=

.PHONY: bench run test lint format install messages check-messages clean worker beat require-broker

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

## Measure the two peaks against a real server (gunicorn, var/bench database:
## PostgreSQL `sillon_bench` beside DATABASE_URL when it is set, SQLite otherwise);
## prints the table and writes docs/performance.md. Options: BENCH_ARGS.
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

## The Celery worker: renders the PDFs and sends the emails the site queues.
## Needs CELERY_BROKER_URL (e.g. redis://127.0.0.1:6379/0), set for the site too.
worker: require-broker install
	CELERY_BROKER_URL="$(CELERY_BROKER_URL)" $(BIN)/celery -A config worker \
		--loglevel=$(CELERY_LOGLEVEL) $(CELERY_ARGS)

## Celery beat: queues the scheduled work (reminders, email retries); one per site.
beat: require-broker install
	@mkdir -p var
	CELERY_BROKER_URL="$(CELERY_BROKER_URL)" $(BIN)/celery -A config beat \
		--loglevel=$(CELERY_LOGLEVEL) --schedule var/celerybeat-schedule $(CELERY_ARGS)

require-broker:
	@if [ -z "$(CELERY_BROKER_URL)" ]; then \
	  echo "CELERY_BROKER_URL is not set: without a broker, tasks run in the web" >&2; \
	  echo "process (eagerly) and there is nothing for a worker or beat to do." >&2; \
	  echo "Start Redis and set it for the site and the worker alike, e.g.:" >&2; \
	  echo "  export CELERY_BROKER_URL=redis://127.0.0.1:6379/0" >&2; \
	  exit 1; \
	fi

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
