"""The outcome of AAC-2024-BRE-FIL in the demo: eight dossiers, their reviews, the
selection committee and eight acceptances.

Facts, from ARS Bretagne's press release of 30 October 2025: eight territorial
projects were received, each carried by a multi-partner governance of six
families of actors; all eight filières were recognised (their names are the
press release's); more than 2.2 M€ a year funds them.

ILLUSTRATIVE, invented for the demo: the lead establishments and the partners
(every name is marked « fictif »), the people, the reviews, the committee's date
and members, which acceptances carry conditions, and the split of the 2.2 M€
envelope between the filières (montants indicatifs: 240 000 € to 310 000 € a
year, 2 200 000 € in all, the call's envelope; the press release gives no split).
The identifiers are synthetic (``governance.siret``).

The grid is ``common.FILIERE_GRID`` (weights 25, 20, 20, 10, 15, 10, each
criterion on 4): a reviewer's total on 100 is ``sum(weight * score) / 4``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from demo.dates import paris
from demo.specs import (
    SUBMITTED,
    AssignmentSpec,
    ConditionSpec,
    DecisionSpec,
    DossierSpec,
    ReviewSpec,
)
from demo.territories import BRETAGNE_FILIERES
from reviews.enums import CommitteeRole

from .bre_fil import SIX_FAMILIES

# The two reviewers of every dossier (ARS Bretagne's demo reviewers).
REVIEWERS = ("instructeur4", "instructeur5")
FAVOURABLE = "favourable"


def _partners(first_number: int, place: str) -> tuple[tuple[str, int, str], ...]:
    """One partner of each of the call's six families, named after ``place``,
    with synthetic SIRET numbers from ``first_number``."""
    names = (
        f"Équipe mobile de soins palliatifs {place} (fictive)",
        f"Clinique {place} (fictive)",
        f"Dispositif d'appui à la coordination {place} (fictif)",
        f"CPTS {place} (fictive)",
        f"EHPAD {place} (fictif)",
        f"Bénévoles d'accompagnement {place} (association fictive)",
    )
    return tuple(
        (name, first_number + i, family.value)
        for i, (name, family) in enumerate(zip(names, SIX_FAMILIES, strict=True))
    )


# (applicant key, lead's SIRET number, lead, filière code, partners' place), in
# the order they were submitted: references
# AAC-2024-BRE-FIL-0001 to -0008.
LEADS = (
    ("abers", 21, "Centre hospitalier des Abers (fictif)", "BRE-NF", "du Léon"),
    ("odet", 22, "Hôpital de l'Odet (fictif)", "BRE-COR", "de l'Odet"),
    ("scorff", 23, "Centre hospitalier du Scorff (fictif)", "BRE-LQ", "du Scorff"),
    ("golfe", 24, "Centre hospitalier du Golfe (fictif)", "BRE-BA", "du Golfe"),
    (
        "vilaine",
        25,
        "Centre hospitalier de la Vilaine (fictif)",
        "BRE-HB",
        "de la Vilaine",
    ),
    ("rance", 26, "Centre hospitalier de la Rance (fictif)", "BRE-SMD", "de la Rance"),
    ("gouet", 27, "Centre hospitalier du Gouët (fictif)", "BRE-ARM", "du Gouët"),
    ("argoat", 28, "Centre hospitalier de l'Argoat (fictif)", "BRE-CDB", "de l'Argoat"),
)

# A reviewer's comment on each criterion, in the grid's order, by score.
CRITERION_COMMENTS = (
    {
        4: "Les six familles d'acteurs sont engagées par écrit ; comité de pilotage "
        "installé, coordinateur désigné.",
        3: "Les six familles sont représentées ; le fonctionnement du comité de "
        "pilotage reste à préciser.",
        2: "Gouvernance encore en construction : engagements partiels.",
    },
    {
        4: "Diagnostic précis de l'offre (USP, LISP, EMSP, HAD) et des besoins.",
        3: "Diagnostic solide ; les zones rurales sont moins documentées.",
        2: "Diagnostic à compléter sur les besoins non couverts.",
    },
    {
        4: "Gradation lisible, continuité organisée le soir et le week-end.",
        3: "Gradation lisible ; la continuité de nuit reste à formaliser.",
        2: "L'accès direct à l'hospitalisation n'est pas organisé.",
    },
    {
        4: "Calendrier réaliste, recrutements déjà engagés.",
        3: "Calendrier réaliste, recrutements échelonnés.",
        2: "Calendrier serré au regard des recrutements prévus.",
    },
    {
        4: "Budget détaillé, cofinancements chiffrés.",
        3: "Budget cohérent avec les actions.",
        2: "Budget à détailler poste par poste.",
    },
    {
        4: "Indicateurs mesurables, avec valeur de départ et cible.",
        3: "Indicateurs pertinents ; le recueil reste à organiser.",
        2: "Indicateurs trop généraux.",
    },
)


def _reviews(first: tuple[int, ...], second: tuple[int, ...], comment: str):
    """The two reviewers' submitted, favourable reviews."""
    return tuple(
        AssignmentSpec(
            reviewer,
            SUBMITTED,
            ReviewSpec(
                scores=scores,
                comments=tuple(
                    texts[score]
                    for texts, score in zip(CRITERION_COMMENTS, scores, strict=True)
                ),
                comment=comment,
                recommendation=FAVOURABLE,
            ),
        )
        for reviewer, scores in zip(REVIEWERS, (first, second), strict=True)
    )


UNANIMOUS = "Avis favorable unanime du comité de sélection."

