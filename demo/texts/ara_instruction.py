"""The instruction of AAC-2026-ARA-FIL in the demo: four more dossiers, who reviews
what, the reviewers' scores and comments, a declared conflict of interest, a
declaration of interests and the reviewers' thread where they disagree.

ALL ILLUSTRATIVE: the establishments, the partners, the people and the comments
are invented for the demo; the identifiers are synthetic. The scores follow the
call's grid (``common.FILIERE_GRID``: weights 25, 20, 20, 10, 15, 10, each
criterion scored 0 to 4), so a reviewer's total on 100 is ``sum(weight * score) /
4``. Dossier by dossier (``instructeur``, ``instructeur2``, ``instructeur3``):

- 0001: 72.5 and 67.5, both submitted (spread 5: ready to be completed);
- 0002: 86.25 and 52.5 (``instructeur2``, ``instructeur3``), both submitted:
  spread 33.75, above the threshold of 20, flagged; the two reviewers discuss it;
- 0004: 66.25 submitted (``instructeur3``), a draft (``instructeur``);
- 0005: to attest (``instructeur``), attested (``instructeur2``);
- 0006: 68.75 submitted (``instructeur2``), a conflict declared
  (``instructeur3``), and its replacement to attest (``instructeur``);
- 0007: 42.5 submitted (``instructeur2``), a draft (``instructeur3``).

``instructeur`` has declared an interest in a partner of 0007, so Sillon refuses
to assign her to it.
"""

from __future__ import annotations

from datetime import date

from calls.enums import PartnerCategory as P
from demo.specs import (
    ACCEPTED,
    CONFLICT,
    DRAFT,
    PENDING,
    SUBMITTED,
    AssignmentSpec,
    DossierSpec,
    InstructionSpec,
    InterestSpec,
    ReviewSpec,
)

# The six families every filière dossier must bring together, in this order.
FAMILIES = (
    P.EXPERT_TEAM.value,
    P.HEALTH_ESTABLISHMENT.value,
    P.COORDINATION.value,
    P.CITY_PROFESSIONALS.value,
    P.MEDICO_SOCIAL.value,
    P.HAD.value,
)


def _partners(first_number: int, *names: str) -> tuple[tuple[str, int, str], ...]:
    """One partner per family, with synthetic SIRET numbers from ``first_number``."""
    return tuple(
        (name, first_number + i, family)
        for i, (name, family) in enumerate(zip(names, FAMILIES, strict=True))
    )


# Created after the three governance dossiers: references 0004 to 0007.
DOSSIERS = (
    DossierSpec(
        key="gresivaudan",
        number=11,
        organisation="Centre hospitalier du Grésivaudan (fictif)",
        filiere="ARA-38S",
        title="Filière palliative Grenoble et Sud-Isère",
        partners=_partners(
            610,
            "Équipe mobile de soins palliatifs des Alpes (fictive)",
            "Clinique du Vercors (fictive)",
            "DAC Sud-Isère (fictif)",
            "CPTS du Grésivaudan (fictive)",
            "EHPAD Le Belvédère (fictif)",
            "HAD Dauphiné (fictive)",
        ),
    ),
    DossierSpec(
        key="dombes",
        number=12,
        organisation="Centre hospitalier de la Dombes (fictif)",
        filiere="ARA-01",
        title="Filière palliative de l'Ain",
        partners=_partners(
            620,
            "Équipe mobile de soins palliatifs de Bresse (fictive)",
            "Clinique du Revermont (fictive)",
            "DAC de l'Ain (fictif)",
            "CPTS Bresse-Revermont (fictive)",
            "EHPAD Les Saules (fictif)",
            "HAD Ain-Val de Saône (fictive)",
        ),
    ),
    DossierSpec(
        key="deux-lacs",
        number=13,
        organisation="Centre hospitalier des Deux Lacs (fictif)",
        filiere="ARA-73",
        title="Filière palliative de Savoie",
        partners=_partners(
            630,
            "Équipe mobile de soins palliatifs de Maurienne (fictive)",
            "Clinique de la Tarentaise (fictive)",
            "DAC Savoie (fictif)",
            "CPTS du Bassin chambérien (fictive)",
            "EHPAD La Combe (fictif)",
            "HAD des Savoie (fictive)",
        ),
    ),
    DossierSpec(
        key="arve",
        number=14,
        organisation="Hôpitaux du Pays de l'Arve (fictifs)",
        filiere="ARA-74",
        title="Filière palliative de Haute-Savoie",
        partners=_partners(
            640,
            "Équipe mobile de soins palliatifs du Genevois (fictive)",
            "Clinique du Salève (fictive)",
            "DAC Haute-Savoie (fictif)",
            "CPTS du Chablais (fictive)",
            "EHPAD Les Edelweiss (fictif)",
            "HAD Léman-Mont-Blanc (fictive)",
        ),
    ),
)

