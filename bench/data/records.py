"""Dossiers with their versions, instruction and decisions, and directory
services, inserted in bulk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from applications.enums import ApplicationState
from applications.models import Application, ApplicationVersion
from calls.models import Territory
from directory.enums import ServiceKind
from directory.models import Service
from organisations.models import Organisation
from reviews.enums import AssignmentStatus, DecisionOutcome, ReviewStatus
from reviews.models import Assignment, Consolidation, Decision, Review, Score
from reviews.scoring import GridLine, review_total

from .people import BATCH, INSTRUCTION, REVIEWED, batched

# Dossiers and their instruction --------------------------------------------------


@dataclass
class Instruction:
    """What :func:`dossiers` made of the instruction."""

    applications: list = field(default_factory=list)
    reviews: int = 0
    scores: int = 0


def _applications(call, organisations, creator, state, first, count, now):
    instructed = state in INSTRUCTION
    return Application.objects.bulk_create(
        Application(
            call=call,
            organisation=organisations[(first + i) % len(organisations)],
            created_by=creator,
            sequence=first + i,
            reference=f"{call.reference}-{first + i:04d}",
            title=f"Projet de filière n°{first + i}",
            state=state,
            requested_amount=Decimal(100_000 + (first + i) % 50 * 1000),
            submitted_at=now - timedelta(minutes=first + i),
            admissible_at=now if instructed else None,
        )
        for i in range(count)
    )


def _versions(applications, now, creator):
    ApplicationVersion.objects.bulk_create(
        ApplicationVersion(
            application=application,
            number=1,
            submitted_at=application.submitted_at or now,
            submitted_by=creator,
            title=application.title,
            requested_amount=application.requested_amount,
            lead={
                "name": application.organisation.name,
                "siret": application.organisation.siret,
                "finess": "",
                "legal_status": application.organisation.legal_status,
                "address": application.organisation.address,
                "legal_representative": "",
            },
        )
        for application in applications
    )


def _total(criteria: Sequence, values: Sequence[int]) -> Decimal:
    """The review's total, as ``review_submit`` computes it."""
    grid = [GridLine(pk=c.pk, weight=c.weight, max_score=c.max_score) for c in criteria]
    marks = {c.pk: Decimal(v) for c, v in zip(criteria, values, strict=True)}
    return review_total(grid, marks)


def _instruction(applications, reviewers, criteria, now, state) -> tuple[int, int]:
    assignments = Assignment.objects.bulk_create(
        Assignment(
            application=application,
            reviewer=reviewer,
            status=AssignmentStatus.ACCEPTED,
            accepted_at=now,
            due_at=now + timedelta(days=10),
        )
        for application in applications
        for reviewer in reviewers
    )
    values = {}
    review_rows = []
    for index, assignment in enumerate(assignments):
        marks = [(index * 7 + c * 3) % 5 for c in range(len(criteria))]
        values[index] = marks
        total = _total(criteria, marks) if criteria else Decimal(50 + index % 40)
        review_rows.append(
            Review(
                assignment=assignment,
                status=ReviewStatus.SUBMITTED,
                total=total,
                submitted_at=now,
                comment="Avis motivé.",
                recommendation="favourable",
            )
        )
    reviews = Review.objects.bulk_create(review_rows)
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, value=Decimal(values[i][c]))
            for i, review in enumerate(reviews)
            for c, criterion in enumerate(criteria)
        ),
        batch_size=BATCH,
    )
    if state in REVIEWED and reviews:
        _consolidations(applications, reviews, len(reviewers), now)
    return len(reviews), len(reviews) * len(criteria)


def _consolidations(applications, reviews, width, now):
    frozen_by = reviews[0].assignment.reviewer
    rows = []
    for i, application in enumerate(applications):
        totals = [r.total for r in reviews[i * width : (i + 1) * width]]
        totals.sort()
        mean = (sum(totals) / len(totals)).quantize(Decimal("0.0001"))
        rows.append(
            Consolidation(
                application=application,
                score=mean,
                median=totals[len(totals) // 2],
                spread=totals[-1] - totals[0],
                flagged=False,
                reviews_count=len(totals),
                frozen_at=now,
                frozen_by=frozen_by,
            )
        )
    Consolidation.objects.bulk_create(rows)


def dossiers(
    call,
    count: int,
    *,
    organisations: Sequence[Organisation],
    creator,
    state: str = ApplicationState.SUBMITTED,
    reviewers: Sequence = (),
    first: int | None = None,
) -> Instruction:
    """``count`` dossiers of ``call`` in ``state`` (submitted by default), led
    in turn by ``organisations``, each with its version on record; in
    instruction, each reviewed by every one of ``reviewers`` (review
    submitted, one score per criterion of the call); reviewed or decided,
    with its consolidation. Numbered after the call's last dossier."""
    criteria = list(call.criteria.order_by("sort_order", "pk"))
    if first is None:
        first = (Application.objects.filter(call=call).count() or 0) + 1
    now = timezone.now()
    made = Instruction()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with transaction.atomic():
            batch = _applications(
                call, organisations, creator, state, first + start, size, now
            )
            _versions(batch, now, creator)
            if state in INSTRUCTION and reviewers:
                reviews, scores = _instruction(batch, reviewers, criteria, now, state)
                made.reviews += reviews
                made.scores += scores
        made.applications += batch
    return made


def decisions(applications, *, user, now=None) -> list[Decision]:
    """A decision recorded (not released) for each reviewed dossier: every
    third rejected with its reasons, the others accepted with an amount."""
    now = now or timezone.now()
    rows = []
    for i, application in enumerate(applications):
        rejected = i % 3 == 2
        rows.append(
            Decision(
                application=application,
                outcome=DecisionOutcome.REJECTED
                if rejected
                else DecisionOutcome.ACCEPTED,
                amount=None if rejected else Decimal("150000.00"),
                duration_months=None if rejected else 36,
                motivation="Le projet ne couvre pas le territoire demandé."
                if rejected
                else "",
                recorded_by=user,
                recorded_at=now,
            )
        )
    return Decision.objects.bulk_create(rows, batch_size=BATCH)


# The directory ---------------------------------------------------------------------

SERVICE_KINDS = [ServiceKind.USP, ServiceKind.EMSP, ServiceKind.HAD]


def services(count: int, *, departements: Sequence[Territory], first: int = 0):
    """``count`` published services spread over ``departements``, with the
    ``search_key`` their ``save()`` would compute."""
    from core.search import search_key  # noqa: PLC0415
    from directory.models import SEARCHED_FIELDS  # noqa: PLC0415

    made = 0
    for batch in batched(range(first, first + count)):
        rows = []
        for n in batch:
            kind = SERVICE_KINDS[n % len(SERVICE_KINDS)]
            service = Service(
                name=f"Service de soins palliatifs n°{n}",
                slug=f"service-de-soins-palliatifs-n{n}",
                kind=kind,
                organisation_name=f"Centre hospitalier n°{n % 997}",
                address=f"{n % 200 + 1} rue de la Santé",
                postcode=f"{35000 + n % 900:05d}",
                commune=f"Commune {n % 1500}",
                departement=departements[n % len(departements)],
                phone="02 99 00 00 00",
                beds=10 if kind == ServiceKind.USP else None,
            )
            service.search_key = search_key(
                " ".join(str(getattr(service, f) or "") for f in SEARCHED_FIELDS)
            )
            rows.append(service)
        Service.objects.bulk_create(rows)
        made += len(rows)
    return made
