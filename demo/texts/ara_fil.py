"""AAC-2026-ARA-FIL: structuring the 13 filières of Auvergne-Rhône-Alpes (closed
the day before the seed runs; its dossiers are under instruction, see
``demo/instruction.py`` and ``demo/texts/ara_instruction.py``).

Facts from ARS Auvergne-Rhône-Alpes' roadmap 2024-2028 press release: 13
filières within the regional health scheme 2023-2028, five guiding principles,
the 2023 offer, 128 M€ spent in 2023 and 6.7 M€ of additional financing planned
in 2024, CARSP'ARA. The call itself is fictitious: its envelope reuses the 6.7 M€
figure, and the filières' names, the governance and the grid are illustrative.
"""

from __future__ import annotations

from decimal import Decimal

from calls.enums import CallKind, PartnerCategory, TerritoryLevel
from demo.authorities import ARS_ARA
from demo.dates import END_OF_DAY, NINE_AM, relative
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
    identifier,
    long_text,
    multiple_choice,
    number,
    paragraph,
    section,
    short_text,
    territory,
)
from demo.territories import ARA_FILIERE_KEYS

from .common import (
    ADMINISTRATIVE_DOCUMENTS,
    BUDGET_YEARS,
    COMMITMENT_LETTERS,
    COORDINATOR_CV,
    DEMO_NOTICE,
    FILIERE_GRID,
    GOVERNANCE_CHARTER,
    IMAGE_TYPES,
    PROVISIONAL_BUDGET,
)

SECTIONS = (
    section(
        "porteur",
        "Porteur du projet",
        "L'établissement qui dépose le dossier au nom des acteurs de la filière : "
        "son identité est reprise de sa fiche organisation.",
        short_text("contact", "Personne à contacter (nom, fonction, courriel)"),
        identifier(
            "finess_coordination",
            "Numéro FINESS de l'établissement (ET) où la filière est coordonnée",
            identifier="finess",
            required=False,
            help_text="S'il diffère de celui de l'établissement porteur.",
        ),
    ),
    section(
        "territoire",
        "Territoire et diagnostic",
        "Le territoire de la filière et son offre actuelle.",
        territory("filiere", "Filière", level=TerritoryLevel.FILIERE.value),
        territory(
            "departements",
            "Départements couverts, en tout ou partie",
            level=TerritoryLevel.DEPARTEMENT.value,
            multiple=True,
        ),
        number("population", "Population couverte", unit="habitants", min_value=0),
        long_text(
            "diagnostic",
            "Diagnostic : USP, LISP (MCO et SMR), EMSP, HAD, ERRSPP, besoins à "
            "domicile "
            "et en établissement médico-social",
            max_chars=6000,
        ),
    ),
    section(
        "principes",
        "Réponse aux cinq principes régionaux",
        "Décrivez comment la filière met en œuvre les principes de la feuille de "
        "route.",
        long_text(
            "egalite",
            "Égalité d'accès, quels que soient l'âge (adulte ou mineur), la situation "
            "médicale et le lieu de soins ou de vie",
            max_chars=3000,
        ),
        long_text(
            "parcours", "Parcours gradués, coordonnés et à domicile", max_chars=3000
        ),
        long_text(
            "qualite_expertise",
            "Qualité des soins, préservation de l'expertise palliative et accès de "
            "tous "
            "les professionnels à cette expertise",
            max_chars=3000,
        ),
        long_text(
            "information",
            "Information des personnes malades et des proches aidants sur leurs "
            "droits, "
            "avec une attention particulière envers les mineurs",
            max_chars=3000,
        ),
    ),
    section(
        "coordination",
        "Coordination et formation",
        "Les acteurs associés et les actions de formation.",
        multiple_choice(
            "acteurs",
            "Acteurs associés à la filière",
            [
                "Établissements de santé (USP, LISP)",
                "Équipes mobiles de soins palliatifs (EMSP)",
                "Équipe ressource régionale de soins palliatifs pédiatriques (ERRSPP)",
                "Communautés professionnelles territoriales de santé (CPTS)",
                "Hospitalisation à domicile (HAD)",
                "Dispositif d'appui à la coordination (DAC)",
                "Établissements et services médico-sociaux (ESMS, EHPAD)",
                "Associations de bénévoles",
            ],
        ),
        choice(
            "emsp_extra",
            "Une EMSP intervient-elle hors de l'hôpital ?",
            [
                "Oui, sur tout le territoire",
                "Oui, sur une partie du territoire",
                "Non, c'est prévu par le projet",
                "Non",
            ],
        ),
        number(
            "formations",
            "Séances de formation ou de sensibilisation prévues par an",
            unit="séances",
            min_value=0,
            help_text="Notamment pour les professionnels libéraux et les EHPAD.",
        ),
        date("copil", "Date d'installation du comité de pilotage"),
    ),
    section(
        "budget",
        "Budget",
        "Le budget prévisionnel et la carte du territoire.",
        amount(
            "montant",
            "Financement annuel demandé",
            max_amount=Decimal("700000"),
            help_text="Plafond par filière : 700 000 € par an (montant indicatif).",
        ),
        budget_table(
            "budget",
            "Budget prévisionnel",
            rows=[
                "Temps médical",
                "Personnel paramédical",
                "Coordination",
                "Formation et sensibilisation",
                "Soins palliatifs pédiatriques",
                "Fonctionnement",
            ],
            income_rows=["Cofinancements"],
            columns=BUDGET_YEARS,
        ),
        file(
            "carte",
            "Carte du territoire de la filière",
            allowed_types=IMAGE_TYPES,
            max_size_mb=15,
        ),
    ),
)

