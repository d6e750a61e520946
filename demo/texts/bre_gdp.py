"""AAC-2026-BRE-GDP: palliative-care pathway managers (upcoming at seed time).

Fact: ARS Bretagne announced the deployment of *gestionnaires de parcours en
soins palliatifs* in each filière (press release of 30 October 2025). The
envelope, the cost per FTE, the profile and the requirements are illustrative.
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
    heading,
    long_text,
    multiple_choice,
    number,
    paragraph,
    section,
    territory,
)
from demo.territories import BRETAGNE_FILIERE_KEYS

from .common import (
    ADMINISTRATIVE_DOCUMENTS,
    BUDGET_YEARS,
    DEMO_NOTICE,
    PROVISIONAL_BUDGET,
    TEXT_TYPES,
)

SECTIONS = (
    section(
        "porteur",
        "Porteur et filière",
        "Un seul dossier par filière, déposé avec l'accord de son comité de pilotage. "
        "L'identité du porteur est reprise de sa fiche organisation.",
        territory("filiere", "Filière concernée", level=TerritoryLevel.FILIERE.value),
        choice(
            "nature",
            "Nature du porteur",
            [
                "Établissement porteur de la filière",
                "Dispositif d'appui à la coordination (DAC)",
                "Autre établissement de santé membre de la filière",
            ],
        ),
    ),
    section(
        "postes",
        "Postes demandés",
        "Le nombre de postes, leur profil et l'activité attendue.",
        number(
            "etp",
            "Équivalents temps plein demandés",
            unit="ETP",
            min_value=1,
            max_value=3,
        ),
        multiple_choice(
            "profil",
            "Profil des gestionnaires de parcours",
            [
                "Infirmier ou infirmière",
                "Coordinateur ou coordinatrice de parcours",
                "Travailleur social ou travailleuse sociale",
                "Autre profil paramédical",
            ],
            max_selected=2,
        ),
        number(
            "file_active",
            "File active attendue la première année",
            unit="patients",
            min_value=0,
        ),
        date("recrutement", "Date prévisionnelle de prise de poste"),
    ),
    section(
        "articulation",
        "Articulation avec les acteurs",
        "Les gestionnaires de parcours complètent l'offre existante sans la doubler.",
        long_text(
            "articulation",
            "Articulation avec le DAC, les CPTS, l'HAD, l'EMSP et l'appui territorial "
            "de la filière",
            max_chars=4000,
        ),
        long_text(
            "intervention",
            "Modalités d'intervention : domicile, EHPAD, établissements, horaires",
            max_chars=3000,
        ),
    ),
    section(
        "budget",
        "Budget",
        "Le coût des postes et leur financement.",
        amount(
            "montant",
            "Montant annuel demandé",
            max_amount=Decimal("270000"),
            help_text="Jusqu'à 90 000 € par ETP et par an (montant indicatif).",
        ),
        budget_table(
            "budget",
            "Budget prévisionnel",
            rows=[
                "Salaires et charges",
                "Déplacements",
                "Équipement et systèmes d'information",
                "Formation",
            ],
            income_rows=["Autres financements"],
            columns=BUDGET_YEARS,
        ),
    ),
)

BODY = (
    heading("Contexte"),
    paragraph(
        "<p>Dans la continuité de la reconnaissance des huit filières territoriales de "
        "soins palliatifs, l'ARS Bretagne a annoncé le déploiement de "
        "<b>gestionnaires de parcours en soins palliatifs dans chaque filière</b>.</p>"
    ),
    heading("Missions des gestionnaires de parcours"),
    paragraph(
        "<p>[illustratif] Le gestionnaire de parcours repère les situations complexes, "
        "organise l'orientation des patients et le soutien de leurs proches, et "
        "coordonne les intervenants autour de la personne, en lien avec l'appui "
        "territorial de la filière :</p>"
        "<ul><li>le dispositif d'appui à la coordination (DAC) ;</li>"
        "<li>les communautés professionnelles territoriales de santé (CPTS) ;</li>"
        "<li>l'hospitalisation à domicile (HAD) ;</li>"
        "<li>l'équipe mobile de soins palliatifs (EMSP).</li></ul>"
    ),
    heading("Qui peut candidater ?"),
    paragraph(
        "<p>L'établissement porteur d'une filière reconnue, un DAC ou un établissement "
        "de santé membre de la filière, avec l'accord du comité de pilotage de la "
        "filière. Un dossier par filière ; huit projets au plus seront retenus, un par "
        "filière.</p>"
    ),
    callout(
        "Financement",
        "Environ 90 000 € par équivalent temps plein et par an, charges comprises, "
        "soit une enveloppe régionale de 720 000 € par an (montant indicatif).",
    ),
    heading("Calendrier"),
    paragraph(
        "<p>Le dépôt en ligne ouvre et ferme aux dates indiquées en haut de cette "
        "page. "
        "Les dossiers sont instruits dans les deux mois suivant la clôture "
        "[illustratif].</p>"
    ),
    callout("Site de démonstration", DEMO_NOTICE),
)

FAQ = (
    faq_item(
        "Peut-on préparer le dossier avant l'ouverture ?",
        "<p>Le questionnaire et la liste des pièces sont publiés sur cette page ; le "
        "dépôt en ligne n'est possible qu'à partir de la date d'ouverture.</p>",
    ),
    faq_item(
        "Combien de postes une filière peut-elle demander ?",
        "<p>De 1 à 3 équivalents temps plein, selon la population et la file active "
        "attendue [illustratif].</p>",
    ),
    faq_item(
        "Un DAC peut-il porter le projet ?",
        "<p>Oui, avec l'accord écrit du comité de pilotage de la filière, joint au "
        "dossier.</p>",
    ),
)

SPEC = CallSpec(
    reference="AAC-2026-BRE-GDP",
    title="Gestionnaires de parcours en soins palliatifs",
    kind=CallKind.GESTIONNAIRE_PARCOURS.value,
    authority_slug=ARS_BRETAGNE,
    summary=(
        "Appel à candidatures pour déployer des gestionnaires de parcours en soins "
        "palliatifs dans chacune des huit filières territoriales de Bretagne. "
        "Enveloppe de 720 000 € par an (montant indicatif)."
    ),
    schedule=relative(
        opens_in_days=30, closes_in_days=90, opens_at=NINE_AM, closes_at=NOON
    ),
    envelope=Decimal("720000.00"),
    expected_laureates=8,
    lead_categories=(
        PartnerCategory.HEALTH_ESTABLISHMENT.value,
        PartnerCategory.COORDINATION.value,
    ),
    steering_body_required=False,
    territories=BRETAGNE_FILIERE_KEYS,
    sections=SECTIONS,
    documents=(
        DocumentSpec(
            label="Fiche de poste du gestionnaire de parcours",
            allowed_types=TEXT_TYPES,
        ),
        DocumentSpec(
            label="Accord du comité de pilotage de la filière",
            help_text="Relevé de décision ou lettre signée par son président.",
        ),
        *ADMINISTRATIVE_DOCUMENTS,
        PROVISIONAL_BUDGET,
    ),
    rules=(
        RuleSpec(category=PartnerCategory.COORDINATION.value),
        RuleSpec(category=PartnerCategory.EXPERT_TEAM.value),
        RuleSpec(
            category=PartnerCategory.CITY_PROFESSIONALS.value,
            confirmation_required=False,
            mandatory=False,
        ),
        RuleSpec(
            category=PartnerCategory.HAD.value,
            confirmation_required=False,
            mandatory=False,
        ),
    ),
    criteria=(
        CriterionSpec(
            label="Articulation avec le DAC, les CPTS, l'HAD et l'EMSP",
            weight=Decimal("25"),
        ),
        CriterionSpec(
            label="Profil et nombre des postes",
            weight=Decimal("20"),
        ),
        CriterionSpec(
            label="Territoire couvert et file active attendue",
            weight=Decimal("20"),
        ),
        CriterionSpec(
            label="Modalités d'intervention et continuité",
            weight=Decimal("15"),
        ),
        CriterionSpec(label="Budget", weight=Decimal("10")),
        CriterionSpec(label="Indicateurs de suivi", weight=Decimal("10")),
    ),
    body=BODY,
    faq=FAQ,
    search_description=(
        "Appel à candidatures de l'ARS Bretagne pour des gestionnaires de parcours en "
        "soins palliatifs dans chaque filière (démonstration)."
    ),
)
