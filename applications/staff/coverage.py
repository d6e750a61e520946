"""Coverage and overlaps of a call's dossiers, for its managers (Wagtail admin).

The index lists the calls the manager acts on; the call page shows the overlaps
between competing dossiers, the coverage table and a map of the départements of
the call's territories (``core.maps``). The figures come from
``applications.coverage`` (pure); this module loads the rows in a fixed number
of queries and turns them into map areas.

A filière's exact outline is not known: the map shows it through the
département it belongs to. Each département is shaded by the state of the call's
territories inside it (the département itself, or its filières): an overlap
first, then a territory not covered, then recognised when all are, else covered.
A filière hung on a région (it straddles départements) and a région without
département in the tree are not drawn: the page lists them under the map.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.http import Http404
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from calls.enums import TerritoryLevel
from calls.models import Call
from core.maps import DepartementsMap, LegendEntry, MapArea, departements_map

from ..coverage import CoverageRow, TerritoryTree
from .listing import ManagerRequiredMixin
from .selectors import call_for_manager, calls_with_counts, coverage_for_call

RECOGNISED, COVERED, OVERLAP, UNCOVERED = (
    "recognised",
    "covered",
    "overlap",
    "uncovered",
)
MAP_DESCRIPTION = gettext_noop(
    "The départements of the call's territories, each shaded by the coverage "
    "of the call's territories inside it. A filière's exact outline is not "
    "known: it is shown through the département it belongs to. "
    "%(total)s départements: %(recognised)s recognised, %(covered)s covered "
    "by one dossier, %(overlap)s with an overlap, %(uncovered)s not covered "
    "in whole or in part."
)


# The map ----------------------------------------------------------------------


def coverage_legend() -> list[LegendEntry]:
    return [
        LegendEntry(
            RECOGNISED,
            gettext("Recognised: every territory covered by an accepted dossier"),
        ),
        LegendEntry(COVERED, gettext("Covered by one competing dossier")),
        LegendEntry(
            OVERLAP, gettext("Overlap: a territory claimed by 2 dossiers or more")
        ),
        LegendEntry(UNCOVERED, gettext("Not covered, in whole or in part")),
    ]


def row_anchor(row: CoverageRow) -> str:
    """The id of the row's line in the coverage table."""
    return f"couverture-{slugify(row.territory.code)}"


def departement_state(rows: list[CoverageRow]) -> str:
    if any(row.is_overlap for row in rows):
        return OVERLAP
    if not all(row.is_covered for row in rows):
        return UNCOVERED
    if all(row.is_recognised for row in rows):
        return RECOGNISED
    return COVERED


def _references(applications) -> str:
    return ", ".join(application.reference for application in applications)


def row_sentence(row: CoverageRow) -> str:
    """One territory of a département, for the area's label."""
    if row.territory.level == TerritoryLevel.FILIERE:
        territory = gettext("Filière %(name)s") % {"name": row.territory.name}
    elif row.territory.level == TerritoryLevel.REGION:
        territory = gettext("The whole région %(name)s") % {"name": row.territory.name}
    else:
        territory = gettext("The whole département")
    if not row.covers:
        return gettext("%(territory)s: no dossier.") % {"territory": territory}
    sentence = ngettext(
        "%(territory)s: %(count)s dossier (%(references)s).",
        "%(territory)s: %(count)s dossiers (%(references)s).",
        row.count,
    ) % {
        "territory": territory,
        "count": row.count,
        "references": _references(cover.application for cover in row.covers),
    }
    if row.is_recognised:
        sentence += " " + gettext("Recognised (%(references)s).") % {
            "references": _references(row.recognised_by)
        }
    return sentence


def _departement_of(tree: TerritoryTree, territory):
    for candidate in [territory, *tree.ancestors(territory)]:
        if candidate.level == TerritoryLevel.DEPARTEMENT:
            return candidate
    return None


def rows_by_departement(
    tree: TerritoryTree, rows: list[CoverageRow]
) -> tuple[dict, list[CoverageRow]]:
    """Département → its rows (the call's territories inside it), and the rows
    that no département holds. A région's row stands for those of its
    départements that no other row describes."""
    found: dict = defaultdict(list)
    regions, unplaced = [], []
    for row in rows:
        if row.territory.level == TerritoryLevel.REGION:
            regions.append(row)
            continue
        departement = _departement_of(tree, row.territory)
        if departement is None:
            unplaced.append(row)
        else:
            found[departement].append(row)
    for row in regions:
        below = [
            child
            for child in tree.children[row.territory.pk]
            if child.level == TerritoryLevel.DEPARTEMENT
        ]
        for departement in below:
            if departement not in found:
                found[departement].append(row)
        if not below:
            unplaced.append(row)
    return dict(found), unplaced


@dataclass(frozen=True)
class CoverageMap:
    map: DepartementsMap
    unplaced: list[CoverageRow]


def coverage_map(
    tree: TerritoryTree, rows: list[CoverageRow], *, call
) -> CoverageMap | None:
    """The départements of the call's territories, shaded by their coverage;
    None when no row lies in a département."""
    by_departement, unplaced = rows_by_departement(tree, rows)
    if not by_departement:
        return None
    legend = coverage_legend()
    labels = {entry.key: entry.label for entry in legend}
    areas, states = [], defaultdict(int)
    for departement, found in by_departement.items():
        state = departement_state(found)
        states[state] += 1
        heading = gettext("%(departement)s — %(state)s.") % {
            "departement": str(departement),
            "state": labels[state],
        }
        areas.append(
            MapArea(
                code=departement.code,
                label=" ".join([heading, *(row_sentence(row) for row in found)]),
                category=state,
                href="#" + row_anchor(found[0]),
            )
        )
    description = gettext(MAP_DESCRIPTION) % {
        "total": len(areas),
        **{key: states[key] for key in labels},
    }
    return CoverageMap(
        map=departements_map(
            areas,
            title=gettext("Map of the coverage of %(call)s") % {"call": call.reference},
            description=description,
            legend=legend,
            dom_id="carte-couverture",
        ),
        unplaced=unplaced,
    )


# Views ----------------------------------------------------------------------------


class CoverageIndexView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/staff/coverage/index.html"
    page_title = _("Coverage and overlaps")
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calls"] = list(calls_with_counts(self.request.user))
        return context


class CallCoverageView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/staff/coverage/call.html"
    header_icon = "site"

    def get(self, request, *args, **kwargs):
        try:
            self.call = call_for_manager(request.user, kwargs["call_pk"])
        except Call.DoesNotExist:
            raise Http404 from None
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Coverage and overlaps: %(call)s") % {
            "call": self.call.reference
        }

    def get_page_subtitle(self):
        return self.call.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("dossiers_admin:coverage_index"),
                "label": _("Coverage and overlaps"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree, coverage = coverage_for_call(self.request.user, self.call)
        context.update(
            call=self.call,
            coverage=coverage,
            coverage_map=coverage_map(tree, coverage.rows, call=self.call),
            dossiers_url=reverse("dossiers_admin:index") + f"?call={self.call.pk}",
        )
        return context
