"""AAC-2024-BRE-FIL: recognition of the Bretagne filières (closed).

Facts from ARS Bretagne's press release of 30 October 2025: campaign launched in
September 2024, six families of actors, eight projects received and recognised,
more than 2.2 M€ a year and what it funds. The exact opening and closing days,
the lead category and the grid are illustrative.
"""

from __future__ import annotations

from decimal import Decimal

from calls.enums import CallKind, PartnerCategory, TerritoryLevel
from demo.authorities import ARS_BRETAGNE
from demo.dates import fixed, paris
from demo.specs import CallSpec, RuleSpec
from demo.streams import (
    amount,
    budget_table,
    callout,
    choice,
    date,
    faq_item,
    file,
    heading,
    long_text,
    multiple_choice,
    number,
    paragraph,
    section,
    short_text,
    territory,
)
from demo.territories import BRETAGNE_FILIERE_KEYS

from .common import (
    ADMINISTRATIVE_DOCUMENTS,
    BUDGET_YEARS,
    COMMITMENT_LETTERS,
    COORDINATOR_CV,
    DEMO_NOTICE,
    FILIERE_GRID,
    GOVERNANCE_CHARTER,
    PDF,
    PROVISIONAL_BUDGET,
)

SIX_FAMILIES = (
    PartnerCategory.EXPERT_TEAM,
    PartnerCategory.HEALTH_ESTABLISHMENT,
    PartnerCategory.COORDINATION,
    PartnerCategory.CITY_PROFESSIONALS,
    PartnerCategory.MEDICO_SOCIAL,
    PartnerCategory.VOLUNTEERS,
)

FUNDED_ACTIONS = (
    "Renforcement des équipes mobiles de soins palliatifs (EMSP) hors de l'hôpital",
    "Appui territorial : expertise, aide à la collégialité, accès direct à "
    "l'hospitalisation",
    "Soins palliatifs pédiatriques",
    "Soutien aux aidants, aux bénévoles et aux professionnels",
    "Création ou extension de LISP ou d'USP",
    "Lisibilité de l'offre et interconnaissance des acteurs",
)

SECTIONS = (
    section(
        "porteur",
        "Porteur du projet",
        "L'établissement qui porte le projet au nom de la gouvernance de la filière : "
        "son identité est reprise de sa fiche organisation.",
        short_text(
            "coordinateur", "Coordinateur de la filière (nom, courriel, téléphone)"
        ),
    ),
    section(
        "territoire",
        "Territoire et diagnostic",
        "Le territoire de la filière et l'analyse de ses besoins.",
        territory(
            "territoire", "Territoire de la filière", level=TerritoryLevel.FILIERE.value
        ),
        number("population", "Population couverte", unit="habitants", min_value=0),
        long_text(
            "diagnostic",
            "Diagnostic territorial : offre existante (USP, LISP, EMSP, HAD, appui "
            "territorial) et besoins non couverts",
            max_chars=6000,
        ),
    ),
    section(
        "gouvernance",
        "Gouvernance",
        "Les six familles d'acteurs sont désignées dans l'onglet « Partenaires ».",
        long_text(
            "copil",
            "Composition et fonctionnement du comité de pilotage",
            max_chars=3000,
        ),
        choice(
            "frequence",
            "Fréquence des réunions du comité de pilotage",
            ["Mensuelle", "Trimestrielle", "Semestrielle"],
        ),
        file(
            "charte",
            "Charte de gouvernance signée",
            allowed_types=[PDF],
            required=False,
            help_text="Si elle n'est pas encore signée, joignez le projet de charte.",
        ),
    ),
    section(
        "organisation",
        "Organisation graduée et continuité",
        "Comment la filière répond, de la proximité à l'expertise.",
        long_text(
            "gradation",
            "Organisation graduée des prises en charge, de la proximité à l'expertise",
            max_chars=5000,
        ),
        multiple_choice(
            "actions", "Actions prévues avec les financements demandés", FUNDED_ACTIONS
        ),
        long_text(
            "continuite",
            "Continuité : réponse le soir et le week-end, admissions directes",
            max_chars=3000,
        ),
        date("demarrage", "Date prévisionnelle de démarrage des actions"),
    ),
    section(
        "budget",
        "Budget et indicateurs",
        "Le budget prévisionnel sur trois ans et les indicateurs de suivi.",
        amount(
            "montant",
            "Montant annuel demandé à l'ARS (FIR)",
            max_amount=Decimal("320000"),
            help_text="Plafond par filière : 320 000 € par an (montant indicatif).",
        ),
        budget_table(
            "budget",
            "Budget prévisionnel",
            rows=[
                "Temps médical",
                "Personnel paramédical et de coordination",
                "Formation",
                "Systèmes d'information",
                "Fonctionnement",
            ],
            income_rows=["Cofinancements"],
            columns=BUDGET_YEARS,
        ),
        long_text(
            "indicateurs",
            "Indicateurs de suivi (situations accompagnées, EHPAD conventionnés, "
            "délais "
            "d'intervention des EMSP, décès au lieu souhaité, formations réalisées)",
            max_chars=3000,
        ),
    ),
)

