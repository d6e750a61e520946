"""Putting reviewers on dossiers, taking them off, overriding a detected
conflict, and the reviewer's first answer (attestation or declared conflict)."""

import datetime
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from reviews import services
from reviews.enums import AssignmentStatus, InterestNature
from reviews.exceptions import (
    AssignmentRefused,
    ConflictOfInterest,
    ReviewError,
    ReviewPermissionRefused,
)
from tests.factories import (
    ApplicationFactory,
    InterestDeclarationFactory,
    ManagerFactory,
    ReviewerFactory,
    assign,
    drive_to,
    state_without_service,
    submitted_review,
)
from tests.factories.reviews import accepted, siren_of_lead

DUE = datetime.datetime(2030, 1, 15, 9, 0, tzinfo=datetime.UTC)


def _declare_tie(reviewer, application):
    return InterestDeclarationFactory(
        reviewer=reviewer,
        organisation_name=application.organisation.name,
        siren=siren_of_lead(application),
    )


# assignment_create -------------------------------------------------------------


def test_assignment_create_logs_and_tells_the_reviewer(
    dossier, manager, reviewers, recorded
):
    reviewer = reviewers[0]
    with recorded() as new:
        assignment = services.assignment_create(
            application=dossier, reviewer=reviewer, user=manager, due_at=DUE
        )
    assert assignment.status == AssignmentStatus.PENDING
    assert assignment.assigned_by == manager
    assert assignment.due_at == DUE
    assert new.actions == ["assignment.created"]
    entry = new.entries[0]
    assert entry.actor == manager
    assert entry.details == {
        "reviewer": "Dominique Exemple",
        "due_at": DUE.isoformat(),
    }
    [email] = new.emails
    assert email.template == "reviewer_assigned"
    assert email.to == [reviewer.email]
    assert email.reply_to == [dossier.call.authority.email]
    assert email.subject == (
        f"[{dossier.call.reference}] Un dossier vous est confié pour instruction"
    )
    assert "Le dossier suivant vous est confié" in email.body
    # The due date on the Paris clock, in French.
    assert "à évaluer avant le 15 janvier 2030 à 10:00 (heure de Paris)" in email.body
    assert (
        f"http://testserver/admin/instruction/evaluations/{assignment.pk}/"
        in email.body
    )
    assert "http://testserver/admin/instruction/\n" in email.body


def test_assignment_create_after_a_removal(dossier, manager, reviewers):
    first = assign(dossier, reviewers[0], manager)
    services.assignment_remove(assignment=first, user=manager, reason="Absente.")
    again = assign(dossier, reviewers[0], manager)
    assert again.pk != first.pk
    assert again.status == AssignmentStatus.PENDING


@pytest.mark.parametrize(
    "who", ["reviewer", "other_manager", "inactive_manager", "applicant", "plain_user"]
)
def test_assignment_create_refused_to_non_managers(
    who, request, dossier, reviewers, nothing_changes
):
    user = {
        "reviewer": lambda: reviewers[1],
        "applicant": lambda: dossier.created_by,
    }.get(who, lambda: request.getfixturevalue(who))()
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        services.assignment_create(
            application=dossier, reviewer=reviewers[0], user=user
        )


@pytest.mark.parametrize(
    "who", ["outside_reviewer", "manager", "applicant", "inactive", "plain_user"]
)
def test_assignment_create_refuses_who_is_not_a_reviewer_of_the_authority(
    who, request, dossier, manager, call, nothing_changes
):
    reviewer = {
        "applicant": lambda: dossier.created_by,
        "manager": lambda: ManagerFactory(authority=call.authority),
        "inactive": lambda: ReviewerFactory(authority=call.authority, is_active=False),
    }.get(who, lambda: request.getfixturevalue(who))()
    with nothing_changes(), pytest.raises(AssignmentRefused) as refused:
        services.assignment_create(application=dossier, reviewer=reviewer, user=manager)
    assert type(refused.value) is AssignmentRefused
    name = reviewer.get_full_name() or reviewer.username
    assert refused.value.message == _(
        "%(name)s is not a reviewer of the authority that issued this call."
    ) % {"name": name}


