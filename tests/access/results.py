"""The public results and the open data in the matrix (issue 11).

Everything here is public and read-only: the anonymous get what everyone
gets. Authority A's call (``call_a``) has its decisions released (the world's
``decided`` dossier, notified by a release of kind « call »): its results are
published. Authority B's call (``call_b``) has a live page and no release: its
results' URLs are 404 for everyone, like an unknown call's (nothing leaks
before release). Authority A has a SIRET (set in the world), B has none: B's
SCDL file cannot be valid, so it is refused with a 409 that says why.
"""

from __future__ import annotations

from .expectations import everyone, row


def released(o):
    return {"reference": o.call_a.reference}


def unreleased(o):
    return {"reference": o.call_b.reference}


NOT_RELEASED = "a live call page, no release: as unknown as a missing call"

ROWS = [
    row("opendata:calls_csv", **everyone(200)),
    row("opendata:calls_json", **everyone(200)),
    row("opendata:api_calls", **everyone(200)),
]
for name in ("opendata:results_csv", "opendata:results_json", "opendata:api_results"):
    ROWS += [
        row(name, kwargs=released, **everyone(200)),
        row(
            name,
            id=f"{name}-unreleased",
            note=NOT_RELEASED,
            kwargs=unreleased,
            **everyone(404),
        ),
    ]
ROWS += [
    row(
        "opendata:scdl_csv",
        note="authority A's awards in the SCDL format",
        kwargs=lambda o: {"slug": o.authority_a.slug},
        **everyone(200),
    ),
    row(
        "opendata:scdl_csv",
        id="opendata:scdl_csv-no-siret",
        note="authority B has no SIRET: refused, saying why",
        kwargs=lambda o: {"slug": o.authority_b.slug},
        **everyone(409),
    ),
    row(
        "wagtail_serve",
        id="wagtail_serve-call_page-unreleased",
        note="authority B's call page: no « Résultats » section before release",
        args=lambda o: [o.page_b.url.strip("/") + "/"],
        **everyone(200),
    ),
]
