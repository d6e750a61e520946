"""Factories of the instruction: assignments, reviews, declarations of interest.

``ReviewerFactory`` and ``ManagerFactory`` (``factories.users``) make the staff;
``under_review`` takes a new dossier of a call to « En instruction » through the
services; ``submitted_review`` runs the reviewer's services end to end.
"""

from __future__ import annotations

import datetime

import factory

from applications.enums import ApplicationState
from reviews import services
from reviews.enums import InterestNature
from reviews.models import Assignment, InterestDeclaration

from .applications import ApplicationFactory, drive_to
from .users import ReviewerFactory


def under_review(call, *, manager=None, **kwargs):
    """A dossier of ``call`` taken to « En instruction » through the services."""
    return drive_to(
        ApplicationFactory(call=call, **kwargs),
        ApplicationState.UNDER_REVIEW,
        manager=manager,
    )


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A bare assignment row (no email, no conflict check): for reads; use
    ``reviews.services.assignment_create`` to test the rules."""

    class Meta:
        model = Assignment

    application = factory.SubFactory(ApplicationFactory)
    reviewer = factory.LazyAttribute(
        lambda o: ReviewerFactory(authority=o.application.call.authority)
    )


class InterestDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestDeclaration

    reviewer = factory.SubFactory(ReviewerFactory)
    organisation_name = "Centre hospitalier de démonstration"
    siren = "123456782"
    nature = InterestNature.EMPLOYMENT
    since = datetime.date(2020, 1, 1)


def assign(application, reviewer, manager, **kwargs) -> Assignment:
    return services.assignment_create(
        application=application, reviewer=reviewer, user=manager, **kwargs
    )


def submitted_review(assignment, scores, *, comments=None, recommendation="favourable"):
    """Attest no conflict (if not yet) and submit ``scores`` for the reviewer."""
    reviewer = assignment.reviewer
    assignment.refresh_from_db()
    if assignment.status == "pending":
        services.assignment_accept(assignment=assignment, user=reviewer)
    criteria = list(assignment.application.call.criteria.all())
    comments = dict(comments or {})
    for criterion in criteria:
        comments.setdefault(criterion.pk, "Commentaire de l'instructeur.")
    return services.review_submit(
        assignment=assignment,
        user=reviewer,
        scores=scores,
        comments=comments,
        comment="Avis général.",
        recommendation=recommendation,
    )


def accepted(assignment) -> Assignment:
    """The reviewer attests no conflict of interest (through the service)."""
    return services.assignment_accept(assignment=assignment, user=assignment.reviewer)


def draft_review(assignment, scores, *, comments=None, comment="", recommendation=""):
    """Attest no conflict (if not yet) and save ``scores`` as a draft."""
    assignment.refresh_from_db()
    if assignment.status == "pending":
        accepted(assignment)
    return services.review_save_draft(
        assignment=assignment,
        user=assignment.reviewer,
        scores=scores,
        comments=comments,
        comment=comment,
        recommendation=recommendation,
    )


def siren_of_lead(application) -> str:
    return application.organisation.siret[:9]