# ``instructeur`` sits on the board of the association that runs a partner of the
# Haute-Savoie dossier (SIRET number 641: « Clinique du Salève »).
INTERESTS = (
    InterestSpec(
        reviewer="instructeur",
        organisation="Clinique du Salève (fictive)",
        number=641,
        nature="governance",
        details=(
            "Membre du conseil d'administration de l'association gestionnaire de "
            "la clinique depuis 2021, à titre bénévole [illustratif]."
        ),
        since=date(2021, 6, 1),
    ),
)

FAVOURABLE, RESERVED, UNFAVOURABLE = "favourable", "reserved", "unfavourable"

# Each ReviewSpec lists, in the grid's order: governance and commitment (25),
# diagnosis (20), graded organisation and continuity (20), feasibility (10),
# budget (15), indicators (10).

LYON = InstructionSpec(
    dossier="lyon",
    assignments=(
        AssignmentSpec(
            "instructeur",
            SUBMITTED,
            ReviewSpec(
                scores=(3, 3, 3, 2, 3, 3),  # 72.5
                comments=(
                    "Les six familles d'acteurs sont représentées et ont confirmé "
                    "leur engagement. Le comité de pilotage est installé ; un "
                    "rythme trimestriel est prévu.",
                    "Diagnostic solide sur la métropole (offre USP, LISP, EMSP et HAD "
                    "décrite). Les communes rurales du nord du département sont "
                    "moins documentées.",
                    "Gradation lisible de la proximité à l'expertise. L'astreinte du "
                    "soir et du week-end reste à formaliser avec la HAD.",
                    "Calendrier serré : le coordinateur doit être recruté au premier "
                    "trimestre, sans solution de repli si le poste reste vacant.",
                    "Budget détaillé et cohérent avec les actions ; les "
                    "cofinancements sont identifiés.",
                    "Indicateurs mesurables, chacun avec une valeur de départ et une "
                    "cible à trois ans.",
                ),
                comment=(
                    "Dossier abouti, porté par des acteurs qui travaillent déjà "
                    "ensemble. Deux points de vigilance : la couverture des communes "
                    "rurales et la continuité des prises en charge le week-end."
                ),
                recommendation=FAVOURABLE,
            ),
        ),
        AssignmentSpec(
            "instructeur2",
            SUBMITTED,
            ReviewSpec(
                scores=(3, 3, 2, 3, 3, 2),  # 67.5
                comments=(
                    "Gouvernance complète et engagements confirmés ; la place des "
                    "représentants des usagers mériterait d'être précisée.",
                    "Besoins bien objectivés à partir des données de l'observatoire "
                    "régional.",
                    "La continuité de nuit repose sur la seule HAD ; l'accès direct "
                    "à l'hospitalisation n'est pas décrit pour les patients suivis à "
                    "domicile.",
                    "Étapes réalistes, recrutements échelonnés sur dix-huit mois.",
                    "Budget sincère ; la part de cofinancement des établissements "
                    "est modeste mais chiffrée.",
                    "Indicateurs pertinents, mais le recueil des décès au lieu "
                    "souhaité n'est pas organisé.",
                ),
                comment=(
                    "Projet solide et bien construit. Avis favorable, en demandant au "
                    "porteur de préciser l'organisation de la continuité la nuit."
                ),
                recommendation=FAVOURABLE,
            ),
        ),
    ),
)

