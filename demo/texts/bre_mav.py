"""AAC-2026-BRE-MAV: a maison d'accompagnement à la fin de vie (open at seed time).

Fact: ARS Bretagne announced this call for 2025-2026 (press release of 30
October 2025); the maisons d'accompagnement come from measure 12 of the national
ten-year strategy 2024-2034. The envelope (about 1 M€ a year for 12 to 15
places) is the figure ARS Hauts-de-France gave for its own call, reused here as
an indicative amount; the rest of the requirements are illustrative.
"""

from __future__ import annotations

from decimal import Decimal

from calls.enums import CallKind, PartnerCategory, TerritoryLevel
from demo.authorities import ARS_BRETAGNE
from demo.dates import NINE_AM, NOON, relative
from demo.specs import CallSpec, CriterionSpec, DocumentSpec, RuleSpec
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
from demo.territories import BRETAGNE_DEPARTEMENT_KEYS

from .common import (
    ADMINISTRATIVE_DOCUMENTS,
    BUDGET_YEARS,
    COMMITMENT_LETTERS,
    DEMO_NOTICE,
    IMAGE_TYPES,
    JPEG,
    PDF,
    PNG,
    PROVISIONAL_BUDGET,
)

SECTIONS = (
    section(
        "porteur",
        "Organisme porteur",
        "L'organisme qui gérera la maison d'accompagnement : son identité (raison "
        "sociale, SIRET, statut, représentant légal) est reprise de sa fiche "
        "organisation.",
        long_text(
            "experience",
            "Expérience de l'organisme dans l'accompagnement de la fin de vie ou la "
            "gestion d'établissements",
            max_chars=3000,
        ),
    ),
    section(
        "projet",
        "Projet d'accompagnement",
        "Le projet de la maison pour les personnes accueillies et leurs proches.",
        territory(
            "departement",
            "Département d'implantation",
            level=TerritoryLevel.DEPARTEMENT.value,
        ),
        number(
            "places",
            "Nombre de places",
            unit="places",
            min_value=10,
            max_value=15,
            help_text="Entre 10 et 15 places [illustratif].",
        ),
        long_text(
            "projet",
            "Projet d'accompagnement et projet de vie de la maison (accueil, "
            "soutien des proches, place des bénévoles)",
            max_chars=8000,
        ),
        long_text(
            "soins",
            "Organisation des soins avec les professionnels de ville, l'HAD et l'EMSP",
            max_chars=4000,
        ),
    ),
    section(
        "batiment",
        "Bâtiment",
        "Le bâtiment doit être identifié au moment du dépôt.",
        short_text("adresse", "Adresse du bâtiment"),
        choice(
            "maitrise",
            "Maîtrise du bâtiment",
            [
                "Propriété du porteur",
                "Bail signé",
                "Promesse de bail ou de vente",
            ],
        ),
        date("ouverture", "Date d'ouverture prévisionnelle"),
        file(
            "photos",
            "Photographies du bâtiment",
            allowed_types=[JPEG, PNG, PDF],
            max_size_mb=20,
            required=False,
        ),
    ),
    section(
        "partenariats",
        "Partenariats et budget",
        "Les partenariats formalisés et le budget de fonctionnement.",
        multiple_choice(
            "partenaires",
            "Partenariats déjà formalisés",
            [
                "Équipe mobile de soins palliatifs (EMSP)",
                "Hospitalisation à domicile (HAD)",
                "Filière territoriale de soins palliatifs",
                "Dispositif d'appui à la coordination (DAC)",
                "Communauté professionnelle territoriale de santé (CPTS)",
                "Association de bénévoles d'accompagnement",
                "EHPAD",
            ],
        ),
        amount(
            "montant",
            "Financement annuel demandé",
            max_amount=Decimal("1000000"),
            help_text="Environ 1 million d'euros par an (montant indicatif).",
        ),
        budget_table(
            "budget",
            "Budget de fonctionnement prévisionnel",
            rows=[
                "Personnel d'accompagnement",
                "Personnel soignant et de coordination",
                "Fonctionnement du bâtiment",
                "Soutien aux proches et bénévolat",
                "Frais de structure",
            ],
            income_rows=["Autres financements"],
            columns=BUDGET_YEARS,
        ),
    ),
)

BODY = (
    heading("Contexte"),
    paragraph(
        "<p>La stratégie décennale des soins d'accompagnement 2024-2034 crée, par sa "
        "mesure 12, les <b>maisons d'accompagnement</b> : des lieux de vie, entre le "
        "domicile et l'hôpital, qui accueillent des personnes en fin de vie et "
        "soutiennent leurs proches.</p>"
        "<p>Après la reconnaissance de huit filières territoriales de soins palliatifs "
        "en octobre 2025, l'ARS Bretagne avait annoncé un appel à candidatures pour la "
        "mise en œuvre d'une maison d'accompagnement à la fin de vie. Le présent appel "
        "retient <b>un projet</b> pour la région.</p>"
    ),
    heading("Qui peut candidater ?"),
    paragraph(
        "<p>Un établissement de santé ou un organisme gestionnaire du champ "
        "médico-social en mesure de gérer une structure expérimentale (article L312-1, "
        "I, 12° du code de l'action sociale et des familles) [illustratif].</p>"
    ),
    heading("Exigences"),
    paragraph(
        "<ul><li>un bâtiment déjà identifié, dont les plans sont joints ;</li>"
        "<li>des partenariats formalisés avec les acteurs du territoire, au moins une "
        "EMSP, une HAD et une association de bénévoles [illustratif] ;</li>"
        "<li>un dossier de 20 pages au plus, hors annexes [illustratif] ;</li>"
        "<li>une ouverture dans les douze mois suivant la décision [illustratif].</li>"
        "</ul>"
    ),
    callout(
        "Financement",
        "Environ 1 million d'euros par an pour une maison de 12 à 15 places (montant "
        "indicatif : ordre de grandeur annoncé par l'ARS Hauts-de-France pour ses "
        "propres maisons d'accompagnement).",
    ),
    heading("Sélection"),
    paragraph(
        "<p>Les dossiers recevables sont notés sur 100 par au moins deux instructeurs, "
        "puis présentés à un comité de sélection [illustratif]. Le silence gardé "
        "pendant deux mois sur une demande de financement vaut rejet (article L231-4 "
        "du code des relations entre le public et l'administration) : l'accusé de "
        "réception de chaque dossier en indique la date.</p>"
    ),
    callout("Site de démonstration", DEMO_NOTICE),
)

