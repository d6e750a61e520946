"""Public pages under load: the call page, the home page and the call index,
anonymous, ``options.clients`` concurrent clients, against a small static file
served by the same server in the same run (target: ≥ 0.8 of its requests/s).

Each measurement is ``options.seconds`` of load (after one second of warm-up)
from a separate process (bench.load); the figure is the median of
``options.runs`` runs, the pages and the static file taking turns in each run.
The number of queries of each page (anonymous, in-process) is recorded beside
it, rendered (the page cache off) and served from the page cache.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from bench.data.site import RUSH_REFERENCE
from bench.figures import Figure, ratio_at_least
from bench.load import spawn
from bench.options import BenchOptions
from bench.statics import baseline_static_path
from calls.enums import CallStatus
from cms.models import CallIndexPage, CallPage, HomePage

SCENARIO = "public_pages"
TARGET = 0.8


def open_call_page() -> CallPage:
    """The public page of an open call (the demo's), with its content."""
    pages = (
        CallPage.objects.live()
        .select_related("call")
        .exclude(call__reference=RUSH_REFERENCE)
        .order_by("pk")
    )
    now = timezone.now()
    for page in pages:
        if page.call.status(now) == CallStatus.OPEN:
            return page
    page = pages.first()
    if page is None:
        raise RuntimeError("No live call page: build the public site first.")
    return page


def page_paths() -> dict[str, str]:
    return {
        "call page": open_call_page().get_url(),
        "home page": HomePage.objects.live().get().get_url(),
        "call index": CallIndexPage.objects.live().get().get_url(),
    }


def query_count(path: str, *, page_cache: bool) -> int:
    """Queries of an anonymous GET of ``path`` (the second one: warm caches),
    rendered by its view or served from the page cache."""
    client = Client(HTTP_HOST="127.0.0.1")
    with override_settings(PAGE_CACHE_ENABLED=page_cache):
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}")
    return len(queries)


def measure(url: str, options: BenchOptions) -> dict:
    return spawn(
        "throughput",
        "--url",
        url,
        "--clients",
        str(options.clients),
        "--seconds",
        str(options.seconds),
        timeout=options.seconds + 120,
    )


def run(options: BenchOptions) -> list[Figure]:
    base = options.base_url.rstrip("/")
    paths = page_paths()
    static = baseline_static_path()
    queries = {
        name: query_count(path, page_cache=False) for name, path in paths.items()
    }
    cached = {name: query_count(path, page_cache=True) for name, path in paths.items()}
    pages: dict[str, list[dict]] = {name: [] for name in paths}
    baseline: list[dict] = []
    for _ in range(options.runs):
        baseline.append(measure(base + static, options))
        for name, path in paths.items():
            pages[name].append(measure(base + path, options))
    figures = []
    baseline_runs = tuple(r["requests_per_second"] for r in baseline)
    for name, results in pages.items():
        values = tuple(r["requests_per_second"] for r in results)
        figure = Figure(
            scenario=SCENARIO,
            name=f"{name} {paths[name]}",
            unit="requests/s",
            runs=values,
            baseline_name="static file",
            baseline_runs=baseline_runs,
            target=f"≥ {TARGET}",
            extra={
                "queries": queries[name],
                "queries_from_the_page_cache": cached[name],
                "clients": options.clients,
                "seconds": options.seconds,
                "static": static,
                "errors": sum(r["errors"] for r in results),
                "p95_ms": [r["p95_ms"] for r in results],
                "baseline_p95_ms": [r["p95_ms"] for r in baseline],
            },
        )
        errors = figure.extra["errors"]
        figures.append(
            replace(
                figure,
                met=bool(ratio_at_least(figure.ratio, TARGET)) and not errors,
                note=f"{queries[name]} queries rendered, {cached[name]} from the cache"
                + (f", {errors} errors" if errors else ""),
            )
        )
    return figures
