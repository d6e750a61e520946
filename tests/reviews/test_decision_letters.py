"""The decision letter (notification de décision): for each outcome, the text
of its PDF carries every mandatory mention with the dossier's values, and the
PDF declares PDF/A."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from reviews import services
from reviews.enums import CommitteeRole, DecisionOutcome
from reviews.letters import address_city, render_decision_letter_pdf
from tests.factories import OrganisationFactory, assign, submitted_review, under_review

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID_NS = "http://www.aiim.org/pdfa/ns/id/"
ISSUED_ON = datetime.date(2026, 12, 3)
# 23:30 UTC on 9 November is 00:30 on 10 November in Paris.
HELD_AT = datetime.datetime(2026, 11, 9, 23, 30, tzinfo=datetime.UTC)


def pdf_text(pdf: bytes) -> str:
    """The PDF's text on one line, whitespace collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdfa_parts(pdf: bytes) -> set[tuple[str, str]]:
    reader = PdfReader(io.BytesIO(pdf))
    descriptions = reader.xmp_metadata.rdf_root.getElementsByTagNameNS(
        RDF_NS, "Description"
    )
    return {
        (
            d.getAttributeNS(PDFAID_NS, "part"),
            d.getAttributeNS(PDFAID_NS, "conformance"),
        )
        for d in descriptions
        if d.hasAttributeNS(PDFAID_NS, "part")
    }


@pytest.fixture
def lyon_call(call):
    """The call of an authority sitting in Lyon, before the Lyon court."""
    authority = call.authority
    authority.name = "Agence régionale de santé Auvergne-Rhône-Alpes"
    authority.address = "241 rue Garibaldi\nCS 93383\n69418 Lyon Cedex 03"
    authority.email = "ars-ara-appels@example.org"
    authority.phone = "04 72 34 74 00"
    authority.signatory_name = "Camille Exemple"
    authority.signatory_title = "Directrice générale adjointe"
    authority.court = "tribunal administratif de Lyon"
    authority.save()
    call.title = "Filières territoriales de soins palliatifs"
    call.opens_at = datetime.datetime(2026, 9, 1, 8, 0, tzinfo=datetime.UTC)
    call.save()
    return call


@pytest.fixture
def decided(lyon_call, criteria, manager, reviewers):
    """``decided(outcome, **fields)``: a reviewed dossier of the call, its
    decision recorded through the services at a committee session."""
    committee = services.committee_create(
        call=lyon_call,
        user=manager,
        held_at=HELD_AT,
        members=[(manager, CommitteeRole.CHAIR)],
    )

    def make(outcome, **fields):
        organisation = OrganisationFactory(
            name="Centre hospitalier de Villefranche",
            address="Plateau d'Ouilly\n69400 Gleizé",
            legal_representative="Dominique Martin",
        )
        dossier = under_review(lyon_call, manager=manager, organisation=organisation)
        first, second = criteria
        for reviewer in reviewers[:2]:
            submitted_review(
                assign(dossier, reviewer, manager), {first.pk: 3, second.pk: 7}
            )
        services.application_complete_review(application=dossier, user=manager)
        dossier.refresh_from_db()
        return services.decision_record(
            application=dossier,
            user=manager,
            outcome=outcome,
            committee=committee,
            **fields,
        )

    return make


def letter_text(decision, issued_on=ISSUED_ON, **kwargs) -> tuple[str, bytes]:
    pdf = render_decision_letter_pdf(
        decision, number="2026-ARA-0042", issued_on=issued_on, **kwargs
    )
    return pdf_text(pdf), pdf


def common_mentions(decision, date_line="Lyon, le 3 décembre 2026") -> list[str]:
    application = decision.application
    return [
        "Agence régionale de santé Auvergne-Rhône-Alpes 241 rue Garibaldi "
        "CS 93383 69418 Lyon Cedex 03",
        date_line,
        "Courrier n° 2026-ARA-0042",
        # The running footer, on each page.
        f"Notification de décision — dossier {application.reference} — "
        "courrier n° 2026-ARA-0042",
        f"Dossier {application.reference}",
        f"Appel {application.call.reference}",
        "Centre hospitalier de Villefranche À l'attention de Dominique Martin "
        "Plateau d'Ouilly 69400 Gleizé",
        "Objet : décision relative à votre candidature à l'appel à candidatures "
        f"{application.call.reference} « Filières territoriales de soins "
        "palliatifs »",
        f"Vu l'appel à candidatures {application.call.reference} « Filières "
        "territoriales de soins palliatifs » ouvert le 1 septembre 2026",
        "Vu l'avis du comité de sélection réuni le 10 novembre 2026",
        "Directrice générale adjointe Camille Exemple",
        "dans un délai de deux mois à compter de sa notification",
        "recours gracieux adressé au directeur général de l'agence régionale de santé",
        "recours hiérarchique adressé au ministre chargé de la santé",
        "recours contentieux devant le tribunal administratif de Lyon",
        "Télérecours citoyens accessible sur le site www.telerecours.fr",
    ]


