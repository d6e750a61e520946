"""National scale: one instance for 18 authorities, 180,000 submitted
dossiers and 10,000 directory services. The pages are measured first with
1,000 dossiers and 100 services, then the same database is grown to the large
size and they are measured again. Targets: ≤ 2x the time, the same queries.

Pages (in-process, ``django.test.Client``): the staff dossier list of the
first authority's manager (first page, filtered by a call, searched by a
dossier reference), the espace of an applicant (three dossiers, whatever the
size of the instance), and the public directory search.

On SQLite the large size is scaled down by default (``national_sqlite_scale``
of the dossiers and services, 0.1): generating 180,000 dossiers there would
take most of the ten minutes; ``--national-sqlite-scale 1`` measures the full
size. PostgreSQL always gets the full size.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from bench.data import national_grow
from bench.figures import Figure
from bench.measure import generate, signed_in_client
from bench.options import BenchOptions
from bench.scenarios.staff_list import measure_page, page_figures

SCENARIO = "national_scale"
DIRECTORY_QUERY = "soins palliatifs"


def pages(data) -> dict[str, tuple]:
    """``{name: (client, url)}`` of the measured pages."""
    manager = signed_in_client(data.managers[0])
    listing = reverse("dossiers_admin:index")
    first_call = data.calls[0][0]
    reference = f"{first_call.reference}-0002"
    return {
        "staff dossier list, first page": (manager, listing),
        "staff dossier list, filtered by call": (
            manager,
            f"{listing}?{urlencode({'call': first_call.pk})}",
        ),
        "staff dossier list, searched by reference": (
            manager,
            f"{listing}?{urlencode({'q': reference})}",
        ),
        "applicant's espace": (
            signed_in_client(data.applicant),
            reverse("applications:home"),
        ),
        "public directory search": (
            signed_in_client(),
            f"{data.directory_url}?{urlencode({'q': DIRECTORY_QUERY})}",
        ),
    }


def large_sizes(options: BenchOptions) -> tuple[int, int, str]:
    if options.postgresql:
        return options.national_dossiers, options.national_services, "PostgreSQL"
    scale = options.national_sqlite_scale
    dossiers = max(int(options.national_dossiers * scale), 1)
    services = max(int(options.national_services * scale), 1)
    if scale >= 1:
        return dossiers, services, "SQLite, full size"
    return dossiers, services, f"SQLite, scaled down to {scale:g} of the full size"


def run(options: BenchOptions) -> list[Figure]:
    small_dossiers = options.national_reference_dossiers
    small_services = options.national_reference_services
    data = generate(
        "bench_national_data",
        authorities=options.national_authorities,
        dossiers=small_dossiers,
        services=small_services,
    )
    label = f"{small_dossiers} dossiers, {small_services} services"
    small = {
        name: measure_page(client, url, options.runs, label)
        for name, (client, url) in pages(data).items()
    }
    dossiers, services, how = large_sizes(options)
    national_grow(data, dossiers_total=dossiers, services_total=services)
    label = f"{dossiers} dossiers, {services} services"
    large = {
        name: measure_page(client, url, options.runs, label)
        for name, (client, url) in pages(data).items()
    }
    note = (
        f"{options.national_authorities} authorities, {how}; "
        "the first authority's manager; in-process"
    )
    figures = []
    for name in small:
        figures += page_figures(SCENARIO, name, small[name], large[name], note)
    return figures
