"""The datasets' columns, and one record (JSON) or row (CSV) per item.

The JSON record and the CSV row carry the same fields under the same names;
where the JSON holds a list (territories, partners), the CSV cell joins its
items with `` ; ``. ``docs/opendata.md`` lists every column: change both
together (the tests assert the exact columns).
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse
from django.utils.translation import gettext as _

from core.time import in_paris
from reviews.selectors.results import CallFigures, Laureate

JOIN = " ; "

FIGURE_COLUMNS = [
    "dossiers_recus",
    "dossiers_admissibles",
    "dossiers_retenus",
    "montant_demande",
    "montant_attribue",
    "delai_median_jours",
]

CALL_COLUMNS = [
    "reference",
    "titre",
    "type",
    "type_libelle",
    "autorite",
    "autorite_slug",
    "region",
    "ouverture",
    "cloture",
    "enveloppe",
    "laureats_attendus",
    "territoires",
    "page",
    "resultats_publies",
    "resultats",
    *FIGURE_COLUMNS,
]

RESULT_COLUMNS = [
    "appel",
    "dossier",
    "projet",
    "porteur",
    "siret_porteur",
    "decision",
    "decision_libelle",
    "montant",
    "duree_mois",
    "date_decision",
    "territoires",
    "departements",
    "partenaires",
    "nombre_partenaires",
]


def figures_record(figures: CallFigures | None) -> dict:
    """The call's figures (all ``None`` before its results are released)."""
    if figures is None:
        return dict.fromkeys(FIGURE_COLUMNS)
    return {
        "dossiers_recus": figures.received,
        "dossiers_admissibles": figures.admissible,
        "dossiers_retenus": figures.accepted,
        "montant_demande": figures.requested,
        "montant_attribue": figures.awarded,
        "delai_median_jours": figures.median_days,
    }


def _territory(territory) -> dict:
    return {"code": territory.code, "nom": territory.name, "niveau": territory.level}


def call_record(
    page, *, figures: CallFigures | None, absolute: Callable[[str], str]
) -> dict:
    """A call as the open data shows it; ``absolute(path)`` makes a URL."""
    call = page.call
    released = bool(page.results_released)
    return {
        "reference": call.reference,
        "titre": call.title,
        "type": call.kind,
        "type_libelle": str(call.get_kind_display()),
        "autorite": call.authority.name,
        "autorite_slug": call.authority.slug,
        "region": call.authority.region.name,
        "ouverture": call.opens_at,
        "cloture": call.closes_at,
        "enveloppe": call.envelope,
        "laureats_attendus": call.expected_laureates,
        "territoires": [_territory(t) for t in call.territories.all()],
        "page": absolute(page.url or ""),
        "resultats_publies": released,
        "resultats": absolute(reverse("opendata:api_results", args=[call.reference]))
        if released
        else None,
        **figures_record(figures if released else None),
    }


def call_csv_row(record: dict) -> list:
    row = dict(record)
    row["territoires"] = JOIN.join(
        f"{t['nom']} ({t['code']})" for t in record["territoires"]
    )
    return [row[column] for column in CALL_COLUMNS]


def laureate_record(laureate: Laureate, call_reference: str) -> dict:
    """A laureate: organisations only (see ``reviews.selectors.results``)."""
    return {
        "appel": call_reference,
        "dossier": laureate.reference,
        "projet": laureate.title,
        "porteur": laureate.organisation,
        "siret_porteur": laureate.siret,
        "decision": laureate.outcome,
        "decision_libelle": laureate.outcome_label,
        "montant": laureate.amount,
        "duree_mois": laureate.duration_months,
        "date_decision": in_paris(laureate.released_at).date(),
        "territoires": [_territory(t) for t in laureate.territories],
        "departements": [t.code for t in laureate.departements],
        "partenaires": [
            {"nom": p.name, "famille": p.family, "famille_libelle": p.family_label}
            for p in laureate.partners
        ],
        "partenaires_comptes": [
            {"famille": c.family, "famille_libelle": c.family_label, "nombre": c.count}
            for c in laureate.counted
        ],
        "nombre_partenaires": laureate.partner_count,
    }


def laureate_csv_row(record: dict) -> list:
    row = dict(record)
    row["territoires"] = JOIN.join(
        f"{t['nom']} ({t['code']})" for t in record["territoires"]
    )
    row["departements"] = JOIN.join(record["departements"])
    row["partenaires"] = JOIN.join(
        [
            _("%(name)s — %(family)s")
            % {"name": p["nom"], "family": p["famille_libelle"]}
            for p in record["partenaires"]
        ]
        + [
            _("%(count)d unnamed — %(family)s")
            % {"count": c["nombre"], "family": c["famille_libelle"]}
            for c in record["partenaires_comptes"]
        ]
    )
    return [row[column] for column in RESULT_COLUMNS]