BEAUJOLAIS = InstructionSpec(
    dossier="beaujolais",
    assignments=(
        AssignmentSpec(
            "instructeur2",
            SUBMITTED,
            ReviewSpec(
                scores=(4, 3, 4, 3, 3, 3),  # 86.25
                comments=(
                    "Engagement remarquable : lettres signées des six familles, "
                    "convention de gouvernance jointe, coordination confiée à un "
                    "binôme médecin et cadre de santé.",
                    "Diagnostic précis, qui part des parcours réels des patients du "
                    "nord du Rhône.",
                    "Organisation graduée exemplaire : astreinte médicale mutualisée "
                    "le soir et le week-end, lits identifiés pour une hospitalisation "
                    "directe.",
                    "Calendrier crédible ; les premiers recrutements sont engagés.",
                    "Budget cohérent ; le temps de coordination est financé sur les "
                    "trois années.",
                    "Indicateurs suivis chaque trimestre en comité de pilotage.",
                ),
                comment=(
                    "Un des dossiers les plus aboutis de l'appel : gouvernance réelle, "
                    "organisation lisible, budget sincère. Avis favorable sans "
                    "réserve."
                ),
                recommendation=FAVOURABLE,
            ),
        ),
        AssignmentSpec(
            "instructeur3",
            SUBMITTED,
            ReviewSpec(
                scores=(2, 2, 2, 3, 2, 2),  # 52.5
                comments=(
                    "Les lettres d'engagement sont là, mais le comité de pilotage ne "
                    "s'est réuni qu'une fois et son fonctionnement reste théorique.",
                    "Le diagnostic reprend des données de 2019 et ne dit rien des "
                    "besoins en EHPAD.",
                    "L'astreinte mutualisée est annoncée sans planning ni convention "
                    "entre les établissements.",
                    "Étapes réalistes.",
                    "Au-delà de la première année, le temps de coordination dépend "
                    "d'une subvention qui n'est pas encore obtenue.",
                    "Indicateurs listés sans valeur de départ ni cible.",
                ),
                comment=(
                    "Projet intéressant mais encore déclaratif. Avis réservé : il "
                    "faudrait obtenir la convention d'astreinte et un plan de "
                    "financement consolidé avant la commission."
                ),
                recommendation=RESERVED,
            ),
        ),
    ),
    thread=(
        (
            "instructeur2",
            "Nos totaux s'écartent de plus de trente points. J'ai lu la convention "
            "de gouvernance jointe comme la preuve d'un fonctionnement déjà réel : "
            "qu'est-ce qui vous a conduite à 2 sur ce critère ?",
        ),
        (
            "instructeur3",
            "La convention est signée, mais le compte rendu joint montre que le "
            "comité ne s'est réuni qu'une fois, pour l'adopter. Je propose que le "
            "gestionnaire demande au porteur le calendrier de ses prochaines "
            "réunions avant la commission.",
        ),
    ),
)

GRESIVAUDAN = InstructionSpec(
    dossier="gresivaudan",
    assignments=(
        AssignmentSpec(
            "instructeur3",
            SUBMITTED,
            ReviewSpec(
                scores=(3, 2, 3, 3, 2, 3),  # 66.25
                comments=(
                    "Six familles représentées ; la CPTS et la HAD ont confirmé, le "
                    "comité de pilotage est en place.",
                    "Diagnostic centré sur l'agglomération grenobloise ; les vallées "
                    "du Sud-Isère sont peu décrites.",
                    "Bonne articulation entre l'EMSP et la HAD ; une ligne d'appui "
                    "aux médecins traitants est prévue en semaine et le week-end.",
                    "Calendrier réaliste, phasé sur trois ans.",
                    "Les dépenses informatiques paraissent élevées au regard des "
                    "actions décrites.",
                    "Indicateurs mesurables, recueillis par le DAC.",
                ),
                comment=(
                    "Bon dossier, dont la couverture des zones de montagne reste à "
                    "démontrer. Avis favorable."
                ),
                recommendation=FAVOURABLE,
            ),
        ),
        AssignmentSpec(
            "instructeur",
            DRAFT,
            ReviewSpec(
                scores=(3, 2, None, None, None, None),
                comments=(
                    "Gouvernance complète ; vérifier la lettre d'engagement de "
                    "l'EHPAD.",
                    "Diagnostic à compléter sur les vallées du Sud-Isère.",
                    "",
                    "",
                    "",
                    "",
                ),
            ),
        ),
    ),
)

