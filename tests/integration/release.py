"""A call whose decisions are ready to be released, for the worker tests."""

from __future__ import annotations

from reviews import services as reviews_services
from tests.factories import (
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    MembershipFactory,
    OrganisationFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    submitted_review,
    under_review,
)


def decided_call(dossiers: int = 3):
    """A call whose ``dossiers`` are reviewed and decided through the services
    (accepted, accepted with conditions, rejected, and again), nothing released."""
    call = CallFactory(min_reviews=1)
    criterion = CriterionFactory(call=call, label="Gouvernance", max_score=4)
    manager = ManagerFactory(username="gestionnaire-rel", authority=call.authority)
    reviewer = ReviewerFactory(username="instructeur-rel", authority=call.authority)
    outcomes = (
        {"outcome": "accepted", "amount": "150000"},
        {
            "outcome": "accepted_with_conditions",
            "amount": "90000",
            "motivation": "Charte de gouvernance à signer.",
            "conditions": ["Signer la charte de gouvernance."],
        },
        {"outcome": "rejected", "motivation": "Territoire non couvert."},
    )
    decisions = []
    for number in range(1, dossiers + 1):
        fields = outcomes[(number - 1) % len(outcomes)]
        organisation = OrganisationFactory(name=f"Porteur {number}")
        MembershipFactory(
            organisation=organisation,
            user=UserFactory(
                username=f"porteur-{number}", email=f"porteur-{number}@example.org"
            ),
        )
        dossier = under_review(call, manager=manager, organisation=organisation)
        submitted_review(assign(dossier, reviewer, manager), {criterion.pk: 3})
        reviews_services.application_complete_review(application=dossier, user=manager)
        dossier.refresh_from_db()
        decisions.append(
            reviews_services.decision_record(
                application=dossier, user=manager, **fields
            )
        )
    return call, manager, decisions
