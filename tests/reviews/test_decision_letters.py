"""The decision letter (notification de décision): for each outcome, the text
of its PDF carries every mandatory mention with the dossier's values, and the
PDF declares PDF/A-3a and is tagged."""

import datetime
from decimal import Decimal

import pytest

from applications.enums import ApplicationState
from applications.services import application_declare_inadmissible
from reviews import services
from reviews.enums import CommitteeRole, DecisionOutcome
from reviews.letters import address_city, render_decision_letter_pdf
from reviews.models import Decision
from tests.factories import (
    ApplicationFactory,
    OrganisationFactory,
    assign,
    drive_to,
    submitted_review,
    under_review,
)
from tests.pdf_structure import pdf_structure, pdf_text, pdfa_parts

ISSUED_ON = datetime.date(2026, 12, 3)
# 23:30 UTC on 9 November is 00:30 on 10 November in Paris.
HELD_AT = datetime.datetime(2026, 11, 9, 23, 30, tzinfo=datetime.UTC)
# Noon in Paris on 2 November (set once the dossiers are submitted).
CLOSES_AT = datetime.datetime(2026, 11, 2, 11, 0, tzinfo=datetime.UTC)


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


def villefranche():
    return OrganisationFactory(
        name="Centre hospitalier de Villefranche",
        address="Plateau d'Ouilly\n69400 Gleizé",
        legal_representative="Dominique Martin",
    )


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
        dossier = under_review(lyon_call, manager=manager, organisation=villefranche())
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


@pytest.fixture
def declared_inadmissible(lyon_call, manager):
    """A dossier of the call declared inadmissible through the services: its
    decision recorded, to be notified with the release."""
    dossier = drive_to(
        ApplicationFactory(call=lyon_call, organisation=villefranche()),
        ApplicationState.SUBMITTED,
    )
    application_declare_inadmissible(
        application=dossier,
        user=manager,
        motivation="La lettre d'engagement des partenaires n'est pas signée.",
        notify_now=False,
    )
    return Decision.objects.get(application=dossier)


def letter_text(decision, issued_on=ISSUED_ON, **kwargs) -> tuple[str, bytes]:
    # The deadline, past by the time letters are sent (the dossiers were
    # submitted before it).
    call = decision.application.call
    call.closes_at = CLOSES_AT
    call.save(update_fields=["closes_at"])
    pdf = render_decision_letter_pdf(
        decision, number="2026-ARA-0042", issued_on=issued_on, **kwargs
    )
    return pdf_text(pdf), pdf


def common_mentions(
    decision, date_line="Lyon, le 3 décembre 2026", kind="Notification de décision"
) -> list[str]:
    application = decision.application
    return [
        "Agence régionale de santé Auvergne-Rhône-Alpes 241 rue Garibaldi "
        "CS 93383 69418 Lyon Cedex 03",
        date_line,
        "Courrier n° 2026-ARA-0042",
        # The running footer, on each page.
        f"{kind} — dossier {application.reference} — courrier n° 2026-ARA-0042",
        f"Dossier {application.reference}",
        f"Appel {application.call.reference}",
        "Centre hospitalier de Villefranche À l'attention de Dominique Martin "
        "Plateau d'Ouilly 69400 Gleizé",
        f"Vu l'appel à candidatures {application.call.reference} « Filières "
        "territoriales de soins palliatifs » ouvert le 1 septembre 2026, la date "
        "limite de dépôt des dossiers étant fixée au 2 novembre 2026 ;",
        f"Vu le dossier {application.reference} « Projet de filière » déposé le",
        "Directrice générale adjointe Camille Exemple",
        "dans un délai de deux mois à compter de sa notification",
        "recours gracieux adressé au directeur général de l'agence régionale de santé",
        "recours hiérarchique adressé au ministre chargé de la santé",
        "recours contentieux devant le tribunal administratif de Lyon",
        "Télérecours citoyens accessible sur le site www.telerecours.fr",
    ]


def committee_mentions(decision) -> list[str]:
    """The subject and Vu line of the committee's decisions."""
    reference = decision.application.call.reference
    return [
        "Objet : décision relative à votre candidature à l'appel à candidatures "
        f"{reference} « Filières territoriales de soins palliatifs »",
        "Vu l'avis du comité de sélection réuni le 10 novembre 2026",
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
                *committee_mentions(decision),
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
    assert pdfa_parts(pdf) == {("3", "A")}


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
                *committee_mentions(decision),
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
    assert pdfa_parts(pdf) == {("3", "A")}


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
                *committee_mentions(decision),
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
    assert pdfa_parts(pdf) == {("3", "A")}


def test_an_inadmissibility_letter(declared_inadmissible):
    decision = declared_inadmissible
    text, pdf = letter_text(decision)
    reference = decision.application.reference
    call_reference = decision.application.call.reference
    assert (
        missing(
            text,
            [
                *common_mentions(decision, kind="Notification d'irrecevabilité"),
                "Objet : notification d'irrecevabilité de votre dossier "
                f"{reference} déposé au titre de l'appel à candidatures "
                f"{call_reference} « Filières territoriales de soins palliatifs »",
                f"votre dossier {reference} « Projet de filière » est déclaré "
                "irrecevable, pour les motifs exposés ci-dessous.",
                "Motifs La lettre d'engagement des partenaires n'est pas signée.",
            ],
        )
        == []
    )
    # No committee examined it: no opinion, no amount, no refusal of the project.
    assert "comité de sélection réuni" not in text
    assert "Avis du comité" not in text
    assert "€" not in text
    assert "subvention" not in text
    assert "retenu" not in text
    assert pdfa_parts(pdf) == {("3", "A")}


def test_the_letter_is_tagged_for_accessibility(declared_inadmissible):
    decision = declared_inadmissible
    reference = decision.application.reference
    _, pdf = letter_text(decision)
    structure = pdf_structure(pdf)
    assert structure.catalog["/Lang"] == "fr"
    assert structure.marked
    assert structure.displays_title
    assert structure.title == (
        f"Notification d'irrecevabilité — {reference} — courrier n° 2026-ARA-0042"
    )
    # The subject is the letter's heading, its parts the sections'.
    assert [(h.type, h.text) for h in structure.of_type("H1")] == [
        (
            "H1",
            f"Objet : notification d'irrecevabilité de votre dossier {reference} "
            f"déposé au titre de l'appel à candidatures "
            f"{decision.application.call.reference} « Filières territoriales de "
            "soins palliatifs »",
        )
    ]
    assert [h.text for h in structure.of_type("H2")] == [
        "Décision",
        "Motifs",
        "Voies et délais de recours",
    ]
    assert [th.text for th in structure.of_type("TH")] == [
        "Affaire suivie par",
        "Courrier n°",
        "Dossier",
        "Appel",
    ]
    # The running footer is drawn in the margin, outside the tagged content.
    footer = f"Notification d'irrecevabilité — dossier {reference}"
    assert footer not in structure.tagged_text
    assert footer in structure.untagged_text
    assert structure.unmarked_text == ""


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