@pytest.mark.parametrize(
    "state",
    [ApplicationState.DRAFT, ApplicationState.SUBMITTED, ApplicationState.REVIEWED],
)
def test_assignment_create_refused_unless_under_review(
    state, call, criteria, manager, reviewers, nothing_changes
):
    application = drive_to(
        ApplicationFactory(call=call),
        ApplicationState.UNDER_REVIEW if state == ApplicationState.REVIEWED else state,
        manager=manager,
    )
    if state == ApplicationState.REVIEWED:
        application = state_without_service(application, state, by=manager)
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.assignment_create(
            application=application, reviewer=reviewers[0], user=manager
        )
    expected = (
        _("The review of the dossier %(reference)s is already completed.")
        if state == ApplicationState.REVIEWED
        else _("The dossier %(reference)s is not under review.")
    )
    assert refused.value.message == expected % {"reference": application.reference}


def test_assignment_create_refuses_a_past_due_date(
    dossier, manager, reviewers, nothing_changes
):
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.assignment_create(
            application=dossier,
            reviewer=reviewers[0],
            user=manager,
            due_at=timezone.now() - timedelta(minutes=1),
        )
    assert refused.value.message == _("The due date must be in the future.")


def test_assignment_create_twice_refused(dossier, manager, reviewers, nothing_changes):
    assign(dossier, reviewers[0], manager)
    with nothing_changes(), pytest.raises(AssignmentRefused) as refused:
        assign(dossier, reviewers[0], manager)
    assert refused.value.message == _(
        "%(name)s is already assigned to the dossier %(reference)s."
    ) % {"name": "Dominique Exemple", "reference": dossier.reference}


def test_assignment_create_twice_refused_after_a_declared_conflict(
    dossier, manager, reviewers, nothing_changes
):
    assignment = assign(dossier, reviewers[0], manager)
    services.conflict_declare(
        assignment=assignment, user=reviewers[0], reason="Ancienne employée."
    )
    with nothing_changes(), pytest.raises(AssignmentRefused):
        assign(dossier, reviewers[0], manager)


def test_assignment_create_refuses_a_detected_conflict(
    dossier, manager, reviewers, nothing_changes
):
    _declare_tie(reviewers[0], dossier)
    with nothing_changes(), pytest.raises(ConflictOfInterest) as refused:
        assign(dossier, reviewers[0], manager)
    assert refused.value.message == _(
        "%(name)s cannot be assigned to %(reference)s: conflict of interest."
    ) % {"name": "Dominique Exemple", "reference": dossier.reference}
    name = dossier.organisation.name
    tie = _("Declared interest in %(organisation)s (%(nature)s)") % {
        "organisation": name,
        "nature": str(InterestNature.EMPLOYMENT.label).lower(),
    }
    assert refused.value.reasons == [
        _("%(tie)s, which shares SIREN %(siren)s with the %(side)s.")
        % {
            "tie": tie,
            "siren": siren_of_lead(dossier),
            "side": _("lead organisation %(name)s") % {"name": name},
        }
    ]


def test_assignment_create_overrides_a_detected_conflict_with_a_reason(
    dossier, manager, reviewers, recorded
):
    _declare_tie(reviewers[0], dossier)
    with recorded() as new:
        assignment = assign(
            dossier, reviewers[0], manager, override_reason="  Lien ancien, clos.  "
        )
    assert assignment.conflict_override_reason == "Lien ancien, clos."
    assert new.actions == ["assignment.created"]
    assert new.entries[0].details["override_reason"] == "Lien ancien, clos."
    assert len(new.entries[0].details["conflicts"]) == 1
    assert len(new.emails) == 1


def test_assignment_create_ignores_an_override_without_conflict(
    dossier, manager, reviewers
):
    assignment = assign(dossier, reviewers[0], manager, override_reason="Inutile.")
    assert assignment.conflict_override_reason == ""


# assignment_remove ---------------------------------------------------------------


def test_assignment_remove_logs_and_tells_the_reviewer(
    dossier, manager, reviewers, recorded
):
    assignment = assign(dossier, reviewers[0], manager)
    with recorded() as new:
        removed = services.assignment_remove(
            assignment=assignment, user=manager, reason="Surcharge de travail."
        )
    assert removed.status == AssignmentStatus.REMOVED
    assert removed.removed_reason == "Surcharge de travail."
    assert removed.removed_at is not None
    assert new.actions == ["assignment.removed"]
    assert new.entries[0].details["reason"] == "Surcharge de travail."
    [email] = new.emails
    assert email.template == "assignment_removed"
    assert email.to == [reviewers[0].email]
    assert email.subject == f"[{dossier.reference}] Ce dossier ne vous est plus confié"
    assert "Surcharge de travail." in email.body