# Totals on 100 in the comments; every spread is below the threshold of 20.
DECISIONS = (
    DecisionSpec(
        dossier="abers",
        assignments=_reviews(
            (4, 4, 3, 3, 4, 3),  # 90
            (4, 3, 3, 3, 4, 3),  # 85
            "Filière déjà structurée autour de l'EMSP ; projet abouti.",
        ),
        amount=Decimal("300000.00"),
        opinion=UNANIMOUS,
    ),
    DecisionSpec(
        dossier="odet",
        assignments=_reviews(
            (4, 3, 4, 3, 3, 3),  # 86.25
            (3, 3, 4, 3, 3, 3),  # 80
            "Appui territorial bien conçu, ouvert le soir et le week-end.",
        ),
        amount=Decimal("290000.00"),
        opinion=UNANIMOUS,
    ),
    DecisionSpec(
        dossier="scorff",
        assignments=_reviews(
            (3, 3, 3, 3, 3, 3),  # 75
            (3, 3, 3, 4, 3, 3),  # 77.5
            "Projet équilibré entre les pays de Lorient et de Quimperlé.",
        ),
        amount=Decimal("270000.00"),
        opinion=UNANIMOUS,
    ),
    DecisionSpec(
        dossier="golfe",
        assignments=_reviews(
            (3, 3, 2, 3, 3, 2),  # 67.5
            (3, 3, 3, 2, 3, 2),  # 70
            "Projet pertinent ; continuité et charte à consolider.",
        ),
        amount=Decimal("280000.00"),
        opinion="Avis favorable du comité de sélection, sous conditions.",
        motivation=(
            "Les évaluations relèvent que l'accès direct à l'hospitalisation le soir "
            "et le week-end n'est pas encore organisé et que la charte de "
            "gouvernance n'est pas signée par l'ensemble des partenaires."
        ),
        conditions=(
            ConditionSpec(
                "Transmettre la charte de gouvernance signée par les six familles "
                "d'acteurs",
                due_in_days=90,
            ),
            ConditionSpec(
                "Décrire l'organisation de l'accès direct à l'hospitalisation le "
                "soir et le week-end",
                due_in_days=180,
            ),
        ),
    ),
    DecisionSpec(
        dossier="vilaine",
        assignments=_reviews(
            (4, 4, 4, 3, 3, 4),  # 93.75
            (4, 4, 3, 3, 3, 4),  # 88.75
            "Projet de référence, avec un volet pédiatrique.",
        ),
        amount=Decimal("310000.00"),
        opinion=UNANIMOUS,
    ),
    DecisionSpec(
        dossier="rance",
        assignments=_reviews(
            (2, 3, 3, 3, 3, 3),  # 68.75
            (3, 3, 3, 3, 2, 3),  # 71.25
            "Les acteurs du pays de Dinan sont encore peu engagés.",
        ),
        amount=Decimal("250000.00"),
        opinion="Avis favorable du comité de sélection, sous condition.",
        motivation=(
            "Le dossier associe les acteurs du pays de Saint-Malo ; ceux du pays de "
            "Dinan ne sont engagés que par des lettres d'intention."
        ),
        conditions=(
            ConditionSpec(
                "Transmettre les conventions signées avec les établissements et la "
                "CPTS du pays de Dinan",
                due_in_days=90,
            ),
        ),
    ),
    DecisionSpec(
        dossier="gouet",
        assignments=_reviews(
            (3, 4, 3, 3, 3, 3),  # 80
            (3, 3, 3, 3, 3, 4),  # 77.5
            "Diagnostic approfondi ; réponse graduée crédible.",
        ),
        amount=Decimal("260000.00"),
        opinion=UNANIMOUS,
    ),
    DecisionSpec(
        dossier="argoat",
        assignments=_reviews(
            (3, 3, 3, 2, 3, 3),  # 72.5
            (3, 2, 3, 3, 3, 3),  # 70
            "Territoire rural étendu ; le coordinateur reste à recruter.",
        ),
        amount=Decimal("240000.00"),
        opinion="Avis favorable du comité de sélection, sous condition.",
        motivation=(
            "Le recrutement du coordinateur de l'appui territorial, dont dépend le "
            "fonctionnement de la filière, n'est pas encore engagé."
        ),
        conditions=(
            ConditionSpec(
                "Désigner le coordinateur de l'appui territorial", due_in_days=120
            ),
        ),
    ),
)

# The selection committee, three weeks before the announcement of 30 October 2025.
COMMITTEE_HELD_AT: datetime = paris(2025, 10, 9, 14)
COMMITTEE_PLACE = "ARS Bretagne, Rennes"
# (demo account's username or a person's name, role, organisation)
COMMITTEE_MEMBERS = (
    (
        "Hélène Tanguy",
        CommitteeRole.CHAIR,
        "ARS Bretagne, direction de l'offre de soins (fictive)",
    ),
    ("gestionnaire", CommitteeRole.SECRETARY, "ARS Bretagne"),
    ("instructeur4", CommitteeRole.REVIEWER, "ARS Bretagne"),
    ("instructeur5", CommitteeRole.REVIEWER, "ARS Bretagne"),
    (
        "Dr Loïc Morvan",
        CommitteeRole.EXPERT,
        "Cellule d'animation régionale de soins palliatifs (fictif)",
    ),
)
# Each acceptance funds a year of the filière.
DURATION_MONTHS = 12

_AMOUNTS = {decision.dossier: decision.amount for decision in DECISIONS}
_NAMES = {code: name for code, name, _parent in BRETAGNE_FILIERES}
DOSSIERS = tuple(
    DossierSpec(
        key=key,
        number=number,
        organisation=lead,
        filiere=code,
        title=f"Filière territoriale de soins palliatifs {_NAMES[code]}",
        partners=_partners(700 + 10 * (number - 20), place),
        amount=_AMOUNTS[key],
    )
    for key, number, lead, code, place in LEADS
)
