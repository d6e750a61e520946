"""`make bench`: a fresh database, the site under gunicorn, each scenario in turn,
then the table on the terminal and in docs/performance.md."""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
import traceback
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .figures import Figure
from .options import BenchOptions

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
SQLITE = BENCH_DIR / "bench.sqlite3"
PERFORMANCE = ROOT / "docs" / "performance.md"
BENCH_DATABASE = "sillon_bench"
SETTINGS = "config.settings.bench"

# In this order; each is bench.scenarios.<name>, exposing run(options).
SCENARIOS = [
    "public_pages",
    "deadline_rush",
    "ranking",
    "staff_list",
    "letters",
    "exports",
    "national_scale",
    "lighthouse",
]
# Scenarios that need the gunicorn server.
HTTP_SCENARIOS = {"public_pages", "deadline_rush", "lighthouse"}


def say(message: str) -> None:
    sys.stderr.write(f"[bench {time.strftime('%H:%M:%S', time.gmtime())}] {message}\n")
    sys.stderr.flush()


# The database -----------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def prepare_database() -> str:
    """A fresh, empty bench database; returns how the report names it.

    PostgreSQL when DATABASE_URL is set (the database ``sillon_bench`` on the
    same server, dropped and created again), SQLite under var/bench otherwise.
    """
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg  # noqa: PLC0415 (PostgreSQL runs only)

        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [BENCH_DATABASE],
            )
            connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}"')
            connection.execute(f'CREATE DATABASE "{BENCH_DATABASE}"')
            version = connection.execute("SHOW server_version").fetchone()[0]
        os.environ["SILLON_BENCH_DATABASE_URL"] = with_database(url, BENCH_DATABASE)
        host = urlsplit(url).hostname
        return f"PostgreSQL {version} ({BENCH_DATABASE} on {host})"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{SQLITE}{suffix}").unlink(missing_ok=True)
    os.environ["SILLON_BENCH_DATABASE_URL"] = f"sqlite:///{SQLITE}"
    import sqlite3  # noqa: PLC0415

    return f"SQLite {sqlite3.sqlite_version} ({SQLITE.relative_to(ROOT)})"


def static_is_fresh() -> bool:
    """Whether the collected files are newer than every source static file."""
    manifest = BENCH_DIR / "static" / "staticfiles.json"
    if not manifest.exists():
        return False
    from django.contrib.staticfiles.finders import get_finders  # noqa: PLC0415

    collected = manifest.stat().st_mtime
    for finder in get_finders():
        for _path, storage in finder.list(["CVS", ".*", "*~"]):
            if Path(storage.path(_path)).stat().st_mtime > collected:
                return False
    return True


def setup_django() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    import django  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    django.setup()
    say("migrate")
    call_command("migrate", interactive=False, verbosity=0)
    if static_is_fresh():
        say("collectstatic: up to date")
    else:
        say("collectstatic")
        call_command("collectstatic", interactive=False, verbosity=0)
    say("public site data")
    from .data.site import public_site  # noqa: PLC0415

    public_site()


# The scenarios ----------------------------------------------------------------------


def load_scenario(name: str):
    """The scenario's module, or None when it is not built yet."""
    module = f"bench.scenarios.{name}"
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name == module:
            return None
        raise


def selected(options: BenchOptions) -> list[str]:
    names = [n for n in SCENARIOS if not options.only or n in options.only]
    if not options.lighthouse:
        names = [n for n in names if n != "lighthouse"]
    return names


def run_scenarios(
    options: BenchOptions, names: list[str]
) -> tuple[list[Figure], list[tuple[str, str]]]:
    figures: list[Figure] = []
    errors: list[tuple[str, str]] = []
    for name in names:
        module = load_scenario(name)
        if module is None:
            print(f"scenario {name}: not built", flush=True)  # noqa: T201
            continue
        say(f"scenario {name}")
        started = time.monotonic()
        try:
            produced = module.run(options)
        except Exception as error:  # one scenario's failure is one row
            traceback.print_exc()
            message = f"{type(error).__name__}: {error}"
            errors.append((name, message[:300]))
            print(json.dumps({"scenario": name, "error": message}), flush=True)  # noqa: T201
            continue
        say(f"scenario {name}: {time.monotonic() - started:.0f} s")
        for figure in produced:
            figure = figure if figure.scenario else replace(figure, scenario=name)
            figures.append(figure)
            print(json.dumps(figure.as_dict(), default=str), flush=True)  # noqa: T201
    return figures, errors


def run(options: BenchOptions) -> int:
    from . import report  # noqa: PLC0415
    from .server import gunicorn  # noqa: PLC0415

    names = selected(options)
    started = time.monotonic()
    # The code measured: the commit when the run starts, and the machine's load.
    commit = report.git_commit(ROOT)
    load_before = os.getloadavg()[0]
    database = prepare_database()
    options = replace(options, postgresql=database.startswith("PostgreSQL"))
    say(f"database: {database}")
    setup_django()
    env = {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "SILLON_BENCH_DATABASE_URL": os.environ["SILLON_BENCH_DATABASE_URL"],
    }
    if HTTP_SCENARIOS & set(names):
        say(f"gunicorn, {options.workers} workers, {options.base_url}")
        with gunicorn(options.base_url, workers=options.workers, env=env):
            figures, errors = run_scenarios(options, names)
    else:
        figures, errors = run_scenarios(options, names)
    elapsed = time.monotonic() - started
    print(report.text_table(figures, errors))  # noqa: T201
    say(f"done in {elapsed:.0f} s")
    section = report.section(
        figures,
        options=options,
        database=database,
        commit=commit,
        errors=errors,
        notes=[
            f"Duration: {elapsed:.0f} s; load average (1 min) at the start "
            f"{load_before:.2f}, at the end {os.getloadavg()[0]:.2f}"
        ],
    )
    report.write(PERFORMANCE, section)
    say(f"written to {PERFORMANCE.relative_to(ROOT)}")
    return 1 if errors else 0