def test_assignment_remove_refusals(
    dossier, manager, other_manager, reviewers, nothing_changes
):
    assignment = assign(dossier, reviewers[0], manager)
    for user in (other_manager, reviewers[0]):
        with nothing_changes(), pytest.raises(ReviewPermissionRefused):
            services.assignment_remove(assignment=assignment, user=user, reason="X")
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.assignment_remove(assignment=assignment, user=manager, reason="  ")
    assert refused.value.message == _("Give the reason for removing the reviewer.")
    services.assignment_remove(assignment=assignment, user=manager, reason="Absente.")
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.assignment_remove(assignment=assignment, user=manager, reason="Bis.")
    assert refused.value.message == _("This assignment was already removed.")


def test_assignment_remove_refused_once_reviewed(
    dossier, manager, reviewers, nothing_changes
):
    assignment = assign(dossier, reviewers[0], manager)
    state_without_service(dossier, ApplicationState.REVIEWED, by=manager)
    with nothing_changes(), pytest.raises(ReviewError):
        services.assignment_remove(assignment=assignment, user=manager, reason="X")


# assignment_replace --------------------------------------------------------------


def test_assignment_replace_removes_and_assigns(dossier, manager, reviewers, recorded):
    old = assign(dossier, reviewers[0], manager)
    with recorded() as new:
        replacement = services.assignment_replace(
            assignment=old, reviewer=reviewers[1], user=manager, reason="Absente."
        )
    old.refresh_from_db()
    assert old.status == AssignmentStatus.REMOVED
    assert replacement.reviewer == reviewers[1]
    assert new.actions == ["assignment.removed", "assignment.created"]
    assert [e.template for e in new.emails] == [
        "assignment_removed",
        "reviewer_assigned",
    ]
    assert [e.to for e in new.emails] == [[reviewers[0].email], [reviewers[1].email]]


def test_assignment_replace_refusals_change_nothing(
    dossier, manager, reviewers, nothing_changes
):
    old = assign(dossier, reviewers[0], manager)
    with nothing_changes(), pytest.raises(AssignmentRefused) as refused:
        services.assignment_replace(
            assignment=old, reviewer=reviewers[0], user=manager, reason="X"
        )
    assert refused.value.message == _("Choose another reviewer than the one replaced.")
    with nothing_changes(), pytest.raises(ReviewError):
        services.assignment_replace(
            assignment=old, reviewer=reviewers[1], user=manager, reason=""
        )
    # The new reviewer is refused: the removal is undone with it.
    _declare_tie(reviewers[1], dossier)
    with nothing_changes(), pytest.raises(ConflictOfInterest):
        services.assignment_replace(
            assignment=old, reviewer=reviewers[1], user=manager, reason="Absente."
        )
    replacement = services.assignment_replace(
        assignment=old,
        reviewer=reviewers[1],
        user=manager,
        reason="Absente.",
        override_reason="Lien clos depuis 2010.",
    )
    assert replacement.conflict_override_reason == "Lien clos depuis 2010."


# conflict_override ---------------------------------------------------------------


def test_conflict_override_logged(dossier, manager, reviewers, recorded):
    assignment = assign(dossier, reviewers[0], manager)
    _declare_tie(reviewers[0], dossier)
    with recorded() as new:
        kept = services.conflict_override(
            assignment=assignment, user=manager, reason="Homonymie."
        )
    assert kept.conflict_override_reason == "Homonymie."
    assert new.actions == ["assignment.conflict_overridden"]
    assert new.entries[0].details["reason"] == "Homonymie."
    assert new.emails == []


def test_conflict_override_refusals(
    dossier, manager, other_manager, reviewers, nothing_changes
):
    assignment = assign(dossier, reviewers[0], manager)
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.conflict_override(assignment=assignment, user=manager, reason="X")
    assert refused.value.message == _(
        "Sillon detects no conflict of interest on this assignment."
    )
    _declare_tie(reviewers[0], dossier)
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        services.conflict_override(
            assignment=assignment, user=other_manager, reason="X"
        )
    with nothing_changes(), pytest.raises(ReviewError):
        services.conflict_override(assignment=assignment, user=manager, reason=" ")
    services.assignment_remove(assignment=assignment, user=manager, reason="Lien.")
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.conflict_override(assignment=assignment, user=manager, reason="X")
    assert refused.value.message == _("This assignment is no longer active.")


