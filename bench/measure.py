"""Timing and counting for the in-process scenarios: each measurement is
repeated ``runs`` times (after one warm-up call) and the figures keep every
run; ``Figure`` takes the medians."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def timed(function: Callable[[], object]) -> float:
    """Seconds one call of ``function`` takes."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def repeat(function: Callable[[], object], runs: int, *, warm: bool = True) -> tuple:
    """``runs`` timings of ``function`` in seconds, after a warm-up call
    (connection, caches, imports) that is not counted."""
    if warm:
        function()
    return tuple(timed(function) for _ in range(max(runs, 1)))


def queries(function: Callable[[], object]) -> int:
    """How many queries one call of ``function`` runs."""
    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def milliseconds(seconds: tuple) -> tuple:
    return tuple(round(value * 1000, 3) for value in seconds)


def signed_in_client(user=None):
    """A ``django.test.Client`` on an allowed host, signed in as ``user``."""
    from django.test import Client  # noqa: PLC0415

    ensure_static()
    client = Client(HTTP_HOST="127.0.0.1")
    if user is not None:
        client.force_login(user)
    return client


def get_ok(client, url: str):
    """A GET that must answer 200 (a scenario never times an error page)."""

    def fetch():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        return response

    return fetch


def generate(command: str, **options):
    """Run the generator command ``command`` (``bench_<scenario>_data``) and
    return what it made (the command keeps it as ``result``)."""
    from django.core.management import call_command, load_command_class  # noqa: PLC0415

    instance = load_command_class("bench", command)
    call_command(instance, **options)
    return instance.result


def ensure_static() -> None:
    """The hashed static files the pages name (``collectstatic``), when the
    runner has not collected them yet."""
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
