"""The managers' dossier list (Wagtail admin, « Dossiers ») of an authority
with 10 and with 1,000 submitted dossiers: its first page, in-process
(``django.test.Client``, a signed-in manager). Target: the same number of
queries, at most twice the time of the 10-dossier page."""

from __future__ import annotations

from django.urls import reverse

from bench.figures import Figure, ratio_at_most
from bench.measure import (
    generate,
    get_ok,
    milliseconds,
    queries,
    repeat,
    signed_in_client,
)
from bench.options import BenchOptions

SCENARIO = "staff_list"


def page_figures(scenario: str, name: str, small: dict, large: dict, note: str):
    """The time figure (≤ 2x) and the query figure (the same count) of one
    page measured at two sizes: ``{"runs": ..., "queries": ..., "label": ...}``."""
    time_ratio = Figure("", "", "", large["runs"], "", small["runs"]).ratio
    return [
        Figure(
            scenario=scenario,
            name=f"{name}: time at {large['label']}",
            unit="ms",
            runs=large["runs"],
            baseline_name=f"the same page at {small['label']}",
            baseline_runs=small["runs"],
            target="≤ 2x",
            met=ratio_at_most(time_ratio, 2),
            note=note,
        ),
        Figure(
            scenario=scenario,
            name=f"{name}: queries at {large['label']}",
            unit="queries",
            runs=(large["queries"],),
            baseline_name=f"the same page at {small['label']}",
            baseline_runs=(small["queries"],),
            target="same queries",
            met=large["queries"] == small["queries"],
            note=note,
        ),
    ]


def measure_page(client, url: str, runs: int, label: str) -> dict:
    fetch = get_ok(client, url)
    timings = milliseconds(repeat(fetch, runs))
    return {"runs": timings, "queries": queries(fetch), "label": label}


def run(options: BenchOptions) -> list[Figure]:
    url = reverse("dossiers_admin:index")
    measured = {}
    for size in (options.staff_list_small, options.staff_list_large):
        data = generate("bench_staff_list_data", dossiers=size)
        client = signed_in_client(data.manager)
        measured[size] = measure_page(client, url, options.runs, f"{size} dossiers")
    return page_figures(
        SCENARIO,
        "staff dossier list, first page",
        measured[options.staff_list_small],
        measured[options.staff_list_large],
        note="/admin/dossiers/ as the authority's manager, 50 a page; in-process",
    )
