"""The committee's sessions and decisions (issue 10's Domain API): recorded
silently, refused with a reason per field, within the envelope unless
confirmed with a reason, correctable until released."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from applications.enums import ApplicationState
from core.models import ActivityEntry, OutboundEmail
from reviews import services
from reviews.enums import CommitteeRole, DecisionOutcome
from reviews.exceptions import (
    DecisionRefused,
    EnvelopeExceeded,
    ReviewError,
    ReviewPermissionRefused,
)
from reviews.models import Committee, Decision
from reviews.selectors import envelope_for_call
from tests.factories import CallFactory, assign, submitted_review, under_review


@pytest.fixture
def reviewed(call, criteria, manager, reviewers):
    """A dossier of the call whose review is completed."""

    def make():
        dossier = under_review(call, manager=manager)
        first, second = criteria
        for reviewer in reviewers[:2]:
            submitted_review(
                assign(dossier, reviewer, manager), {first.pk: 3, second.pk: 7}
            )
        services.application_complete_review(application=dossier, user=manager)
        dossier.refresh_from_db()
        return dossier

    return make


@pytest.fixture
def funded_call(call):
    call.envelope = Decimal("500000")
    call.expected_laureates = 2
    call.save()
    return call


def _decisions():
    return list(
        Decision.objects.order_by("pk").values_list(
            "pk", "outcome", "amount", "motivation", "over_envelope_reason"
        )
    )


def test_committee_records_its_members(call, manager, reviewers):
    held_at = timezone.now() - datetime.timedelta(days=1)
    committee = services.committee_create(
        call=call,
        user=manager,
        held_at=held_at,
        place="ARS, salle du conseil",
        members=[
            (manager, CommitteeRole.CHAIR),
            (reviewers[0], CommitteeRole.REVIEWER),
            {"name": "Dr Anne Exemple", "role": "expert", "organisation": "URPS"},
        ],
    )
    members = list(committee.members.values_list("name", "role", "organisation"))
    assert members == [
        ("Claude Gestion", "chair", ""),
        ("Dominique Exemple", "reviewer", ""),
        ("Dr Anne Exemple", "expert", "URPS"),
    ]
    assert ActivityEntry.objects.filter(action="committee.created").count() == 1


@pytest.mark.parametrize(
    "members",
    [[], [("", "member")], [("Anne", "king")]],
    ids=["no member", "no name", "unknown role"],
)
def test_committee_refuses_bad_members(call, manager, members):
    with pytest.raises(ReviewError):
        services.committee_create(
            call=call, user=manager, held_at=timezone.now(), members=members
        )
    assert not Committee.objects.exists()


def test_committee_refuses_a_member_named_twice(call, manager, reviewers):
    with pytest.raises(ReviewError):
        services.committee_create(
            call=call,
            user=manager,
            held_at=timezone.now(),
            members=[(reviewers[0], "member"), (reviewers[0], "reviewer")],
        )
    assert not Committee.objects.exists()


def test_only_the_calls_managers_hold_a_committee(call, other_manager, reviewers):
    for user in (other_manager, reviewers[0]):
        with pytest.raises(ReviewPermissionRefused):
            services.committee_create(
                call=call, user=user, held_at=timezone.now(), members=[("A", "chair")]
            )


def test_an_acceptance_is_recorded_silently(funded_call, manager, reviewed):
    dossier = reviewed()
    emails = OutboundEmail.objects.count()
    decision = services.decision_record(
        application=dossier,
        user=manager,
        outcome=DecisionOutcome.ACCEPTED,
        amount="250000",
        duration_months=36,
        opinion="Avis favorable unanime.",
    )
    assert decision.amount == Decimal("250000")
    assert decision.released_at is None
    assert OutboundEmail.objects.count() == emails
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.REVIEWED  # nothing the applicant sees
    assert ActivityEntry.objects.filter(action="decision.recorded").count() == 1
    envelope = envelope_for_call(funded_call)
    assert (envelope.awarded, envelope.remaining, envelope.laureates) == (
        Decimal("250000"),
        Decimal("250000"),
        1,
    )


def test_a_refusal_needs_its_reasons_and_awards_nothing(call, manager, reviewed):
    dossier = reviewed()
    with pytest.raises(DecisionRefused) as refused:
        services.decision_record(
            application=dossier, user=manager, outcome=DecisionOutcome.REJECTED
        )
    assert "motivation" in refused.value.errors
    with pytest.raises(DecisionRefused) as refused:
        services.decision_record(
            application=dossier,
            user=manager,
            outcome=DecisionOutcome.REJECTED,
            amount="1000",
            motivation="Gouvernance incomplète.",
        )
    assert "amount" in refused.value.errors
    assert _decisions() == []
    decision = services.decision_record(
        application=dossier,
        user=manager,
        outcome=DecisionOutcome.REJECTED,
        motivation="Gouvernance incomplète.",
    )
    assert decision.amount is None


def test_conditions_need_reasons_and_a_list(call, manager, reviewed):
    dossier = reviewed()
    outcome = DecisionOutcome.ACCEPTED_WITH_CONDITIONS
    with pytest.raises(DecisionRefused) as refused:
        services.decision_record(
            application=dossier,
            user=manager,
            outcome=outcome,
            amount="1000",
            motivation="Sous réserve.",
        )
    assert "conditions" in refused.value.errors
    due = datetime.date(2027, 6, 30)
    decision = services.decision_record(
        application=dossier,
        user=manager,
        outcome=outcome,
        amount="1000",
        motivation="Sous réserve de la charte signée.",
        conditions=[{"text": "Charte signée par tous les partenaires", "due_on": due}],
    )
    assert list(decision.conditions.values_list("text", "due_on")) == [
        ("Charte signée par tous les partenaires", due)
    ]


def test_conditions_belong_to_conditional_acceptances_only(call, manager, reviewed):
    dossier = reviewed()
    with pytest.raises(DecisionRefused) as refused:
        services.decision_record(
            application=dossier,
            user=manager,
            outcome=DecisionOutcome.ACCEPTED,
            amount="1000",
            conditions=["Une condition"],
        )
    assert "conditions" in refused.value.errors


@pytest.mark.parametrize("amount", [None, "", "0", "-5", "abc", "10.005"])
def test_an_acceptance_needs_a_positive_amount(call, manager, reviewed, amount):
    dossier = reviewed()
    with pytest.raises(DecisionRefused) as refused:
        services.decision_record(
            application=dossier,
            user=manager,
            outcome=DecisionOutcome.ACCEPTED,
            amount=amount,
        )
    assert "amount" in refused.value.errors
    assert _decisions() == []


def test_going_over_the_envelope_is_confirmed_with_a_reason(
    funded_call, manager, reviewed
):
    first, second = reviewed(), reviewed()
    services.decision_record(
        application=first, user=manager, outcome="accepted", amount="400000"
    )
    with pytest.raises(EnvelopeExceeded) as refused:
        services.decision_record(
            application=second, user=manager, outcome="accepted", amount="200000"
        )
    (reason,) = refused.value.reasons
    assert reason.startswith("Avec ce montant, les attributions atteignent")
    for figure in ("600\xa0000\xa0€", "500\xa0000\xa0€", "100\xa0000\xa0€"):
        assert figure in reason
    with pytest.raises(EnvelopeExceeded):
        services.decision_record(
            application=second,
            user=manager,
            outcome="accepted",
            amount="200000",
            confirm_over_envelope=True,
        )
    assert len(_decisions()) == 1
    decision = services.decision_record(
        application=second,
        user=manager,
        outcome="accepted",
        amount="200000",
        confirm_over_envelope=True,
        over_envelope_reason="Crédits complémentaires notifiés par la DGOS.",
    )
    assert decision.over_envelope_reason.startswith("Crédits")
    entry = ActivityEntry.objects.get(
        action="decision.recorded", target_object_id=str(decision.pk)
    )
    assert entry.details["over_envelope_reason"].startswith("Crédits")
    assert envelope_for_call(funded_call).exceeded


def test_a_correction_replaces_the_decision_until_release(
    funded_call, manager, reviewed
):
    dossier = reviewed()
    services.decision_record(
        application=dossier,
        user=manager,
        outcome="accepted_with_conditions",
        amount="300000",
        motivation="Réserves.",
        conditions=["Charte"],
    )
    decision = services.decision_record(
        application=dossier,
        user=manager,
        outcome="accepted",
        amount="250000",
    )
    assert Decision.objects.count() == 1
    assert decision.conditions.count() == 0
    assert envelope_for_call(funded_call).awarded == Decimal("250000")
    assert ActivityEntry.objects.filter(action="decision.corrected").count() == 1
    decision.released_at = timezone.now()
    decision.save()
    with pytest.raises(DecisionRefused):
        services.decision_record(
            application=dossier, user=manager, outcome="rejected", motivation="Non."
        )
    decision.refresh_from_db()
    assert decision.outcome == "accepted"


def test_a_decision_waits_for_the_completed_review(call, criteria, manager):
    dossier = under_review(call, manager=manager)
    with pytest.raises(DecisionRefused):
        services.decision_record(
            application=dossier, user=manager, outcome="accepted", amount="10"
        )
    assert _decisions() == []


def test_only_the_calls_managers_decide(
    call, manager, other_manager, reviewers, reviewed
):
    dossier = reviewed()
    for user in (other_manager, reviewers[0]):
        with pytest.raises(ReviewPermissionRefused):
            services.decision_record(
                application=dossier, user=user, outcome="accepted", amount="10"
            )
    assert _decisions() == []


def test_a_committee_of_another_call_is_refused(call, manager, reviewed):
    other = CallFactory(authority=call.authority)
    committee = services.committee_create(
        call=other, user=manager, held_at=timezone.now(), members=[("A", "chair")]
    )
    with pytest.raises(DecisionRefused):
        services.decision_record(
            application=reviewed(),
            user=manager,
            outcome="accepted",
            amount="10",
            committee=committee,
        )


def test_envelope_without_an_envelope(call, manager, reviewed):
    call.envelope = None
    call.save()
    services.decision_record(
        application=reviewed(), user=manager, outcome="accepted", amount="10"
    )
    envelope = envelope_for_call(call)
    assert (envelope.envelope, envelope.remaining, envelope.exceeded) == (
        None,
        None,
        False,
    )