BODY = (
    heading("Contexte"),
    paragraph(
        "<p>À travers sa feuille de route 2024-2028, l'ARS Auvergne-Rhône-Alpes se "
        "mobilise avec les acteurs de la région pour rendre les soins palliatifs "
        "accessibles à tous. Le schéma régional de santé 2023-2028 a défini "
        "<b>13 filières de soins palliatifs</b> pour couvrir l'ensemble du territoire. "
        "Structurer une filière permet d'identifier une offre qui inclut des soins de "
        "proximité, d'améliorer sa visibilité et de fluidifier l'orientation des "
        "patients.</p>"
    ),
    heading("Cinq principes guident les filières"),
    paragraph(
        "<ol><li>L'égalité d'accès aux soins palliatifs par une couverture adaptée des "
        "territoires et un maillage adéquat, quels que soient le bénéficiaire (adulte "
        "ou mineur), la situation médicale, le lieu de soins ou de vie ;</li>"
        "<li>des parcours gradués, coordonnés et à domicile sur toute la région ;</li>"
        "<li>la garantie de soins palliatifs pertinents et de qualité ;</li>"
        "<li>la préservation de l'expertise palliative et la garantie de son accès par "
        "tous les professionnels et intervenants ;</li>"
        "<li>la diffusion de l'information pour l'exercice libre et éclairé des droits "
        "de la personne malade ou du proche aidant, avec une attention particulière "
        "envers les mineurs.</li></ol>"
    ),
    heading("L'offre en 2023"),
    paragraph(
        "<p>La région comptait 19 unités de soins palliatifs (USP), 597 lits "
        "identifiés "
        "(456 en MCO, 137 en SMR), 43 équipes mobiles et 3 antennes, et 2 équipes "
        "ressources régionales de soins palliatifs pédiatriques. Avec 2,7 lits d'USP "
        "pour 100 000 habitants, la moyenne régionale approche la recommandation "
        "nationale de 3 lits. Des besoins importants subsistent à domicile et en "
        "établissement médico-social, ainsi qu'en formation et en pédiatrie.</p>"
    ),
    heading("Ce que la filière doit organiser"),
    paragraph(
        "<ul><li>le développement de l'offre, notamment à domicile ;</li>"
        "<li>l'accès à des soins palliatifs précoces, au plus près du domicile ;</li>"
        "<li>l'intervention d'équipes mobiles en extrahospitalier ;</li>"
        "<li>la coordination entre établissements de santé, CPTS, HAD, DAC et "
        "ESMS ;</li>"
        "<li>la formation des professionnels libéraux et des personnels d'EHPAD ;</li>"
        "<li>le renforcement des soins palliatifs pédiatriques.</li></ul>"
    ),
    callout(
        "Financement",
        "En 2024, l'ARS Auvergne-Rhône-Alpes prévoyait un financement supplémentaire "
        "de 6,7 millions d'euros pour développer l'offre de soins palliatifs. Dans "
        "cette démonstration, l'enveloppe de l'appel reprend ce montant ; sa "
        "répartition entre les filières est illustrative.",
    ),
    heading("Territoires"),
    paragraph(
        "<p>Chaque dossier couvre une des 13 filières. [illustratif] Les noms et les "
        "contours des filières proposés sur ce site de démonstration sont inventés et "
        "ne reproduisent pas le découpage officiel.</p>"
    ),
    heading("Animation régionale", "h3"),
    paragraph(
        "<p>La CARSP'ARA, cellule d'animation régionale de soins palliatifs créée en "
        "janvier 2024 et portée par le groupement de coopération sanitaire HOURAA, "
        "accompagne la dynamique territoriale : coordination, animation, expertise, "
        "information et communication.</p>"
    ),
    callout("Site de démonstration", DEMO_NOTICE),
)

