"""Pieces shared by several demo calls: usual documents and the filière grid.

No official evaluation grid is public: the grid below is the illustrative one of
``domain.md`` (weights on 100, each criterion scored 0 to 4).
"""

from __future__ import annotations

from decimal import Decimal

from calls.enums import DocumentType
from demo.specs import CriterionSpec, DocumentSpec

PDF = DocumentType.PDF.value
ODT = DocumentType.ODT.value
ODS = DocumentType.ODS.value
DOCX = DocumentType.DOCX.value
XLSX = DocumentType.XLSX.value
JPEG = DocumentType.JPEG.value
PNG = DocumentType.PNG.value

TEXT_TYPES = (PDF, ODT, DOCX)
SPREADSHEET_TYPES = (XLSX, ODS, PDF)
IMAGE_TYPES = (PDF, JPEG, PNG)

STATUTES = DocumentSpec(
    label="Statuts de l'organisme porteur",
    help_text=(
        "Statuts à jour, signés, ou acte constitutif pour un établissement public."
    ),
)
SIRENE_NOTICE = DocumentSpec(
    label="Avis de situation au répertoire SIRENE",
    help_text=(
        "Avis de moins de trois mois, téléchargeable sur "
        "avis-situation-sirene.insee.fr."
    ),
)
BANK_DETAILS = DocumentSpec(
    label="Relevé d'identité bancaire (RIB)",
    help_text="Au nom de l'organisme porteur, qui recevra les crédits.",
)
SWORN_STATEMENT = DocumentSpec(
    label="Attestation sur l'honneur du représentant légal",
    help_text=(
        "Le représentant légal atteste l'exactitude des informations du dossier et la "
        "régularité de la situation fiscale et sociale de l'organisme."
    ),
)
PROVISIONAL_BUDGET = DocumentSpec(
    label="Budget prévisionnel détaillé",
    allowed_types=SPREADSHEET_TYPES,
    help_text="Dépenses et recettes par année, y compris les cofinancements.",
)
COMMITMENT_LETTERS = DocumentSpec(
    label="Lettres d'engagement signées des partenaires",
    help_text=(
        "Une lettre par partenaire, réunies en un seul fichier. Les partenaires "
        "peuvent "
        "aussi confirmer leur engagement par le lien qu'ils reçoivent de la plateforme."
    ),
    max_size_mb=20,
)
COORDINATOR_CV = DocumentSpec(
    label="Curriculum vitae du coordinateur",
    allowed_types=TEXT_TYPES,
)
GOVERNANCE_CHARTER = DocumentSpec(
    label="Charte ou convention de gouvernance",
    help_text="Document signé par les membres du comité de pilotage, s'il existe déjà.",
    mandatory=False,
)

ADMINISTRATIVE_DOCUMENTS = (STATUTES, SIRENE_NOTICE, BANK_DETAILS, SWORN_STATEMENT)

FILIERE_GRID = (
    CriterionSpec(
        label="Gouvernance et engagement des partenaires",
        weight=Decimal("25"),
        guidance=(
            "Les six familles d'acteurs sont-elles représentées et engagées par écrit "
            "? "
            "Le comité de pilotage, le coordinateur et le rythme des réunions sont-ils "
            "définis ?"
        ),
    ),
    CriterionSpec(
        label="Diagnostic territorial et réponse aux besoins",
        weight=Decimal("20"),
        guidance=(
            "Le diagnostic décrit-il l'offre existante (USP, LISP, EMSP, HAD) et les "
            "besoins non couverts ? Les actions y répondent-elles ?"
        ),
    ),
    CriterionSpec(
        label="Organisation graduée et continuité des prises en charge",
        weight=Decimal("20"),
        guidance=(
            "La gradation de la proximité à l'expertise est-elle lisible ? La "
            "continuité "
            "est-elle assurée le soir et le week-end, avec un accès direct à "
            "l'hospitalisation ?"
        ),
    ),
    CriterionSpec(
        label="Faisabilité et calendrier",
        weight=Decimal("10"),
        guidance="Les étapes, les recrutements et les dates sont-ils réalistes ?",
    ),
    CriterionSpec(
        label="Budget et efficience",
        weight=Decimal("15"),
        guidance=(
            "Le budget est-il détaillé, cohérent avec les actions et sincère quant aux "
            "cofinancements ?"
        ),
    ),
    CriterionSpec(
        label="Indicateurs et évaluation",
        weight=Decimal("10"),
        guidance=(
            "Les indicateurs de suivi sont-ils mesurables (situations accompagnées, "
            "EHPAD conventionnés, délais d'intervention des EMSP, décès au lieu "
            "souhaité, formations réalisées) ?"
        ),
    ),
)

BUDGET_YEARS = ("Année 1", "Année 2", "Année 3")

DEMO_NOTICE = (
    "Cette page fait partie d'un site de démonstration. Les montants et modalités "
    "marqués « (montant indicatif) » ou « [illustratif] » ne proviennent pas d'un "
    "appel réel ; les personnes citées sont fictives."
)
