"""The directory's services in the Wagtail admin (issue 11), /admin/annuaire/.

The world holds one service in a département of authority A's region
(``SERVICE``, its block at the end of ``world.build_world``).

What must hold: managers maintain the services of their authorities' regions
(authority A's manager opens and saves A's service; authority B's manager lists
and adds services, in their own region, but cannot open A's); administrators
act on all; reviewers hold no permission on services (Wagtail sends them to
the dashboard); applicants and the anonymous are sent to the admin's sign-in
page. The FINESS import page is every manager's, for their own region.
"""

from __future__ import annotations

from directory.models import Service

from .expectations import DENIED, REDIRECT, Hidden, admin_side, row
from .roles import MANAGER_OTHER

NS = "directory_services"
SERVICE = "Unité de soins palliatifs de la région A"


def service(o) -> dict:
    return {"pk": Service.objects.get(name=SERVICE).pk}


def service_edit(o) -> dict:
    """The service's form as it stands, renamed: a valid save."""
    found = Service.objects.get(name=SERVICE)
    return {
        "name": f"{SERVICE} (renommée)",
        "kind": found.kind,
        "organisation_name": found.organisation_name,
        "commune": found.commune,
        "postcode": found.postcode,
        "departement": str(found.departement_id),
        "phone": found.phone,
        "serves_adults": "on",
        "beds": str(found.beds),
        "published": "on",
    }


# Only authority A's managers and the administrator open A's service.
REGION_A = admin_side(reviewer=DENIED, manager_other=DENIED)

ROWS = [
    row(f"{NS}:index", **admin_side(reviewer=DENIED)),
    row(f"{NS}:index_results", **admin_side(reviewer=DENIED)),
    row(f"{NS}:add", **admin_side(reviewer=DENIED)),
    row(f"{NS}:edit", kwargs=service, **REGION_A),
    row(
        f"{NS}:edit",
        id=f"{NS}:edit-save",
        method="POST",
        note="a valid save of the service of authority A's region, renamed",
        kwargs=service,
        data=service_edit,
        **admin_side(
            reviewer=DENIED, manager=REDIRECT, manager_other=DENIED, admin=REDIRECT
        ),
    ),
    row(f"{NS}:delete", kwargs=service, **REGION_A),
    row(f"{NS}:history", kwargs=service, **REGION_A),
    row(f"{NS}:history_results", kwargs=service, **REGION_A),
    row(f"{NS}:usage", kwargs=service, **REGION_A),
    # « Importer un fichier FINESS »: each manager into their own region.
    row("directory_finess:import", **admin_side(reviewer=DENIED)),
]

LISTINGS = [
    Hidden(
        "directory_services-manager_other",
        f"{NS}:index_results",
        MANAGER_OTHER,
        lambda o: [SERVICE],
    ),
]
