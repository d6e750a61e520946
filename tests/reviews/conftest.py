"""A call with the issue's worked example grid, its manager and reviewers."""

from decimal import Decimal

import pytest

from tests.factories import (
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    ReviewerFactory,
    under_review,
)


@pytest.fixture
def call(db):
    call = CallFactory(min_reviews=2)
    call.closes_at  # noqa: B018 - the call is open: dossiers can be submitted
    return call


@pytest.fixture
def criteria(call):
    """(weight 3, max 4) and (weight 1, max 10): the issue's worked example."""
    return [
        CriterionFactory(
            call=call, label="Gouvernance", weight=Decimal(3), max_score=4
        ),
        CriterionFactory(
            call=call, label="Territoire", weight=Decimal(1), max_score=10
        ),
    ]


@pytest.fixture
def manager(call):
    return ManagerFactory(username="gestionnaire-a", authority=call.authority)


@pytest.fixture
def reviewers(call):
    return [
        ReviewerFactory(username=f"instructeur-{letter}", authority=call.authority)
        for letter in "abcd"
    ]


@pytest.fixture
def dossier(call, criteria, manager):
    return under_review(call, manager=manager)