DOMBES = InstructionSpec(
    dossier="dombes",
    assignments=(
        AssignmentSpec("instructeur", PENDING),
        AssignmentSpec("instructeur2", ACCEPTED),
    ),
)

DEUX_LACS = InstructionSpec(
    dossier="deux-lacs",
    assignments=(
        AssignmentSpec(
            "instructeur2",
            SUBMITTED,
            ReviewSpec(
                scores=(3, 3, 3, 3, 2, 2),  # 68.75
                comments=(
                    "Gouvernance en place, portée par le centre hospitalier et le "
                    "DAC ; l'EHPAD partenaire s'est engagé tardivement.",
                    "Diagnostic complet, vallée par vallée, avec les temps d'accès à "
                    "l'unité de soins palliatifs.",
                    "Organisation graduée adaptée à la montagne, avec des "
                    "téléconsultations de l'EMSP.",
                    "Calendrier cohérent avec les saisons touristiques.",
                    "Budget cohérent, sans cofinancement du département.",
                    "Les indicateurs ne mesurent pas les délais d'intervention de "
                    "l'EMSP, pourtant décisifs en montagne.",
                ),
                comment=(
                    "Projet adapté au territoire et réaliste. Avis favorable ; à "
                    "surveiller : le financement après la deuxième année."
                ),
                recommendation=FAVOURABLE,
            ),
        ),
        AssignmentSpec(
            "instructeur3",
            CONFLICT,
            conflict_reason=(
                "Jusqu'en 2024, j'ai assuré des vacations de médecin dans l'équipe "
                "mobile de soins palliatifs partenaire de ce dossier. La mission est "
                "terminée, mais je préfère ne pas l'évaluer."
            ),
        ),
        # The manager's replacement for the conflicted reviewer.
        AssignmentSpec("instructeur", PENDING),
    ),
)

ARVE = InstructionSpec(
    dossier="arve",
    assignments=(
        AssignmentSpec(
            "instructeur2",
            SUBMITTED,
            ReviewSpec(
                scores=(2, 1, 2, 2, 2, 1),  # 42.5
                comments=(
                    "Les familles d'acteurs sont présentes, mais la HAD et la CPTS "
                    "n'ont pas encore désigné leur représentant au comité de "
                    "pilotage.",
                    "Le diagnostic se limite à un inventaire de l'offre ; les besoins "
                    "non couverts, notamment dans le Chablais, ne sont pas analysés.",
                    "La gradation est décrite ; la continuité du week-end repose sur "
                    "la bonne volonté des équipes.",
                    "Calendrier ambitieux au regard des recrutements annoncés.",
                    "Budget peu détaillé sur les actions de formation.",
                    "Aucun indicateur chiffré : le dossier renvoie à une évaluation "
                    "« à définir ».",
                ),
                comment=(
                    "Le projet a le mérite de réunir les acteurs, mais il en reste au "
                    "stade des intentions : diagnostic à approfondir, indicateurs à "
                    "construire. Avis défavorable en l'état."
                ),
                recommendation=UNFAVOURABLE,
            ),
        ),
        AssignmentSpec(
            "instructeur3",
            DRAFT,
            ReviewSpec(
                scores=(2, 2, None, None, None, None),
                comments=(
                    "Gouvernance en construction : deux représentants restent à "
                    "désigner.",
                    "Diagnostic succinct ; relire les annexes avant de noter la suite.",
                    "",
                    "",
                    "",
                    "",
                ),
            ),
        ),
    ),
)

# In the order the manager worked.
INSTRUCTION = (LYON, BEAUJOLAIS, GRESIVAUDAN, DOMBES, DEUX_LACS, ARVE)