FAQ = (
    faq_item(
        "Le bâtiment doit-il être identifié au moment du dépôt ?",
        "<p>Oui. Le dossier indique l'adresse du bâtiment, la façon dont le porteur en "
        "dispose et joint ses plans.</p>",
    ),
    faq_item(
        "Quelle est la longueur maximale du dossier ?",
        "<p>20 pages, hors annexes (statuts, plans, conventions, budget) "
        "[illustratif].</p>",
    ),
    faq_item(
        "Plusieurs organismes peuvent-ils porter un projet ensemble ?",
        "<p>Oui, mais un seul organisme dépose le dossier et gère la maison ; les "
        "autres sont désignés comme partenaires et confirment leur engagement.</p>",
    ),
    faq_item(
        "Le financement couvre-t-il l'investissement immobilier ?",
        "<p>Non : les crédits de l'appel financent le fonctionnement de la maison "
        "[illustratif]. Les travaux éventuels figurent dans le budget avec leurs "
        "financements propres.</p>",
    ),
)

SPEC = CallSpec(
    reference="AAC-2026-BRE-MAV",
    title="Maison d'accompagnement à la fin de vie en Bretagne",
    kind=CallKind.MAISON_ACCOMPAGNEMENT.value,
    authority_slug=ARS_BRETAGNE,
    summary=(
        "Appel à candidatures pour créer en Bretagne une maison d'accompagnement à la "
        "fin de vie, lieu de vie entre le domicile et l'hôpital prévu par la stratégie "
        "décennale des soins d'accompagnement. Un projet retenu ; environ 1 million "
        "d'euros par an (montant indicatif)."
    ),
    schedule=relative(
        opens_in_days=-20, closes_in_days=40, opens_at=NINE_AM, closes_at=NOON
    ),
    envelope=Decimal("1000000.00"),
    expected_laureates=1,
    lead_categories=(
        PartnerCategory.HEALTH_ESTABLISHMENT.value,
        PartnerCategory.MEDICO_SOCIAL.value,
    ),
    steering_body_required=False,
    territories=BRETAGNE_DEPARTEMENT_KEYS,
    sections=SECTIONS,
    documents=(
        DocumentSpec(
            label="Dossier de candidature (20 pages au plus, hors annexes)",
            max_size_mb=20,
        ),
        DocumentSpec(
            label="Plans du bâtiment",
            allowed_types=IMAGE_TYPES,
            help_text="Plans de situation et de chaque niveau, avec les surfaces.",
            max_size_mb=30,
        ),
        *ADMINISTRATIVE_DOCUMENTS,
        COMMITMENT_LETTERS,
        PROVISIONAL_BUDGET,
    ),
    rules=(
        RuleSpec(category=PartnerCategory.EXPERT_TEAM.value),
        RuleSpec(category=PartnerCategory.HAD.value),
        RuleSpec(category=PartnerCategory.VOLUNTEERS.value),
        RuleSpec(
            category=PartnerCategory.COORDINATION.value,
            confirmation_required=False,
            mandatory=False,
        ),
        RuleSpec(
            category=PartnerCategory.CITY_PROFESSIONALS.value,
            confirmation_required=False,
            mandatory=False,
        ),
    ),
    criteria=(
        CriterionSpec(
            label="Projet d'accompagnement et projet de vie",
            weight=Decimal("25"),
            guidance="Accueil, soutien des proches, place des bénévoles, éthique.",
        ),
        CriterionSpec(
            label="Bâtiment et calendrier d'ouverture",
            weight=Decimal("20"),
            guidance="Le bâtiment est-il adapté, maîtrisé, et l'ouverture réaliste ?",
        ),
        CriterionSpec(
            label="Partenariats formalisés avec le territoire",
            weight=Decimal("20"),
            guidance="EMSP, HAD, filière, professionnels de ville, bénévoles.",
        ),
        CriterionSpec(
            label="Ressources humaines et formation",
            weight=Decimal("15"),
        ),
        CriterionSpec(
            label="Budget et soutenabilité",
            weight=Decimal("10"),
        ),
        CriterionSpec(
            label="Évaluation de l'expérimentation",
            weight=Decimal("10"),
            guidance="Indicateurs, recueil de l'avis des personnes et des proches.",
        ),
    ),
    body=BODY,
    faq=FAQ,
    search_description=(
        "Appel à candidatures de l'ARS Bretagne pour une maison d'accompagnement à la "
        "fin de vie (démonstration)."
    ),
)
