"""The « Résultats » section of a call page: shown once the call's decisions
are released (``reviews.selectors.results``), rendered once and kept in
Django's cache.

The cache key holds the results' version (``ResultsState.version``: the
call's latest release batch, the number of its letters sent, the time of the
last one, the call's last change) and the language: a release, a correction
(a new batch, then its letter sent) or an edit of the call makes a new key, so
a page never shows stale results; old keys expire after ``CACHE_SECONDS``.
Before release nothing is cached and nothing shows. Reading the version costs
one query per page view; rendering the section, a few more, once per version.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from calls.models import Territory
from core.maps import LegendEntry, MapArea, departements_map
from core.opendata import LICENCE
from reviews.selectors.results import (
    CallResults,
    Laureate,
    call_results,
    results_state,
)

CACHE_SECONDS = 24 * 3600
TEMPLATE = "cms/results/section.html"
RECOGNISED = "recognised"
NOT_RECOGNISED = "not_recognised"


def results_cache_key(call, version: str) -> str:
    return f"cms:call-results:{call.pk}:{version}:{get_language() or '-'}"


def results_map(results: CallResults):
    """The départements of the call's territories, those a recognised filière
    covers marked so (in words in each label, and in the legend); ``None``
    for a call other than a filière call, or without a département to draw."""
    if not results.is_filiere_call:
        return None
    covering: dict[int, list[str]] = {}
    for filiere, _laureate in results.recognised_filieres:
        covering.setdefault(filiere.parent_id, []).append(filiere.name)
    for departement, laureates in results.departements:
        covering.setdefault(departement.pk, [])
        for laureate in laureates:
            if not laureate.filieres:
                covering[departement.pk].append(laureate.organisation)
    departements = {d.pk: d for d in results.scope}
    departements.update({d.pk: d for d, _l in results.departements})
    if not departements:
        return None
    areas = []
    for departement in sorted(departements.values(), key=lambda d: d.code):
        names = sorted(set(covering.get(departement.pk, ())), key=str.casefold)
        if departement.pk in covering:
            label = _("%(departement)s: covered by %(names)s") % {
                "departement": departement,
                "names": ", ".join(names),
            }
            category = RECOGNISED
        else:
            label = _("%(departement)s: no recognised filière") % {
                "departement": departement
            }
            category = NOT_RECOGNISED
        areas.append(
            MapArea(code=departement.code, label=label, category=category, href="")
        )
    return departements_map(
        areas,
        title=_("Départements covered by the recognised filières"),
        description=_(
            "The exact outline of a filière is not known: the map shows the "
            "départements it covers."
        ),
        legend=(
            LegendEntry(key=RECOGNISED, label=_("Covered by a recognised filière")),
            LegendEntry(key=NOT_RECOGNISED, label=_("No recognised filière")),
        ),
        dom_id="carte-resultats",
    )


@dataclass(frozen=True)
class FiliereRow:
    filiere: Territory
    laureate: Laureate
    departement: Territory | None  # None: it straddles départements


def filiere_rows(results: CallResults) -> list[FiliereRow]:
    rows = []
    for filiere, laureate in results.recognised_filieres:
        found = [d for d in laureate.departements if d.pk == filiere.parent_id]
        rows.append(FiliereRow(filiere, laureate, found[0] if found else None))
    return rows


def results_template_context(results: CallResults) -> dict:
    rows = filiere_rows(results)
    return {
        "results": results,
        "call": results.call,
        "figures": results.figures,
        "filiere_rows": rows,
        "straddling": [row.filiere.name for row in rows if row.departement is None],
        "results_map": results_map(results),
        "licence": LICENCE,
    }


def call_results_html(call, request) -> SafeString | None:
    """The section's HTML, from the cache when its version is there; ``None``
    before release."""
    state = results_state(call)
    if not state.released:
        return None
    key = results_cache_key(call, state.version)
    html = cache.get(key)
    if html is None:
        results = call_results(call, state=state)
        if results is None:  # pragma: no cover - the state said released
            return None
        html = str(
            render_to_string(TEMPLATE, results_template_context(results), request)
        )
        cache.set(key, html, CACHE_SECONDS)
    return mark_safe(html)  # rendered by our template, escaped there
