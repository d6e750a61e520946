"""The directory's map: each département that has services, with how many of
them match the current search, drawn by ``core.maps``.

``search_map_areas`` is pure (territories and counts in, areas out) so that its
labels, categories and links are tested without drawing anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.maps import LegendEntry, MapArea, departements_map

# Categories by number of matching services: (key, lowest count), highest first.
BANDS = (("many", 10), ("several", 5), ("some", 1), ("none", 0))


def count_category(count: int) -> str:
    return next(key for key, lowest in BANDS if count >= lowest)


def legend() -> tuple[LegendEntry, ...]:
    return (
        LegendEntry("none", _("No matching service")),
        LegendEntry("some", _("1 to 4 services")),
        LegendEntry("several", _("5 to 9 services")),
        LegendEntry("many", _("10 services or more")),
    )


def area_label(name: str, code: str, count: int) -> str:
    services = ngettext("%(count)s service", "%(count)s services", count) % {
        "count": count
    }
    return _("%(name)s (%(code)s): %(services)s") % {
        "name": name,
        "code": code,
        "services": services,
    }


def search_map_areas(
    departements: Iterable, counts: dict[int, int], link: Callable[[object], str]
) -> list[MapArea]:
    """One area per département of ``departements`` (those that have services),
    labelled with its count of matching services and linked by ``link``."""
    areas = []
    for departement in departements:
        count = counts.get(departement.pk, 0)
        areas.append(
            MapArea(
                code=departement.code,
                label=area_label(departement.name, departement.code, count),
                category=count_category(count),
                href=link(departement),
            )
        )
    return areas


def search_map(areas: list[MapArea]):
    return departements_map(
        areas,
        title=_("Matching services by département"),
        description=_(
            "Each département of the directory shows how many services match the "
            "search; choose one to narrow the search to it."
        ),
        legend=legend(),
        dom_id="carte-annuaire",
    )
