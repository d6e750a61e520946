"""The committee's pages (/admin/instruction/…/comite/, …/decision/): the
sessions and the agenda, a session's form, a dossier's decision, the same
refusal for several dossiers; who may open them; silent, all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.enums import ApplicationState
from core.models import OutboundEmail
from core.time import PARIS
from reviews import services
from reviews.enums import CommitteeRole, DecisionOutcome
from reviews.exceptions import DecisionRefused
from reviews.models import Committee, Decision
from tests.factories import (
    AdministratorFactory,
    AuthorityFactory,
    ManagerFactory,
)

from .builders import bulk_dossiers
from .manager_support import BASE, messages_of, text_of


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def funded_call(call):
    call.envelope = Decimal("100000")
    call.expected_laureates = 2
    call.save()
    return call


def urls(call, dossier) -> dict[str, str]:
    return {
        "committee": f"{BASE}appels/{call.pk}/comite/",
        "committee_create": f"{BASE}appels/{call.pk}/comite/seance/",
        "decisions_bulk": f"{BASE}appels/{call.pk}/comite/refus/",
        "decision": f"{BASE}dossiers/{dossier.pk}/decision/",
    }


def snapshot():
    return (
        list(Committee.objects.values_list("pk", "place")),
        list(Decision.objects.values_list("pk", "outcome", "amount", "motivation")),
        OutboundEmail.objects.count(),
    )


def session_data(**extra) -> dict:
    return {"held_at": "05/03/2027 14:30", "place": "Salle du conseil", **extra}


def decision_data(**extra) -> dict:
    return {"outcome": DecisionOutcome.ACCEPTED, "amount": "40 000", **extra}


POSTS = {
    "committee_create": lambda staff: session_data(**{f"member_{staff.pk}": "on"}),
    "decision": lambda staff: decision_data(),
    "decisions_bulk": lambda staff: {"motivation": "Hors cadre."},
}


# Who may open them ---------------------------------------------------------------


NAMES = ["committee", "committee_create", "decisions_bulk", "decision"]


@pytest.mark.parametrize("name", NAMES)
def test_manager_and_administrator_open_every_page(
    client, manager, call, reviewed, name
):
    url = urls(call, reviewed())[name]
    client.force_login(manager)
    assert client.get(url).status_code == 200
    client.force_login(AdministratorFactory(username="admin-sillon"))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", NAMES)
def test_manager_of_another_authority_gets_404_and_changes_nothing(
    client, call, manager, reviewed, name
):
    url = urls(call, reviewed())[name]
    client.force_login(ManagerFactory(username="autre", authority=AuthorityFactory()))
    assert client.get(url).status_code == 404
    if name in POSTS:
        before = snapshot()
        assert client.post(url, POSTS[name](manager)).status_code == 404
        assert snapshot() == before


@pytest.mark.parametrize("who", [0, 2, 3], ids=["assigned", "conflicted", "unassigned"])
@pytest.mark.parametrize("name", NAMES)
def test_reviewers_are_sent_to_the_admin_home(
    client, call, manager, reviewers, reviewed, who, name
):
    url = urls(call, reviewed(conflicted=reviewers[2]))[name]
    client.force_login(reviewers[who])
    before = snapshot()
    for response in (
        client.get(url),
        client.post(url, POSTS.get(name, lambda s: {})(manager)),
    ):
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert snapshot() == before


@pytest.mark.parametrize("name", NAMES)
def test_applicant_and_visitor_are_sent_to_the_admin_login(
    client, call, reviewed, name
):
    dossier = reviewed()
    url = urls(call, dossier)[name]
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))
    client.force_login(dossier.created_by)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_call_links_lead_to_the_committee(manager_client, call):
    response = manager_client.get(f"{BASE}appels/{call.pk}/")
    assert f'href="{BASE}appels/{call.pk}/comite/"' in response.content.decode()


# The committee page -------------------------------------------------------------


def test_agenda_lists_the_reviewed_dossiers_in_ranking_order(
    manager_client, call, manager, reviewers, reviewed, dossier
):
    low = reviewed(first=1, second=2, requested="25000")
    high = reviewed(first=4, second=9, requested="80000.50")
    response = manager_client.get(urls(call, low)["committee"])

    items = response.context["items"]
    assert [item.application for item in items] == [high, low]  # not ``dossier``
    assert [item.requested for item in items] == [
        "80\u00a0000,50\u00a0€",
        "25\u00a0000\u00a0€",
    ]
    assert items[0].score != "—"
    page = text_of(response)
    assert high.reference in page and low.reference in page
    assert dossier.reference not in page  # under review: not on the agenda
    assert f"{BASE}dossiers/{low.pk}/decision/" in response.content.decode()


def test_committee_page_shows_sessions_decisions_and_abstentions(
    manager_client, funded_call, manager, reviewers, reviewed
):
    dossier = reviewed(conflicted=reviewers[2])
    other = reviewed()
    committee = services.committee_create(
        call=funded_call,
        user=manager,
        held_at=datetime.datetime(2027, 3, 5, 14, 30, tzinfo=PARIS),
        place="Salle du conseil",
        members=[
            (manager, CommitteeRole.CHAIR),
            (reviewers[2], CommitteeRole.REVIEWER),
            {"name": "Dr Anne Exemple", "role": "expert", "organisation": "URPS"},
        ],
    )
    services.decision_record(
        application=dossier,
        user=manager,
        outcome=DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
        amount=Decimal("120000"),
        motivation="Budget à préciser.",
        conditions=[{"text": "Budget détaillé"}, {"text": "Convention"}],
        committee=committee,
        confirm_over_envelope=True,
        over_envelope_reason="Projet prioritaire.",
    )
    response = manager_client.get(urls(funded_call, dossier)["committee"])

    page = text_of(response)
    assert "05/03/2027 14:30" in page
    assert "Salle du conseil" in page and "Dr Anne Exemple" in page
    by_pk = {item.application.pk: item for item in response.context["items"]}
    assert (
        by_pk[dossier.pk].decision.outcome == DecisionOutcome.ACCEPTED_WITH_CONDITIONS
    )
    assert by_pk[dossier.pk].conditions_count == 2
    assert by_pk[dossier.pk].abstentions == [reviewers[2].get_full_name()]
    assert by_pk[other.pk].abstentions == []  # no conflict declared there
    assert by_pk[other.pk].decision is None
    envelope = response.context["envelope"]
    assert envelope.exceeded and envelope.laureates == 1
    # The overrun stated in words, with its amount.
    assert "20\u00a0000\u00a0€" in response.context["envelope_lines"][0]
    assert "20\u00a0000\u00a0€" in page

    decision_page = manager_client.get(urls(funded_call, dossier)["decision"])
    recap_values = [value for _label, value in decision_page.context["recap"]]
    assert reviewers[2].get_full_name() in recap_values  # not taking part


def test_committee_page_queries_do_not_grow(manager_client, call, manager, reviewers):
    committee = services.committee_create(
        call=call,
        user=manager,
        held_at=datetime.datetime(2027, 3, 5, 14, 30, tzinfo=PARIS),
        members=[(manager, "chair"), (reviewers[0], "reviewer")],
    )

    def grow(count):
        dossiers = bulk_dossiers(
            call, count, reviewers=reviewers[:2], state=ApplicationState.REVIEWED
        )
        Decision.objects.bulk_create(
            Decision(
                application=d,
                committee=committee,
                outcome=DecisionOutcome.REJECTED,
                motivation="Non.",
                recorded_by=manager,
                recorded_at=committee.held_at,
            )
            for d in dossiers[::2]
        )

    def queries():
        with CaptureQueriesContext(connection) as context:
            response = manager_client.get(f"{BASE}appels/{call.pk}/comite/")
        assert response.status_code == 200
        return len(context), len(response.context["items"])

    grow(3)
    small, rows_small = queries()
    grow(12)
    large, rows_large = queries()
    assert (rows_small, rows_large) == (3, 15)
    assert small == large


# A session ----------------------------------------------------------------------


def test_a_session_is_recorded_with_staff_and_outside_members(
    manager_client, call, manager, reviewers
):
    response = manager_client.post(
        urls(call, call)["committee_create"],
        session_data(
            **{
                f"member_{manager.pk}": "on",
                f"role_{manager.pk}": "chair",
                f"member_{reviewers[1].pk}": "on",
                f"role_{reviewers[1].pk}": "reviewer",
                f"role_{reviewers[2].pk}": "member",  # not ticked: not present
                "extra_0_name": "Dr Anne Exemple",
                "extra_0_organisation": "URPS",
                "extra_0_role": "expert",
            }
        ),
    )

    assert response.status_code == 302
    assert response.url == f"{BASE}appels/{call.pk}/comite/"
    committee = Committee.objects.get()
    assert committee.held_at == datetime.datetime(2027, 3, 5, 14, 30, tzinfo=PARIS)
    assert committee.place == "Salle du conseil"
    members = committee.members.values_list("user", "role", "organisation")
    assert set(members) == {
        (manager.pk, "chair", ""),
        (reviewers[1].pk, "reviewer", ""),
        (None, "expert", "URPS"),
    }


@pytest.mark.parametrize(
    "data, field",
    [
        (session_data(), None),  # nobody present
        (session_data(held_at="2027-13-40"), "held_at"),
        (session_data(extra_0_organisation="URPS"), "extra_0_name"),
    ],
    ids=["no member", "bad date", "organisation without name"],
)
def test_a_session_form_with_errors_records_nothing(
    manager_client, call, manager, data, field
):
    if field is not None:
        data = {**data, f"member_{manager.pk}": "on"}
    response = manager_client.post(urls(call, call)["committee_create"], data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors
    if field:
        assert field in form.errors
    assert form.data["place"] == "Salle du conseil"  # kept as typed
    assert not Committee.objects.exists()


# A decision ---------------------------------------------------------------------


def test_an_acceptance_is_recorded_silently(
    manager_client, funded_call, reviewed, manager
):
    dossier = reviewed()
    committee = services.committee_create(
        call=funded_call,
        user=manager,
        held_at=datetime.datetime(2027, 3, 5, 14, 30, tzinfo=PARIS),
        members=[(manager, "chair")],
    )
    emails = OutboundEmail.objects.count()
    response = manager_client.post(
        urls(funded_call, dossier)["decision"],
        decision_data(
            amount="40 000,50",
            duration_months="24",
            opinion="Avis favorable.",
            committee=str(committee.pk),
        ),
    )

    assert response.status_code == 302
    assert response.url == f"{BASE}appels/{funded_call.pk}/comite/"
    decision = Decision.objects.get(application=dossier)
    assert decision.amount == Decimal("40000.50")
    assert decision.duration_months == 24
    assert decision.committee == committee
    assert decision.opinion == "Avis favorable."
    assert OutboundEmail.objects.count() == emails  # nothing sent
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.REVIEWED
    assert len(messages_of(response)) == 1


def test_conditions_are_recorded_then_shown_for_correction(
    manager_client, funded_call, reviewed
):
    dossier = reviewed()
    url = urls(funded_call, dossier)["decision"]
    response = manager_client.post(
        url,
        decision_data(
            outcome=DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
            motivation="Sous réserve.",
            condition_0_text="Budget détaillé",
            condition_0_due_on="2027-06-30",
            condition_1_text="Convention signée",
        ),
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application=dossier)
    assert list(decision.conditions.values_list("text", "due_on")) == [
        ("Budget détaillé", datetime.date(2027, 6, 30)),
        ("Convention signée", None),
    ]

    form = manager_client.get(url).context["form"]
    assert form["condition_0_text"].value() == "Budget détaillé"
    assert form["amount"].value() == "40000,00"
    assert form["outcome"].value() == DecisionOutcome.ACCEPTED_WITH_CONDITIONS

    response = manager_client.post(
        url, {"outcome": DecisionOutcome.REJECTED, "motivation": "Finalement non."}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.REJECTED and decision.amount is None
    assert not decision.conditions.exists()


@pytest.mark.parametrize(
    "data, field",
    [
        ({"outcome": DecisionOutcome.REJECTED}, "motivation"),
        ({"outcome": DecisionOutcome.ACCEPTED}, "amount"),
        ({"outcome": DecisionOutcome.ACCEPTED, "amount": "douze"}, "amount"),
        (
            {
                "outcome": DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
                "amount": "1000",
                "motivation": "Sous réserve.",
            },
            "condition_0_text",
        ),
        ({}, "outcome"),
    ],
    ids=[
        "refusal without reasons",
        "no amount",
        "not an amount",
        "no condition",
        "no outcome",
    ],
)
def test_a_refused_decision_shows_the_error_on_its_field(
    manager_client, funded_call, reviewed, data, field
):
    dossier = reviewed()
    data = {**data, "opinion": "Avis tapé."}
    response = manager_client.post(urls(funded_call, dossier)["decision"], data)

    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert form.data["opinion"] == "Avis tapé."
    assert f'id="{form[field].auto_id}_error"' in response.content.decode()
    assert not Decision.objects.exists()


def test_over_the_envelope_asks_for_a_confirmation_with_a_reason(
    manager_client, funded_call, reviewed
):
    dossier = reviewed()
    url = urls(funded_call, dossier)["decision"]
    typed = decision_data(amount="150 000", opinion="Très bon projet.")

    response = manager_client.post(url, typed)
    assert response.status_code == 200
    assert response.context["over_envelope"] is True
    assert response.context["reasons"]  # the overrun, in words
    assert "50\u00a0000\u00a0€" in text_of(response)
    assert response.context["form"].data["opinion"] == "Très bon projet."
    assert 'name="confirm_over_envelope"' in response.content.decode()
    assert not Decision.objects.exists()

    response = manager_client.post(url, {**typed, "confirm_over_envelope": "on"})
    assert response.status_code == 200
    assert "over_envelope_reason" in response.context["form"].errors
    assert not Decision.objects.exists()

    response = manager_client.post(
        url,
        {
            **typed,
            "confirm_over_envelope": "on",
            "over_envelope_reason": "Projet prioritaire.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.amount == Decimal("150000")
    assert decision.over_envelope_reason == "Projet prioritaire."

    # Corrected later: the confirmation and its reason are shown again.
    response = manager_client.get(url)
    assert response.context["over_envelope"] is True
    form = response.context["form"]
    assert form["over_envelope_reason"].value() == "Projet prioritaire."
    assert form["confirm_over_envelope"].value() is True


def test_no_decision_on_a_dossier_under_review(manager_client, call, dossier):
    url = urls(call, dossier)["decision"]
    response = manager_client.get(url)
    assert response.status_code == 200
    assert response.context["refused_here"]
    assert 'data-testid="decision-form"' not in response.content.decode()

    response = manager_client.post(url, decision_data())
    assert response.status_code == 200
    assert not Decision.objects.exists()


def test_a_released_decision_is_not_changed_here(
    manager_client, funded_call, reviewed, manager
):
    dossier = reviewed()
    decision = services.decision_record(
        application=dossier, user=manager, outcome="rejected", motivation="Non."
    )
    Decision.objects.filter(pk=decision.pk).update(released_at=decision.recorded_at)
    response = manager_client.post(
        urls(funded_call, dossier)["decision"], decision_data()
    )

    assert response.status_code == 200
    assert response.context["refused_here"]
    decision.refresh_from_db()
    assert decision.outcome == DecisionOutcome.REJECTED


# The same refusal for several dossiers ------------------------------------------


def test_bulk_refusal_names_the_dossiers_then_records_them(
    manager_client, call, manager, reviewed
):
    first, second, decided = reviewed(), reviewed(), reviewed()
    services.decision_record(
        application=decided, user=manager, outcome="accepted", amount=1000
    )
    url = urls(call, first)["decisions_bulk"]

    form = manager_client.get(url).context["form"]
    offered = {pk for pk, _label in form.fields["applications"].choices}
    assert offered == {first.pk, second.pk}  # ``decided`` has its decision

    data = {"applications": [first.pk, second.pk], "motivation": "Hors cadre."}
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert response.context["confirming"]
    confirmation = text_of(response)
    assert first.reference in confirmation and second.reference in confirmation
    assert first.title in confirmation
    assert Decision.objects.count() == 1  # nothing recorded yet

    emails = OutboundEmail.objects.count()
    response = manager_client.post(url, {**data, "confirmed": "True"})
    assert response.status_code == 302
    refused = Decision.objects.filter(application__in=[first, second])
    assert sorted(refused.values_list("outcome", "motivation")) == [
        ("rejected", "Hors cadre."),
        ("rejected", "Hors cadre."),
    ]
    assert OutboundEmail.objects.count() == emails
    # Each still editable.
    page = manager_client.get(urls(call, first)["decision"])
    assert 'data-testid="decision-form"' in page.content.decode()


def test_bulk_refusal_back_from_the_confirmation_keeps_the_choice(
    manager_client, call, reviewed
):
    first, _second = reviewed(), reviewed()
    url = urls(call, first)["decisions_bulk"]
    data = {"applications": [first.pk], "motivation": "Hors cadre.", "edit": "1"}
    response = manager_client.post(url, {**data, "confirmed": "True"})
    assert response.status_code == 200
    assert not response.context["confirming"]
    assert response.context["form"]["applications"].value() == [str(first.pk)]
    assert not Decision.objects.exists()


def test_bulk_refusal_is_all_or_nothing(manager_client, call, reviewed, monkeypatch):
    first, second = reviewed(), reviewed()
    real = services.decision_record

    def refuse_the_second(*, application, **kwargs):
        if application.pk == second.pk:
            raise DecisionRefused("Refusé pour le test.")
        return real(application=application, **kwargs)

    monkeypatch.setattr(services, "decision_record", refuse_the_second)
    response = manager_client.post(
        urls(call, first)["decisions_bulk"],
        {
            "applications": [first.pk, second.pk],
            "motivation": "Hors cadre.",
            "confirmed": "True",
        },
    )

    assert response.status_code == 200
    refusals = response.context["refusals"]
    assert [r.application for r in refusals] == [second]
    assert not Decision.objects.exists()  # the first rolled back too


def test_bulk_refusal_needs_dossiers_and_a_reason(manager_client, call, reviewed):
    reviewed()
    response = manager_client.post(urls(call, call)["decisions_bulk"], {})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"applications", "motivation"}
    assert not Decision.objects.exists()


def test_running_total_reads_in_french(manager_client, funded_call, manager, reviewed):
    dossier = reviewed()
    page = text_of(manager_client.get(urls(funded_call, dossier)["committee"]))
    assert "Attribué : 0\xa0€ sur une enveloppe de 100\xa0000\xa0€ ; reste" in page
    services.decision_record(
        application=dossier,
        user=manager,
        outcome=DecisionOutcome.ACCEPTED,
        amount="150000",
        confirm_over_envelope=True,
        over_envelope_reason="Crédits complémentaires.",
    )
    page = text_of(manager_client.get(urls(funded_call, dossier)["committee"]))
    assert "dépassement de l'enveloppe de 50\xa0000\xa0€" in page
    assert "Awarded" not in page
