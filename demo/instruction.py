"""The instruction of the ARA filière call in the demo, through the services.

The manager (``gestionnaire``) takes the call's submitted dossiers under review
and assigns reviewers; the reviewers attest that they have no conflict of
interest or declare one, save drafts and submit reviews; two of them discuss the
dossier on which they disagree. The data (dossiers, scores, comments) are in
``demo/texts/ara_instruction.py``.

Every step is guarded, so that a second run changes nothing and sends no email:
a dossier is taken under review only while it is « submitted »; a reviewer is
assigned to a dossier only if they never were; a reviewer answers only while the
assignment still waits for their answer; a grid is saved or submitted only while
the reviewer has none; the thread is written only while it is empty; an interest
is declared only if the reviewer has not declared that SIREN. What a visitor did
in the demo since (a review reopened, a dossier completed) is left as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from applications.enums import ApplicationState
from applications.models import Application
from applications.services import application_start_review
from calls.models import Call, Criterion
from reviews import services
from reviews.enums import AssignmentStatus, ReviewStatus
from reviews.models import Assignment, InterestDeclaration, Review, ReviewMessage

from .dates import NOON, days_from
from .governance import CALL, DOSSIERS, demo_dossier, siret
from .specs import (
    CONFLICT,
    DRAFT,
    PENDING,
    SUBMITTED,
    AssignmentSpec,
    DossierSpec,
    InterestSpec,
    ReviewSpec,
)
from .texts import ara_instruction

# Every demo dossier of the ARA filière call, governance ones first (0001-0003),
# then the instruction's (0004-0007).
ALL_DOSSIERS: tuple[DossierSpec, ...] = (*DOSSIERS, *ara_instruction.DOSSIERS)
# A reviewer's due date: three weeks after the assignment.
DUE_IN_DAYS = 21


@dataclass
class InstructionReport:
    dossiers: list[Application]
    assignments: int
    submitted_reviews: int


def seed_instruction_dossiers() -> list[Application]:
    """The instruction's four dossiers (created only while the call is open)."""
    call = Call.objects.get(reference=CALL)
    dossiers = (demo_dossier(call, spec) for spec in ara_instruction.DOSSIERS)
    return [dossier for dossier in dossiers if dossier is not None]


def seed_instruction(*, users: dict[str, AbstractUser]) -> InstructionReport:
    """Take the ARA filière call's dossiers through their instruction."""
    call = Call.objects.get(reference=CALL)
    criteria = list(call.criteria.order_by("sort_order", "pk"))
    manager = users["gestionnaire"]
    for interest in ara_instruction.INTERESTS:
        _declare(interest, users[interest.reviewer])
    due_at = days_from(timezone.now(), DUE_IN_DAYS, NOON)
    by_key = {spec.key: spec for spec in ALL_DOSSIERS}
    dossiers = []
    for spec in ara_instruction.INSTRUCTION:
        application = find_dossier(call, by_key[spec.dossier])
        if application is None:
            continue
        if application.state == ApplicationState.SUBMITTED:
            application = application_start_review(
                application=application, user=manager
            )
        if application.state == ApplicationState.UNDER_REVIEW:
            for step in spec.assignments:
                assignment_step(application, step, users, manager, criteria, due_at)
            _thread(application, spec.thread, users)
        dossiers.append(Application.objects.get(pk=application.pk))
    assignments = Assignment.objects.filter(application__in=dossiers)
    return InstructionReport(
        dossiers=dossiers,
        assignments=assignments.count(),
        submitted_reviews=assignments.filter(
            review__status=ReviewStatus.SUBMITTED
        ).count(),
    )


def find_dossier(call: Call, spec: DossierSpec) -> Application | None:
    """The dossier of ``spec``'s lead on ``call``, if it exists."""
    return Application.objects.filter(
        call=call, organisation__siret=siret(spec.number)
    ).first()


def _declare(interest: InterestSpec, reviewer: AbstractUser) -> None:
    number = siret(interest.number)
    if InterestDeclaration.objects.filter(reviewer=reviewer, siren=number[:9]).exists():
        return
    services.interest_declare(
        user=reviewer,
        organisation_name=interest.organisation,
        siret=number,
        nature=interest.nature,
        details=interest.details,
        since=interest.since,
    )


def assignment_step(
    application: Application,
    step: AssignmentSpec,
    users: dict[str, AbstractUser],
    manager: AbstractUser,
    criteria: list[Criterion],
    due_at,
) -> None:
    """Take ``step``'s assignment as far as it goes, from where it stands (the
    ARA instruction's and the Bretagne decisions' reviews)."""
    reviewer = users[step.reviewer]
    assignment = (
        Assignment.objects.filter(application=application, reviewer=reviewer)
        .order_by("pk")
        .first()
    )
    if assignment is None:
        assignment = services.assignment_create(
            application=application, reviewer=reviewer, user=manager, due_at=due_at
        )
    if step.stage == PENDING or assignment.status != AssignmentStatus.PENDING:
        if assignment.status == AssignmentStatus.ACCEPTED:
            _review(assignment, step, reviewer, criteria)
        return
    if step.stage == CONFLICT:
        services.conflict_declare(
            assignment=assignment, user=reviewer, reason=step.conflict_reason
        )
        return
    assignment = services.assignment_accept(assignment=assignment, user=reviewer)
    _review(assignment, step, reviewer, criteria)


def _review(
    assignment: Assignment,
    step: AssignmentSpec,
    reviewer: AbstractUser,
    criteria: list[Criterion],
) -> None:
    """Save the draft or submit the review of ``step``, if the reviewer has none."""
    if step.stage not in (DRAFT, SUBMITTED) or step.review is None:
        return
    if Review.objects.filter(assignment=assignment).exists():
        return
    scores, comments = _grid(step.review, criteria)
    if step.stage == SUBMITTED:
        save = services.review_submit
    else:
        save = services.review_save_draft
    save(
        assignment=assignment,
        user=reviewer,
        scores=scores,
        comments=comments,
        comment=step.review.comment,
        recommendation=step.review.recommendation,
    )


def _grid(review: ReviewSpec, criteria: list[Criterion]) -> tuple[dict, dict]:
    if not len(review.scores) == len(review.comments) == len(criteria):
        raise ValueError(
            f"A demo review gives {len(review.scores)} scores and "
            f"{len(review.comments)} comments for {len(criteria)} criteria."
        )
    scores = {c.pk: v for c, v in zip(criteria, review.scores, strict=True)}
    comments = {c.pk: t for c, t in zip(criteria, review.comments, strict=True)}
    return scores, comments


def _thread(
    application: Application,
    messages: tuple[tuple[str, str], ...],
    users: dict[str, AbstractUser],
) -> None:
    if not messages or ReviewMessage.objects.filter(application=application).exists():
        return
    for username, body in messages:
        services.review_message_post(
            application=application, user=users[username], body=body
        )
