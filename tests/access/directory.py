"""The annuaire numérique in the matrix: a service's page, a recognised
filière's page, the downloads and the read-only API. All public: the same
answer for everyone, signed in or not (issue 11).

The world's ``directory`` objects (``world.py``, its directory block): a
published service, an unpublished one, a filière recognised by a released
acceptance and one whose decision is not released yet.
"""

from __future__ import annotations

from .expectations import REDIRECT, everyone, row


def service(o):
    return {"pk": o.directory.service.pk, "slug": o.directory.service.slug}


ROWS = [
    row("directory:service", kwargs=service, **everyone(200)),
    row(
        "directory:service",
        id="directory:service-old-slug",
        note="a former slug: 301 to the canonical URL",
        kwargs=lambda o: {"pk": o.directory.service.pk, "slug": "ancien-nom"},
        **everyone(REDIRECT),
    ),
    row(
        "directory:service",
        id="directory:service-unpublished",
        kwargs=lambda o: {
            "pk": o.directory.unpublished.pk,
            "slug": o.directory.unpublished.slug,
        },
        **everyone(404),
    ),
    row(
        "directory:filiere",
        note="recognised by a released acceptance",
        kwargs=lambda o: {"pk": o.directory.filiere.pk, "slug": o.directory.slug},
        **everyone(200),
    ),
    row(
        "directory:filiere",
        id="directory:filiere-unreleased",
        note="its acceptance is not released: nothing shows",
        kwargs=lambda o: {"pk": o.directory.unreleased.pk, "slug": "x"},
        **everyone(404),
    ),
    row("directory:export_csv", **everyone(200)),
    row("directory:export_json", **everyone(200)),
    row("directory_api:services", **everyone(200)),
    row(
        "directory_api:service",
        kwargs=lambda o: {"pk": o.directory.service.pk},
        **everyone(200),
    ),
    row(
        "directory_api:service",
        id="directory_api:service-unpublished",
        kwargs=lambda o: {"pk": o.directory.unpublished.pk},
        **everyone(404),
    ),
    row("directory_api:filieres", **everyone(200)),
]
