"""The minutes of a committee session (procès-verbal): the text of the PDF
(members, agenda with scores, decisions, abstentions, totals, signature), the
PDF/A declaration, the page serving it to the call's managers only, and a fixed
number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.enums import ApplicationState
from reviews import services
from reviews.enums import AssignmentStatus, CommitteeRole, DecisionOutcome
from reviews.minutes import minutes_context, render_committee_minutes_pdf
from reviews.models import Assignment, Decision, DecisionCondition
from tests.factories import (
    AdministratorFactory,
    AuthorityFactory,
    CallFactory,
    ManagerFactory,
)
from tests.factories.reviews import under_review
from tests.pdf_structure import pdf_text, pdfa_parts

from .builders import bulk_dossiers
from .manager_support import BASE

# 23:30 UTC on 9 November is 00:30 on 10 November in Paris.
HELD_AT = datetime.datetime(2026, 11, 9, 23, 30, tzinfo=datetime.UTC)


@pytest.fixture
def funded_call(call):
    call.title = "Filières territoriales de soins palliatifs"
    call.envelope = Decimal("100000")
    call.expected_laureates = 2
    call.save()
    authority = call.authority
    authority.name = "Agence régionale de santé Bretagne"
    authority.save()
    return call


def new_session(call, manager, members, held_at=HELD_AT, place="Salle du conseil"):
    return services.committee_create(
        call=call, user=manager, held_at=held_at, place=place, members=members
    )


def decide(dossier, manager, committee, outcome, **fields):
    return services.decision_record(
        application=dossier,
        user=manager,
        outcome=outcome,
        committee=committee,
        **fields,
    )


@pytest.fixture
def session(funded_call, manager, reviewers, reviewed):
    """A session of the funded call: a chair, a reviewer member who declared a
    conflict on the best dossier, an outside expert and a secretary; one
    acceptance with conditions (over the envelope), one refusal, one dossier
    left without a decision; a dossier decided at another session and one
    still under review, which are not on its agenda."""
    manager.first_name, manager.last_name = "Claire", "Présidente"
    manager.save()
    conflicted = reviewers[2]
    committee = new_session(
        funded_call,
        manager,
        [
            {"user": manager, "role": CommitteeRole.CHAIR, "organisation": "ARS"},
            (conflicted, CommitteeRole.REVIEWER),
            {"name": "Dr Anne Exemple", "role": "expert", "organisation": "URPS"},
            {"name": "Paul Greffier", "role": CommitteeRole.SECRETARY},
        ],
    )
    best = reviewed(4, 9, "80000.50", conflicted=conflicted)
    middle = reviewed(3, 7, "50000")
    last = reviewed(1, 2, "25000")
    elsewhere = reviewed(2, 5, "30000")
    pending = under_review(funded_call, manager=manager)
    decide(
        best,
        manager,
        committee,
        DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
        amount=Decimal("120000"),
        duration_months=24,
        motivation="Le budget de coordination doit être précisé.",
        opinion="Avis favorable unanime.",
        conditions=[
            {"text": "Produire le budget révisé", "due_on": datetime.date(2027, 3, 1)},
            {"text": "Signer la charte", "due_on": None},
        ],
        confirm_over_envelope=True,
        over_envelope_reason="Projet prioritaire de la région.",
    )
    decide(
        middle,
        manager,
        committee,
        DecisionOutcome.REJECTED,
        motivation="Hors du cadre de l'appel.",
    )
    other = new_session(
        funded_call,
        manager,
        [(manager, CommitteeRole.CHAIR)],
        held_at=HELD_AT + datetime.timedelta(days=30),
    )
    decide(
        elsewhere,
        manager,
        other,
        DecisionOutcome.ACCEPTED,
        amount=Decimal("10000"),
        confirm_over_envelope=True,
        over_envelope_reason="Reliquat.",
    )
    outside = {"elsewhere": elsewhere, "pending": pending}
    return committee, {"best": best, "middle": middle, "last": last}, outside


def missing(text: str, fragments: list[str]) -> list[str]:
    return [fragment for fragment in fragments if fragment not in text]


# The document --------------------------------------------------------------------


def test_minutes_state_members_agenda_decisions_abstentions_and_totals(
    session, funded_call
):
    committee, dossiers, outside = session
    best, middle, last = dossiers["best"], dossiers["middle"], dossiers["last"]
    pdf = render_committee_minutes_pdf(committee)
    text = pdf_text(pdf)

    reference = funded_call.reference
    assert (
        missing(
            text,
            [
                "Agence régionale de santé Bretagne",
                "Procès-verbal du comité de sélection",
                f"Appel à candidatures {reference} — Filières territoriales de "
                "soins palliatifs",
                "Séance 10 novembre 2026 à 00:30 (heure de Paris)",
                "Lieu Salle du conseil",
                # Members with their role and organisation.
                "Claire Présidente Président ARS",
                f"{committee.members.get(role='reviewer').name} Instructeur —",
                "Dr Anne Exemple Expert invité URPS",
                "Paul Greffier Secrétaire de séance —",
                # The agenda, in ranking order, with scores and requested amounts.
                f"1 {best.reference} Projet de filière",
                "97,5 80 000,50 €",
                f"2 {middle.reference} Projet de filière",
                "73,8 50 000 €",
                f"4 {last.reference} Projet de filière",
                "23,8 25 000 €",
                # Each dossier's decision.
                f"{best.reference} — Projet de filière Organisme porteur : "
                f"{best.organisation.name}. Note consolidée : 97,5 sur 100 "
                "(2 évaluations), rang 1. Décision : Retenu sous conditions, "
                "montant attribué 120 000 € pour une durée de 24 mois.",
                # (The list's numbers are drawn apart: not in the text's flow.)
                "Conditions : Produire le budget révisé — à satisfaire au plus "
                "tard le 1 mars 2027. Signer la charte.",
                "Motifs : Le budget de coordination doit être précisé.",
                "Avis du comité : Avis favorable unanime.",
                "Dépassement de l'enveloppe, motif : Projet prioritaire de la région.",
                "Ne prennent pas part à la décision (conflit d'intérêts déclaré) : "
                f"{committee.members.get(role='reviewer').name}.",
                f"{middle.reference} — Projet de filière",
                "Note consolidée : 73,8 sur 100 (2 évaluations), rang 2. "
                "Décision : Non retenu. Motifs : Hors du cadre de l'appel. "
                "Aucun membre n'a déclaré de conflit d'intérêts sur ce dossier.",
                f"{last.reference} — Projet de filière",
                "rang 4. Sans décision.",
                # The totals: the session's, then the call's.
                "Décisions prises lors de la séance : 2 ; dossier sans décision : 1.",
                "Retenu : 0 Retenu sous conditions : 1 Non retenu : 1",
                "Montant attribué lors de la séance : 120 000 € (1 lauréat).",
                "Montant attribué : 130 000 € sur une enveloppe de 100 000 €",
                "Dépassement de l'enveloppe : 30 000 €",
                "Lauréats : 2 sur 2 attendus.",
                # Signed by the chair and the secretary.
                "Fait le 10 novembre 2026, Salle du conseil.",
                "Le président de séance",
                "Claire Présidente ARS",
                "Le secrétaire de séance",
                "Procès-verbal — appel " + reference + " — séance du 10 novembre 2026",
            ],
        )
        == []
    )
    # Decided at another session, or still under review: not in these minutes.
    assert outside["elsewhere"].reference not in text
    assert outside["pending"].reference not in text
    assert "Reste disponible" not in text
    assert pdfa_parts(pdf) == {("3", "A")}


def test_minutes_of_a_session_within_the_envelope_without_chair(
    funded_call, manager, reviewed
):
    dossier = reviewed(3, 7, "50000")
    committee = new_session(
        funded_call, manager, [(manager, CommitteeRole.MEMBER)], place=""
    )
    decide(dossier, manager, committee, DecisionOutcome.ACCEPTED, amount="40000")
    text = pdf_text(render_committee_minutes_pdf(committee))

    assert (
        missing(
            text,
            [
                "Lieu —",
                "Décision : Retenu, montant attribué 40 000 €.",
                "Décisions prises lors de la séance : 1.",
                "Montant attribué : 40 000 € sur une enveloppe de 100 000 €",
                "Reste disponible : 60 000 €",
                "Lauréats : 1 sur 2 attendus.",
                "Fait le 10 novembre 2026.",
            ],
        )
        == []
    )
    assert "Dépassement" not in text
    assert "sans décision" not in text.lower()
    assert "Le secrétaire de séance" not in text


def test_minutes_of_a_call_without_envelope_nor_expected_number(
    call, manager, reviewed
):
    call.envelope = None
    call.expected_laureates = None
    call.save()
    committee = new_session(call, manager, [(manager, CommitteeRole.CHAIR)])
    text = pdf_text(render_committee_minutes_pdf(committee))

    assert (
        missing(
            text,
            [
                "Aucun dossier n'a été examiné lors de cette séance.",
                "Montant attribué : 0 € (l'appel ne fixe pas d'enveloppe)",
                "Lauréats : 0 (l'appel ne fixe pas de nombre attendu).",
            ],
        )
        == []
    )


def test_minutes_context_queries_do_not_grow(call, manager, reviewers):
    committee = new_session(
        call,
        manager,
        [(manager, CommitteeRole.CHAIR), (reviewers[2], CommitteeRole.REVIEWER)],
    )

    def grow(count):
        dossiers = bulk_dossiers(
            call, count, reviewers=reviewers[:2], state=ApplicationState.REVIEWED
        )
        Assignment.objects.bulk_create(
            Assignment(
                application=dossier,
                reviewer=reviewers[2],
                status=AssignmentStatus.CONFLICT,
                conflict_reason="Lien.",
            )
            for dossier in dossiers
        )
        decisions = Decision.objects.bulk_create(
            Decision(
                application=dossier,
                committee=committee,
                outcome=DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
                amount=Decimal(1000),
                motivation="Sous réserve.",
                recorded_by=manager,
                recorded_at=committee.held_at,
            )
            for dossier in dossiers[::2]
        )
        DecisionCondition.objects.bulk_create(
            DecisionCondition(decision=decision, text="Budget")
            for decision in decisions
        )

    def queries():
        committee.refresh_from_db()  # nothing prefetched
        with CaptureQueriesContext(connection) as context:
            items = minutes_context(committee)["items"]
            for item in items:
                # What the template reads: the lead, the conditions, the members.
                assert item.lead and item.abstentions == [reviewers[2].get_full_name()]
                assert len(item.conditions) == (1 if item.decision else 0)
        return len(context), len(items)

    grow(3)
    small, rows_small = queries()
    grow(12)
    large, rows_large = queries()
    assert (rows_small, rows_large) == (3, 15)
    assert small == large == 9  # members, call, authority, ranking, versions,
    # decisions, conditions, conflicts, envelope


# The page ------------------------------------------------------------------------


def minutes_url(call, committee) -> str:
    return f"{BASE}appels/{call.pk}/comite/{committee.pk}/proces-verbal/"


def test_minutes_url_and_link_on_the_committee_page(
    client, session, funded_call, manager
):
    committee = session[0]
    url = minutes_url(funded_call, committee)
    assert url == reverse(
        "reviews_admin:committee_minutes",
        kwargs={"call_pk": funded_call.pk, "committee_pk": committee.pk},
    )
    client.force_login(manager)
    page = client.get(f"{BASE}appels/{funded_call.pk}/comite/").content.decode()
    # A link per session, in the sessions' table: this one and the other one.
    assert page.count("/proces-verbal/") == 2
    assert f'href="{url}"' in page


def test_manager_and_administrator_open_the_minutes_inline(
    client, session, funded_call, manager
):
    committee = session[0]
    for user in (manager, AdministratorFactory(username="admin-sillon")):
        client.force_login(user)
        response = client.get(minutes_url(funded_call, committee))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == (
            f'inline; filename="{funded_call.reference}-proces-verbal-2026-11-10.pdf"'
        )
        assert "Procès-verbal du comité de sélection" in pdf_text(response.content)


def test_a_session_of_another_call_is_not_found(client, session, funded_call, manager):
    committee = session[0]
    other_call = CallFactory(authority=funded_call.authority)
    client.force_login(manager)
    assert client.get(minutes_url(other_call, committee)).status_code == 404
    assert (
        client.get(
            f"{BASE}appels/{funded_call.pk}/comite/{committee.pk + 1000}/proces-verbal/"
        ).status_code
        == 404
    )


def test_manager_of_another_authority_gets_404(client, session, funded_call):
    client.force_login(ManagerFactory(username="autre", authority=AuthorityFactory()))
    assert client.get(minutes_url(funded_call, session[0])).status_code == 404


def test_reviewers_are_sent_to_the_admin_home(client, session, funded_call, reviewers):
    for reviewer in (reviewers[0], reviewers[2]):  # assigned; conflicted and member
        client.force_login(reviewer)
        response = client.get(minutes_url(funded_call, session[0]))
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")


def test_applicant_and_visitor_are_sent_to_the_admin_login(
    client, session, funded_call
):
    url = minutes_url(funded_call, session[0])
    for user in (None, session[1]["best"].created_by):
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))