FAQ = (
    faq_item(
        "Les noms des 13 filières affichés sont-ils officiels ?",
        "<p>Non. Sur ce site de démonstration, les noms et contours des filières "
        "d'Auvergne-Rhône-Alpes sont illustratifs.</p>",
    ),
    faq_item(
        "La prise en charge des mineurs doit-elle figurer dans le projet ?",
        "<p>Oui. L'égalité d'accès vaut pour les adultes comme pour les mineurs ; "
        "décrivez l'articulation avec l'équipe ressource régionale de soins palliatifs "
        "pédiatriques.</p>",
    ),
    faq_item(
        "Quels acteurs associer ?",
        "<p>Les acteurs sanitaires, médico-sociaux et sociaux, hospitaliers et de "
        "ville "
        ": établissements de santé, CPTS, HAD, DAC, ESMS et EHPAD, équipes mobiles, "
        "associations de bénévoles.</p>",
    ),
    faq_item(
        "Quel est le rôle de la CARSP'ARA ?",
        "<p>Elle anime la dynamique régionale et territoriale et peut aider les "
        "porteurs à préparer leur projet ; elle ne participe pas à la notation des "
        "dossiers [illustratif].</p>",
    ),
)

SPEC = CallSpec(
    reference="AAC-2026-ARA-FIL",
    title=(
        "Structuration des filières territoriales de soins palliatifs en "
        "Auvergne-Rhône-Alpes"
    ),
    kind=CallKind.FILIERE.value,
    authority_slug=ARS_ARA,
    summary=(
        "Appel à candidatures pour structurer les 13 filières territoriales de soins "
        "palliatifs d'Auvergne-Rhône-Alpes, selon les cinq principes de la feuille de "
        "route régionale 2024-2028."
    ),
    schedule=relative(
        opens_in_days=-75, closes_in_days=-1, opens_at=NINE_AM, closes_at=END_OF_DAY
    ),
    envelope=Decimal("6700000.00"),
    expected_laureates=13,
    lead_categories=(PartnerCategory.HEALTH_ESTABLISHMENT.value,),
    steering_body_required=True,
    territories=ARA_FILIERE_KEYS,
    sections=SECTIONS,
    documents=(
        *ADMINISTRATIVE_DOCUMENTS,
        COMMITMENT_LETTERS,
        COORDINATOR_CV,
        GOVERNANCE_CHARTER,
        PROVISIONAL_BUDGET,
    ),
    rules=(
        RuleSpec(category=PartnerCategory.EXPERT_TEAM.value),
        RuleSpec(category=PartnerCategory.HEALTH_ESTABLISHMENT.value),
        RuleSpec(category=PartnerCategory.COORDINATION.value),
        RuleSpec(category=PartnerCategory.CITY_PROFESSIONALS.value),
        RuleSpec(category=PartnerCategory.HAD.value),
        RuleSpec(category=PartnerCategory.MEDICO_SOCIAL.value),
        RuleSpec(category=PartnerCategory.VOLUNTEERS.value, mandatory=False),
        RuleSpec(
            category=PartnerCategory.REPRESENTATIVES.value,
            confirmation_required=False,
            mandatory=False,
        ),
    ),
    criteria=FILIERE_GRID,
    min_reviews=2,
    spread_threshold=Decimal(20),
    # Low for the demo, so that the normalised ranking shows a reviewer: a real
    # call keeps the default (5) or more.
    normalisation_min_reviews=3,
    body=BODY,
    faq=FAQ,
    search_description=(
        "Appel à candidatures de démonstration pour structurer les filières "
        "territoriales de soins palliatifs d'Auvergne-Rhône-Alpes."
    ),
)