BODY = (
    heading("Contexte"),
    paragraph(
        "<p>Par cette campagne régionale initiée en septembre 2024, l'ARS Bretagne "
        "reconnaît les filières territoriales de soins palliatifs. Elle poursuit la "
        "structuration d'une prise en charge <b>lisible, fluide et coordonnée</b> au "
        "niveau d'un territoire défini, pour garantir un accès équitable, coordonné et "
        "gradué, allant de la proximité à l'expertise.</p>"
        "<p>La démarche s'inscrit dans le projet régional de santé et dans la "
        "stratégie "
        "décennale nationale des soins palliatifs 2024-2034, ainsi que dans "
        "l'instruction DGOS/R4/DGS/DGCS/2023/76 du 21 juin 2023 relative aux filières "
        "territoriales de soins palliatifs.</p>"
    ),
    heading("Qui peut candidater ?"),
    paragraph(
        "<p>Chaque projet est porté par une <b>gouvernance multipartenariale</b> qui "
        "associe les acteurs de l'écosystème des soins palliatifs du territoire :</p>"
        "<ul><li>les professionnels experts (EMSP, USP, ERRSPP) ;</li>"
        "<li>les établissements de santé ;</li>"
        "<li>les structures de coordination ;</li>"
        "<li>les professionnels de ville ;</li>"
        "<li>le champ médico-social ;</li>"
        "<li>les associations de bénévoles.</li></ul>"
        "<p>Un établissement de santé dépose le dossier au nom de la gouvernance "
        "[illustratif] ; chaque partenaire confirme son engagement.</p>"
    ),
    heading("Ce que financent les crédits"),
    paragraph(
        "<ul><li>le renforcement des équipes mobiles de soins palliatifs (EMSP), en "
        "particulier pour des accompagnements en dehors de l'hôpital ;</li>"
        "<li>la création d'un appui territorial dans chaque filière : accès à "
        "l'expertise, aide à la collégialité et, si besoin, accès direct à "
        "l'hospitalisation, y compris le soir et le week-end ;</li>"
        "<li>le renforcement des soins palliatifs pédiatriques ;</li>"
        "<li>le soutien aux aidants, aux bénévoles et aux professionnels, pour "
        "prévenir "
        "l'épuisement ;</li>"
        "<li>la création ou l'extension de lits identifiés (LISP) et d'unités de soins "
        "palliatifs (USP) ;</li>"
        "<li>la lisibilité de l'offre : cellule d'animation régionale, outils de "
        "communication, annuaire numérique régional, actions d'interconnaissance.</li>"
        "</ul>"
    ),
    callout(
        "Financement",
        "L'ARS Bretagne mobilise chaque année plus de 2,2 millions d'euros pour le "
        "fonctionnement des filières reconnues, soit de l'ordre de 230 000 à 320 000 € "
        "par filière (montant indicatif).",
    ),
    heading("Calendrier"),
    paragraph(
        "<ul><li>Septembre 2024 : lancement de la campagne régionale ;</li>"
        "<li>31 janvier 2025 à 12 h : date limite de dépôt des dossiers "
        "[illustratif] ;</li>"
        "<li>30 octobre 2025 : reconnaissance des huit filières.</li></ul>"
    ),
    heading("Résultats"),
    paragraph(
        "<p>L'ARS Bretagne a reçu huit projets territoriaux et a reconnu les huit "
        "filières : Nord Finistère, Cornouaille, Lorient/Quimperlé, Brocéliande "
        "Atlantique, Haute Bretagne, Saint-Malo/Dinan, Armor et Cœur de Breizh.</p>"
        "<p>De nouveaux appels à candidatures suivent, pour une maison "
        "d'accompagnement "
        "à la fin de vie et pour des gestionnaires de parcours en soins palliatifs "
        "dans chaque filière.</p>"
    ),
    heading("Évaluation des dossiers", "h3"),
    paragraph(
        "<p>Après contrôle de recevabilité (dossier complet et déposé à temps, porteur "
        "éligible, au moins un partenaire engagé par famille, pas de chevauchement de "
        "territoire), chaque dossier est noté sur 100 [illustratif] : gouvernance et "
        "engagement (25), diagnostic et réponse aux besoins (20), organisation graduée "
        "et continuité (20), faisabilité et calendrier (10), budget et efficience "
        "(15), "
        "indicateurs et évaluation (10).</p>"
    ),
    callout("Site de démonstration", DEMO_NOTICE),
)

