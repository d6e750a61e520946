"""The instruction's selectors: the managers' table and rows, the chart data,
the reviewer's and the manager's reads."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext

from applications.enums import ApplicationState
from applications.models import Application
from reviews import services
from reviews.conflicts import detect_conflicts, siren_of
from reviews.enums import AssignmentStatus, ReviewerProgress
from reviews.models import Assignment, ReviewMessage
from reviews.selectors import (
    Progress,
    application_in_instruction,
    assignment_for_reviewer,
    assignments_of_reviewer,
    calls_in_instruction,
    criterion_chart,
    eligible_reviewers,
    instruction_rows,
    instruction_table,
    peer_reviews,
    review_thread,
    reviewer_loads,
)
from tests.factories import (
    AdministratorFactory,
    CallFactory,
    InterestDeclarationFactory,
    ManagerFactory,
    MembershipFactory,
    OrganisationFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    submitted_review,
)

from .builders import bulk_dossiers


def _refs(applications):
    return [application.reference for application in applications]


# The instruction table ---------------------------------------------------------


@pytest.fixture
def table_call(call, reviewers):
    """Five dossiers at each step of a call needing two reviews."""
    call.spread_threshold = Decimal(20)
    call.save()
    ready = bulk_dossiers(
        call, 1, reviewers=reviewers[:2], totals=lambda i, j: [90, 60][j]
    )[0]  # 75, spread 30: flagged
    calm = bulk_dossiers(
        call, 1, reviewers=reviewers[:2], totals=lambda i, j: [50, 52][j]
    )[0]  # 51, spread 2
    to_assign = bulk_dossiers(call, 1, reviewers=reviewers[:1])[0]  # 70, 1 of 2
    in_progress = bulk_dossiers(call, 1, reviewers=reviewers[:2])[0]
    Assignment.objects.filter(application=in_progress, reviewer=reviewers[1]).update(
        status=AssignmentStatus.PENDING
    )
    in_progress.assignments.get(reviewer=reviewers[1]).review.delete()
    completed = bulk_dossiers(
        call, 1, reviewers=reviewers[:2], state=ApplicationState.REVIEWED
    )[0]
    return {
        "ready": ready,
        "calm": calm,
        "to_assign": to_assign,
        "in_progress": in_progress,
        "completed": completed,
    }


def test_instruction_table_annotations(call, table_call):
    rows = {a.pk: a for a in instruction_table(call)}

    ready = rows[table_call["ready"].pk]
    assert (ready.reviews_count, ready.active_count, ready.flagged) == (2, 2, True)
    assert Decimal(ready.score).quantize(Decimal("0.01")) == Decimal("75.00")
    assert Decimal(ready.spread).quantize(Decimal("0.01")) == Decimal("30.00")
    assert ready.progress == Progress.READY
    in_progress = rows[table_call["in_progress"].pk]
    assert (in_progress.active_count, in_progress.active_submitted_count) == (2, 1)
    assert [a.reviewer.username for a in in_progress.current_assignments] == [
        "instructeur-a",
        "instructeur-b",
    ]


@pytest.mark.parametrize(
    ("progress", "expected"),
    [
        (Progress.TO_ASSIGN, ["to_assign"]),
        (Progress.IN_PROGRESS, ["in_progress"]),
        (Progress.READY, ["ready", "calm"]),
        (Progress.COMPLETED, ["completed"]),
        ("", ["ready", "calm", "to_assign", "in_progress", "completed"]),
        ("nonsense", ["ready", "calm", "to_assign", "in_progress", "completed"]),
    ],
)
def test_instruction_table_progress_filter(call, table_call, progress, expected):
    found = instruction_table(call, progress=progress)

    assert _refs(found) == sorted(table_call[key].reference for key in expected)


def test_instruction_table_flagged_filter(call, table_call):
    assert _refs(instruction_table(call, flagged=True)) == [
        table_call["ready"].reference
    ]
    assert table_call["ready"].reference not in _refs(
        instruction_table(call, flagged=False)
    )
    assert len(instruction_table(call, flagged=False)) == 4


def test_instruction_table_orders_nulls_last(call, table_call, reviewers):
    [unscored] = bulk_dossiers(call, 1)
    key = {a.pk: name for name, a in table_call.items()}
    key[unscored.pk] = "unscored"

    def names(order):
        return [key[a.pk] for a in instruction_table(call, order=order)]

    # Scores: ready 75, calm 51, to_assign 70, in_progress 70, completed 70.
    assert names("-score") == [
        "ready",
        "to_assign",
        "in_progress",
        "completed",
        "calm",
        "unscored",
    ]
    assert names("score")[0] == "calm"
    assert names("score")[-1] == "unscored"
    assert names("-spread")[:2] == ["ready", "calm"]
    assert names("-spread")[-1] == "unscored"
    assert names("reference") == names("unknown")


def test_instruction_table_search_ignores_accents(call, reviewers):
    organisation = OrganisationFactory(name="Centre hospitalier Les Chênes")
    [found] = bulk_dossiers(call, 1, reviewers=reviewers[:1])
    Application.objects.filter(pk=found.pk).update(organisation=organisation)
    [titled] = bulk_dossiers(call, 1)
    Application.objects.filter(pk=titled.pk).update(title="Télésanté en Bretagne")
    bulk_dossiers(call, 2)

    assert _refs(instruction_table(call, search="chenes")) == [found.reference]
    assert _refs(instruction_table(call, search="TELESANTE")) == [titled.reference]
    assert _refs(instruction_table(call, search=titled.reference)) == [titled.reference]


def test_instruction_table_leaves_out_other_states_and_calls(call, reviewers):
    bulk_dossiers(call, 1, state=ApplicationState.SUBMITTED)
    bulk_dossiers(CallFactory(authority=call.authority), 1)
    [mine] = bulk_dossiers(call, 1, state=ApplicationState.REJECTED)

    assert _refs(instruction_table(call)) == [mine.reference]


# The rows ----------------------------------------------------------------------


def test_instruction_rows_reviewer_cells(dossier, criteria, manager, reviewers):
    first, second = criteria
    past = timezone.now() + timedelta(days=1)
    submitted = submitted_review(
        assign(dossier, reviewers[0], manager), {first.pk: 4, second.pk: 5}
    )
    draft = assign(dossier, reviewers[1], manager, due_at=past)
    services.assignment_accept(assignment=draft, user=reviewers[1])
    services.review_save_draft(
        assignment=draft, user=reviewers[1], scores={first.pk: 1}
    )
    to_do = assign(dossier, reviewers[2], manager)
    conflicted = assign(dossier, reviewers[3], manager)
    services.conflict_declare(
        assignment=conflicted, user=reviewers[3], reason="Ancien employeur"
    )
    Assignment.objects.filter(pk=draft.pk).update(
        due_at=timezone.now() - timedelta(days=1)
    )

    [row] = instruction_rows(instruction_table(dossier.call), dossier.call)

    cells = {cell.assignment.pk: cell for cell in row.reviewers}
    assert [cell.assignment.pk for cell in row.reviewers] == [
        submitted.assignment.pk,
        draft.pk,
        to_do.pk,
        conflicted.pk,
    ]
    assert cells[submitted.assignment.pk].progress == ReviewerProgress.SUBMITTED
    assert cells[submitted.assignment.pk].total == Decimal("87.5")
    assert cells[draft.pk].progress == ReviewerProgress.DRAFT
    assert cells[draft.pk].overdue is True
    assert cells[draft.pk].total is None
    assert cells[to_do.pk].progress == ReviewerProgress.TO_DO
    assert cells[to_do.pk].overdue is False
    assert cells[conflicted.pk].progress == ReviewerProgress.CONFLICT
    assert cells[submitted.assignment.pk].name == "Dominique Exemple"
    assert (row.score, row.median, row.spread, row.reviews_count) == (
        Decimal("87.5"),
        Decimal("87.5"),
        Decimal(0),
        1,
    )
    assert row.progress == Progress.IN_PROGRESS
    assert row.progress_text == instruction_rows_text(1, 3)


def instruction_rows_text(submitted, expected):
    return gettext("%(submitted)d/%(expected)d reviews submitted") % {
        "submitted": submitted,
        "expected": expected,
    }


def test_instruction_rows_median_and_frozen_values(dossier, criteria, manager):
    first, second = criteria
    reviewers = [ReviewerFactory(authority=dossier.call.authority) for _ in range(3)]
    for reviewer, scores in zip(
        reviewers, [(4, 10), (2, 10), (0, 0)], strict=True
    ):  # 100, 62.5, 0
        submitted_review(
            assign(dossier, reviewer, manager),
            {first.pk: scores[0], second.pk: scores[1]},
        )

    [live] = instruction_rows(instruction_table(dossier.call), dossier.call)
    services.application_complete_review(application=dossier, user=manager)
    dossier.consolidation.__class__.objects.filter(application=dossier).update(
        median=Decimal("1")
    )
    [frozen] = instruction_rows(instruction_table(dossier.call), dossier.call)

    assert (live.score, live.median, live.spread) == (
        Decimal("54.1667"),
        Decimal("62.5"),
        Decimal(100),
    )
    assert live.flagged is True
    assert frozen.median == Decimal(1)
    assert frozen.progress == Progress.COMPLETED


def test_instruction_rows_detected_conflicts_match_the_service(call, reviewers):
    [dossier] = bulk_dossiers(call, 1, reviewers=reviewers[:3])
    version = dossier.versions.get()
    partner = dossier.partners.get()
    InterestDeclarationFactory(
        reviewer=reviewers[0], siren=siren_of(version.partners[0]["siret"])
    )
    InterestDeclarationFactory(reviewer=reviewers[1], siren=siren_of(partner.siret))
    Assignment.objects.filter(application=dossier, reviewer=reviewers[1]).update(
        conflict_override_reason="Homonyme, pas le même établissement."
    )
    MembershipFactory(user=reviewers[2], organisation=dossier.organisation)

    [row] = instruction_rows(instruction_table(call), call)

    cells = {cell.assignment.reviewer_id: cell for cell in row.reviewers}
    expected = [c.reason for c in detect_conflicts(reviewers[0], dossier)]
    assert len(expected) == 1
    assert cells[reviewers[0].pk].detected_conflicts == expected
    assert cells[reviewers[1].pk].detected_conflicts == []  # overridden
    lead = [c.reason for c in detect_conflicts(reviewers[2], dossier)]
    assert len(lead) == 1  # the live lead and the lead on record: one entity
    assert cells[reviewers[2].pk].detected_conflicts == lead


def test_instruction_rows_without_conflicts_for_exports(call, reviewers):
    [dossier] = bulk_dossiers(call, 1, reviewers=reviewers[:1])
    InterestDeclarationFactory(
        reviewer=reviewers[0], siren=siren_of(dossier.partners.get().siret)
    )

    [row] = instruction_rows(instruction_table(call), call, with_conflicts=False)

    assert row.reviewers[0].detected_conflicts == []


# The chart ---------------------------------------------------------------------


def test_criterion_chart_values_and_table(dossier, criteria, manager, reviewers):
    first, second = criteria
    submitted_review(
        assign(dossier, reviewers[0], manager), {first.pk: 4, second.pk: 5}
    )
    submitted_review(
        assign(dossier, reviewers[1], manager), {first.pk: "2.5", second.pk: 10}
    )
    draft = assign(dossier, reviewers[2], manager)
    services.assignment_accept(assignment=draft, user=reviewers[2])
    services.review_save_draft(
        assignment=draft, user=reviewers[2], scores={first.pk: 0}
    )

    chart = criterion_chart(dossier)

    assert [c.label for c in chart.criteria] == ["Gouvernance", "Territoire"]
    assert [c.max_score for c in chart.criteria] == [4, 10]
    assert [r.pk for r in chart.reviewers] == [reviewers[0].pk, reviewers[1].pk]
    assert [r.name for r in chart.reviewers] == ["Dominique Exemple"] * 2
    assert chart.reviewers[0].label != chart.reviewers[1].label
    assert chart.values[reviewers[1].pk] == {
        first.pk: Decimal("2.5"),
        second.pk: Decimal(10),
    }
    table = chart.table_rows()
    assert [row.values for row in table] == [
        [Decimal(4), Decimal("2.5")],
        [Decimal(5), Decimal(10)],
    ]
    assert [row.mean for row in table] == [Decimal("3.25"), Decimal("7.50")]
    assert not chart.is_empty


def test_criterion_chart_empty_without_submitted_review(dossier, criteria):
    chart = criterion_chart(dossier)

    assert chart.is_empty
    assert [row.values for row in chart.table_rows()] == [[], []]
    assert [row.mean for row in chart.table_rows()] == [None, None]


# The reviewer's side -----------------------------------------------------------


def test_assignments_of_reviewer_only_current_and_ordered(call, manager, reviewers):
    me = reviewers[0]
    soon, later, undated, conflicted, removed, other = bulk_dossiers(
        call, 6, reviewers=[me]
    )
    now = timezone.now()
    Assignment.objects.filter(application=soon).update(due_at=now + timedelta(1))
    Assignment.objects.filter(application=later).update(due_at=now + timedelta(9))
    Assignment.objects.filter(application=undated).update(due_at=None)
    Assignment.objects.filter(application=conflicted).update(
        status=AssignmentStatus.CONFLICT
    )
    Assignment.objects.filter(application=removed).update(
        status=AssignmentStatus.REMOVED
    )
    Assignment.objects.filter(application=other).update(reviewer=reviewers[1])
    [decided] = bulk_dossiers(call, 1, reviewers=[me], state=ApplicationState.ACCEPTED)
    [pending] = bulk_dossiers(call, 1)
    Assignment.objects.create(
        application=pending, reviewer=me, due_at=now + timedelta(5)
    )

    found = list(assignments_of_reviewer(me))

    assert [a.application for a in found] == [soon, pending, later, undated]
    assert decided not in [a.application for a in found]
    with pytest.raises(Assignment.DoesNotExist):
        assignment_for_reviewer(me, conflicted.assignments.get().pk)
    with pytest.raises(Assignment.DoesNotExist):
        assignment_for_reviewer(me, other.assignments.get().pk)
    with pytest.raises(Assignment.DoesNotExist):
        assignment_for_reviewer(me, removed.assignments.get().pk)
    assert assignment_for_reviewer(me, found[0].pk) == found[0]


def test_assignments_of_reviewer_inactive_or_anonymous_sees_nothing(call, reviewers):
    bulk_dossiers(call, 1, reviewers=reviewers[:1])
    reviewers[0].is_active = False

    assert list(assignments_of_reviewer(reviewers[0])) == []
    assert list(assignments_of_reviewer(AnonymousUser())) == []


def test_peer_reviews_are_the_other_counted_ones(dossier, criteria, manager, reviewers):
    first, second = criteria
    mine = submitted_review(
        assign(dossier, reviewers[0], manager), {first.pk: 4, second.pk: 5}
    )
    peer = submitted_review(
        assign(dossier, reviewers[1], manager), {first.pk: 2, second.pk: 10}
    )
    conflicted = submitted_review(
        assign(dossier, reviewers[2], manager), {first.pk: 1, second.pk: 1}
    )
    services.conflict_declare(
        assignment=conflicted.assignment, user=reviewers[2], reason="Lien"
    )
    draft = assign(dossier, reviewers[3], manager)
    services.assignment_accept(assignment=draft, user=reviewers[3])
    services.review_save_draft(
        assignment=draft, user=reviewers[3], scores={first.pk: 0}
    )

    found = peer_reviews(mine.assignment)

    assert found == [peer]
    assert [s.criterion.label for s in found[0].scores.all()] == [
        "Gouvernance",
        "Territoire",
    ]


def test_review_thread_oldest_first(dossier, reviewers):
    second = ReviewMessage.objects.create(
        application=dossier, author=reviewers[1], body="Deux"
    )
    first = ReviewMessage.objects.create(
        application=dossier, author=reviewers[0], body="Un"
    )
    ReviewMessage.objects.filter(pk=first.pk).update(
        created_at=second.created_at - timedelta(minutes=1)
    )

    assert list(review_thread(dossier)) == [first, second]


# The manager's side ------------------------------------------------------------


def test_calls_in_instruction_counts_and_scope(call, table_call, manager):
    other_call = CallFactory()
    bulk_dossiers(other_call, 2)
    CallFactory(authority=call.authority)  # no dossier in instruction

    [progress] = calls_in_instruction(manager)

    assert progress.call == call
    assert (
        progress.dossiers,
        progress.to_assign,
        progress.in_progress,
        progress.ready,
        progress.completed,
        progress.flagged,
    ) == (5, 1, 1, 2, 1, 1)
    assert {p.call for p in calls_in_instruction(AdministratorFactory())} == {
        call,
        other_call,
    }
    assert calls_in_instruction(ManagerFactory(authority=other_call.authority))[
        0
    ].call == (other_call)


def test_calls_in_instruction_refused_to_non_managers(call, table_call, reviewers):
    assert calls_in_instruction(reviewers[0]) == []  # staff, not a manager
    assert calls_in_instruction(UserFactory()) == []
    assert calls_in_instruction(AnonymousUser()) == []


def test_application_in_instruction_scope(call, manager, reviewers):
    [mine] = bulk_dossiers(call, 1, reviewers=reviewers[:2])
    [submitted] = bulk_dossiers(call, 1, state=ApplicationState.SUBMITTED)
    stranger = ManagerFactory(authority=CallFactory().authority)

    found = application_in_instruction(manager, mine.pk)

    assert found == mine
    assert len(found.current_assignments) == 2
    assert application_in_instruction(AdministratorFactory(), mine.pk) == mine
    for user, pk in [
        (stranger, mine.pk),
        (manager, submitted.pk),
        (reviewers[0], mine.pk),
    ]:
        with pytest.raises(Application.DoesNotExist):
            application_in_instruction(user, pk)


def test_eligible_reviewers_and_loads(call, reviewers):
    reviewers[0].last_name, reviewers[0].first_name = "Zola", "Émile"
    reviewers[0].save()
    reviewers[1].last_name = "Abel"
    reviewers[1].save()
    reviewers[3].is_active = False
    reviewers[3].save()
    ReviewerFactory(authority=CallFactory().authority)  # another authority
    ManagerFactory(authority=call.authority)  # not a reviewer
    bulk_dossiers(call, 3, reviewers=reviewers[:2])
    [dossier] = bulk_dossiers(call, 1, reviewers=reviewers[2:3])
    dossier.assignments.update(status=AssignmentStatus.REMOVED)

    assert list(eligible_reviewers(call)) == [reviewers[1], reviewers[2], reviewers[0]]
    assert reviewer_loads(call) == {reviewers[0].pk: 3, reviewers[1].pk: 3}