def missing(text: str, fragments: list[str]) -> list[str]:
    return [fragment for fragment in fragments if fragment not in text]


def test_an_acceptance_letter(decided):
    decision = decided(
        DecisionOutcome.ACCEPTED,
        amount="250000",
        duration_months=36,
        opinion="Avis favorable unanime du comité.",
    )
    text, pdf = letter_text(decision)
    reference = decision.application.reference
    assert (
        missing(
            text,
            [
                *common_mentions(decision),
                # The default contact: the authority's.
                "Affaire suivie par Courriel : ars-ara-appels@example.org "
                "Téléphone : 04 72 34 74 00",
                f"votre projet « Projet de filière » (dossier {reference}) est retenu.",
                "Le montant de la subvention attribuée s'élève à 250 000 €, "
                "pour une durée de 36 mois.",
                "convention de financement",
                "Avis du comité de sélection Avis favorable unanime du comité.",
            ],
        )
        == []
    )
    assert "n'est pas retenu" not in text
    assert "sous réserve" not in text
    assert "Motifs" not in text  # none given, none needed
    assert pdfa_parts(pdf) == {("3", "B")}


def test_an_acceptance_with_conditions_letter(decided):
    decision = decided(
        DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
        amount=Decimal("180000.50"),
        motivation="Le budget de coordination doit être précisé.",
        conditions=[
            {"text": "Produire le budget révisé", "due_on": datetime.date(2027, 3, 1)},
            {"text": "Signer la charte de gouvernance", "due_on": None},
        ],
    )
    text, pdf = letter_text(
        decision,
        contact_name="Alix Suivi",
        contact_email="alix.suivi@example.org",
        contact_phone="04 00 00 00 01",
    )
    reference = decision.application.reference
    assert (
        missing(
            text,
            [
                *common_mentions(decision),
                "Affaire suivie par Alix Suivi Courriel : alix.suivi@example.org "
                "Téléphone : 04 00 00 00 01",
                f"votre projet « Projet de filière » (dossier {reference}) est "
                "retenu sous réserve des conditions suivantes :",
                "Produire le budget révisé — à satisfaire au plus tard le 1 mars 2027.",
                "Signer la charte de gouvernance.",
                "Le montant de la subvention attribuée s'élève à 180 000,50 €.",
                "Motifs Le budget de coordination doit être précisé.",
            ],
        )
        == []
    )
    assert "ars-ara-appels@example.org" not in text
    assert pdfa_parts(pdf) == {("3", "B")}


def test_a_refusal_letter(decided):
    decision = decided(
        DecisionOutcome.REJECTED,
        motivation="Le territoire couvert chevauche celui d'une filière reconnue.",
    )
    # The first of the month is written « 1er ».
    text, pdf = letter_text(decision, issued_on=datetime.date(2026, 12, 1))
    reference = decision.application.reference
    assert (
        missing(
            text,
            [
                *common_mentions(decision, "Lyon, le 1er décembre 2026"),
                f"votre projet « Projet de filière » (dossier {reference}) "
                "n'est pas retenu.",
                "Motifs Le territoire couvert chevauche celui d'une filière reconnue.",
            ],
        )
        == []
    )
    assert "€" not in text
    assert "subvention" not in text
    assert "est retenu" not in text
    assert pdfa_parts(pdf) == {("3", "B")}


@pytest.mark.parametrize(
    ("address", "city"),
    [
        ("6 place des Colombes\nCS 14253\n35042 Rennes Cedex", "Rennes"),
        ("241 rue Garibaldi\nCS 93383\n69418 Lyon Cedex 03", "Lyon"),
        ("1 rue de l'Exemple\n35000 Rennes\n", "Rennes"),
        ("Millénaire 2\n35 rue de la Gare\n75019 Paris", "Paris"),
        ("", ""),
    ],
)
def test_address_city(address, city):
    assert address_city(address) == city
