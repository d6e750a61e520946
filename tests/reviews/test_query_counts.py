"""The instruction's reads run a fixed number of queries: the same at 10 and
at 200 dossiers."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews.selectors import (
    assignments_of_reviewer,
    calls_in_instruction,
    instruction_rows,
    instruction_table,
    normalised_ranking,
    ranking_for_call,
)
from tests.factories import InterestDeclarationFactory

from .builders import bulk_dossiers


def _varied(i, j):
    return Decimal(40 + (i * 7 + j * 13) % 60)


@pytest.fixture
def grow(call, criteria, reviewers):
    """Add dossiers to the call, each with three submitted reviews (and one
    detected conflict on the way), up to ``total``."""
    call.normalisation_min_reviews = 3
    call.save()
    InterestDeclarationFactory(reviewer=reviewers[0])

    def grow_to(total):
        have = call.applications.count()
        bulk_dossiers(
            call,
            total - have,
            reviewers=reviewers[:3],
            totals=_varied,
            criteria=criteria,
        )

    return grow_to


def _queries(function):
    with CaptureQueriesContext(connection) as context:
        result = function()
    return len(context.captured_queries), result


def _at_10_and_200(grow, function):
    grow(10)
    small, small_result = _queries(function)
    grow(200)
    large, large_result = _queries(function)
    return small, large, small_result, large_result


def test_ranking_for_call_queries(call, grow):
    small, large, rows10, rows200 = _at_10_and_200(grow, lambda: ranking_for_call(call))

    assert (small, large) == (1, 1)
    assert (len(rows10), len(rows200)) == (10, 200)


def test_normalised_ranking_queries(call, grow):
    small, large, _ranking10, ranking200 = _at_10_and_200(
        grow, lambda: normalised_ranking(call)
    )

    assert (small, large) == (2, 2)
    assert len(ranking200.rows) == 200
    assert all(norm.qualifies for norm in ranking200.reviewers)
    assert ranking200.rows[0].normalised is not None


def test_instruction_table_and_rows_queries(call, grow):
    def page():
        applications = instruction_table(call, search="projet", order="-score")
        return instruction_rows(applications, call)

    small, large, _rows10, rows200 = _at_10_and_200(grow, page)

    # search, dossiers, their assignments; interests, memberships, versions,
    # partners.
    assert (small, large) == (7, 7)
    assert len(rows200) == 200
    assert all(len(row.reviewers) == 3 for row in rows200)


def test_assignments_of_reviewer_queries(call, grow, reviewers):
    def dashboard():
        return [
            (a.application.reference, a.application.call.title, a.review.total)
            for a in assignments_of_reviewer(reviewers[1])
        ]

    small, large, found10, found200 = _at_10_and_200(grow, dashboard)

    assert (small, large) == (1, 1)
    assert (len(found10), len(found200)) == (10, 200)


def test_calls_in_instruction_queries(call, grow, manager):
    def calls():
        # A user as a request loads it: nothing cached on it yet.
        user = type(manager).objects.get(pk=manager.pk)
        with CaptureQueriesContext(connection) as context:
            found = calls_in_instruction(user)
        return len(context.captured_queries), found

    grow(10)
    small, _calls10 = calls()
    grow(200)
    large, calls200 = calls()

    # Group, authorities, the counts, the calls.
    assert (small, large) == (4, 4)
    assert calls200[0].dossiers == 200