# assignment_accept ---------------------------------------------------------------


def test_assignment_accept_opens_the_dossier(dossier, manager, reviewers, recorded):
    assignment = assign(dossier, reviewers[0], manager)
    with recorded() as new:
        accepted_ = services.assignment_accept(assignment=assignment, user=reviewers[0])
    assert accepted_.status == AssignmentStatus.ACCEPTED
    assert accepted_.accepted_at is not None
    assert new.actions == ["assignment.accepted"]
    assert new.entries[0].actor == reviewers[0]
    assert new.emails == []


def test_assignment_accept_refusals(dossier, manager, reviewers, nothing_changes, call):
    assignment = assign(dossier, reviewers[0], manager)
    for user in (reviewers[1], manager, dossier.created_by):
        with nothing_changes(), pytest.raises(ReviewPermissionRefused):
            services.assignment_accept(assignment=assignment, user=user)
    # The reviewer who left the reviewers' group, or was deactivated.
    reviewers[0].is_active = False
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        services.assignment_accept(assignment=assignment, user=reviewers[0])
    reviewers[0].is_active = True
    accepted(assignment)
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.assignment_accept(assignment=assignment, user=reviewers[0])
    assert refused.value.message == _("You have already answered for this dossier.")


def test_assignment_accept_refused_once_removed_or_reviewed(
    dossier, manager, reviewers, nothing_changes
):
    removed = assign(dossier, reviewers[0], manager)
    services.assignment_remove(assignment=removed, user=manager, reason="Absente.")
    with nothing_changes(), pytest.raises(ReviewPermissionRefused) as refused:
        services.assignment_accept(assignment=removed, user=reviewers[0])
    assert refused.value.message == _("This dossier is no longer assigned to you.")
    other = assign(dossier, reviewers[1], manager)
    state_without_service(dossier, ApplicationState.REVIEWED, by=manager)
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.assignment_accept(assignment=other, user=reviewers[1])
    assert refused.value.message == _(
        "The dossier %(reference)s is no longer under review."
    ) % {"reference": dossier.reference}


# conflict_declare ----------------------------------------------------------------


def test_conflict_declare_tells_the_managers(dossier, manager, reviewers, recorded):
    assignment = assign(dossier, reviewers[0], manager)
    with recorded() as new:
        declared = services.conflict_declare(
            assignment=assignment, user=reviewers[0], reason="Conjoint au CA."
        )
    assert declared.status == AssignmentStatus.CONFLICT
    assert declared.conflict_reason == "Conjoint au CA."
    assert new.actions == ["assignment.conflict_declared"]
    assert new.entries[0].details["review_was_submitted"] is False
    [email] = new.emails
    assert email.template == "conflict_declared"
    assert email.to == [manager.email]
    assert email.subject == (
        f"[{dossier.reference}] Conflit d'intérêts déclaré par un instructeur"
    )
    assert "Conjoint au CA." in email.body
    assert f"http://testserver/admin/instruction/dossiers/{dossier.pk}/" in email.body


def test_conflict_declare_after_submission_is_recorded(
    dossier, manager, reviewers, criteria, recorded
):
    assignment = assign(dossier, reviewers[0], manager)
    submitted_review(assignment, {criteria[0].pk: 4, criteria[1].pk: 5})
    with recorded() as new:
        services.conflict_declare(
            assignment=assignment, user=reviewers[0], reason="Découvert tard."
        )
    assert new.entries[0].details["review_was_submitted"] is True


def test_conflict_declare_refusals(dossier, manager, reviewers, nothing_changes):
    assignment = assign(dossier, reviewers[0], manager)
    for user in (reviewers[1], manager):
        with nothing_changes(), pytest.raises(ReviewPermissionRefused):
            services.conflict_declare(assignment=assignment, user=user, reason="X")
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.conflict_declare(assignment=assignment, user=reviewers[0], reason="")
    assert refused.value.message == _("Describe the conflict of interest.")
    services.conflict_declare(assignment=assignment, user=reviewers[0], reason="X")
    with nothing_changes(), pytest.raises(ReviewError) as refused:
        services.conflict_declare(assignment=assignment, user=reviewers[0], reason="Y")
    assert refused.value.message == _(
        "You have already declared a conflict for this dossier."
    )