FAQ = (
    faq_item(
        "Le dépôt des dossiers est-il encore possible ?",
        "<p>Non. La campagne est close et les huit filières ont été reconnues le "
        "30 octobre 2025. Consultez les appels ouverts sur la page "
        "« Appels à candidatures ».</p>",
    ),
    faq_item(
        "Un même territoire peut-il relever de deux filières ?",
        "<p>Non. Chaque filière couvre un territoire défini. Les territoires "
        "revendiqués "
        "par deux dossiers sont signalés aux gestionnaires de l'appel.</p>",
    ),
    faq_item(
        "Comment les partenaires confirment-ils leur engagement ?",
        "<p>Chaque partenaire désigné dans le dossier reçoit un lien personnel, signé "
        "et "
        "limité dans le temps, pour confirmer son engagement sans créer de compte. Il "
        "peut aussi transmettre une lettre d'engagement signée.</p>",
    ),
    faq_item(
        "Un comité de pilotage est-il obligatoire ?",
        "<p>Oui. Le dossier décrit sa composition, son coordinateur et le rythme de "
        "ses "
        "réunions ; la charte de gouvernance est jointe si elle existe.</p>",
    ),
)

SPEC = CallSpec(
    reference="AAC-2024-BRE-FIL",
    title="Reconnaissance des filières territoriales de soins palliatifs en Bretagne",
    kind=CallKind.FILIERE.value,
    authority_slug=ARS_BRETAGNE,
    summary=(
        "Campagne régionale lancée en septembre 2024 pour reconnaître les filières "
        "territoriales de soins palliatifs, chacune portée par une gouvernance "
        "multipartenariale. Huit filières ont été reconnues le 30 octobre 2025 ; plus "
        "de 2,2 millions d'euros par an accompagnent leur fonctionnement."
    ),
    schedule=fixed(paris(2024, 9, 16, 9), paris(2025, 1, 31, 12)),
    envelope=Decimal("2200000.00"),
    expected_laureates=8,
    lead_categories=(PartnerCategory.HEALTH_ESTABLISHMENT.value,),
    steering_body_required=True,
    territories=BRETAGNE_FILIERE_KEYS,
    sections=SECTIONS,
    documents=(
        *ADMINISTRATIVE_DOCUMENTS,
        COMMITMENT_LETTERS,
        COORDINATOR_CV,
        GOVERNANCE_CHARTER,
        PROVISIONAL_BUDGET,
    ),
    rules=tuple(RuleSpec(category=family.value) for family in SIX_FAMILIES),
    criteria=FILIERE_GRID,
    body=BODY,
    faq=FAQ,
    search_description=(
        "Campagne de reconnaissance des huit filières territoriales de soins "
        "palliatifs "
        "de Bretagne (2024-2025)."
    ),
)
