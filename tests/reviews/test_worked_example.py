"""The issue's worked example, end to end through the services."""

from decimal import Decimal

from applications.enums import ApplicationState
from reviews import services
from tests.factories import assign, submitted_review


def test_worked_example_consolidates_to_75(dossier, criteria, manager, reviewers):
    first, second = criteria
    a = assign(dossier, reviewers[0], manager)
    b = assign(dossier, reviewers[1], manager)
    review_a = submitted_review(a, {first.pk: 4, second.pk: 5})
    review_b = submitted_review(b, {first.pk: 2, second.pk: 10})
    assert review_a.total == Decimal("87.5")
    assert review_b.total == Decimal("62.5")

    services.application_complete_review(application=dossier, user=manager)

    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.REVIEWED
    consolidation = dossier.consolidation
    assert consolidation.score == Decimal("75")
    assert consolidation.spread == Decimal("25")
    assert consolidation.flagged is True
    assert consolidation.reviews_count == 2
