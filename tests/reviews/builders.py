"""Dossiers in instruction built in bulk (``bulk_create`` of valid rows), for
the query-count and export tests where the services would be too slow.

The rows are what the services leave: a dossier under review with its version
on record, accepted assignments and submitted reviews with their totals and
scores. Use the services (``tests.factories.reviews``) to test the rules.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from applications.enums import ApplicationState
from applications.models import Application, ApplicationVersion, Partner
from reviews.enums import AssignmentStatus, ReviewStatus
from reviews.models import Assignment, Review, Score
from tests.factories import MembershipFactory, OrganisationFactory
from tests.factories.applications import synthetic_siret

_counter = itertools.count(1)


def bulk_dossiers(
    call,
    count: int,
    *,
    reviewers=(),
    totals=None,
    state: str = ApplicationState.UNDER_REVIEW,
    criteria=(),
    partners: bool = True,
) -> list[Application]:
    """``count`` dossiers of ``call`` in ``state``, each reviewed by every one
    of ``reviewers`` (accepted, review submitted with the total
    ``totals(i, j)`` for dossier ``i`` and reviewer ``j``, 70 by default), with
    a version on record naming a partner and one live partner."""
    now = timezone.now()
    organisation = OrganisationFactory()
    creator = MembershipFactory(organisation=organisation).user
    # Numbered from 100001, clear of the factories' sequence.
    last = Application.objects.filter(call=call).aggregate(last=Max("sequence"))
    first = max(last["last"] or 0, 100_000) + 1
    applications = Application.objects.bulk_create(
        [
            Application(
                call=call,
                organisation=organisation,
                created_by=creator,
                sequence=first + i,
                reference=f"{call.reference}-{first + i:04d}",
                title=f"Projet n°{first + i}",
                state=state,
                submitted_at=now,
            )
            for i in range(count)
        ]
    )
    ApplicationVersion.objects.bulk_create(
        [
            ApplicationVersion(
                application=application,
                number=1,
                submitted_at=now,
                submitted_by=creator,
                title=application.title,
                lead={"name": organisation.name, "siret": organisation.siret},
                partners=[{"name": "Partenaire", "siret": synthetic_siret(50000 + i)}]
                if partners
                else [],
            )
            for i, application in enumerate(applications)
        ]
    )
    if partners:
        Partner.objects.bulk_create(
            [
                Partner(
                    application=application,
                    name=f"Partenaire vivant {i}",
                    siret=synthetic_siret(60000 + next(_counter)),
                    role="Membre",
                    contact_name="Claude Exemple",
                    contact_email=f"p{i}@example.org",
                )
                for i, application in enumerate(applications)
            ]
        )
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                application=application,
                reviewer=reviewer,
                status=AssignmentStatus.ACCEPTED,
                accepted_at=now,
                due_at=now + timedelta(days=10 + i % 7),
            )
            for i, application in enumerate(applications)
            for reviewer in reviewers
        ]
    )
    totals = totals or (lambda i, j: Decimal(70))
    width = len(reviewers)
    reviews = Review.objects.bulk_create(
        [
            Review(
                assignment=assignment,
                status=ReviewStatus.SUBMITTED,
                total=Decimal(totals(index // width, index % width)),
                submitted_at=now,
                comment="Avis.",
                recommendation="favourable",
            )
            for index, assignment in enumerate(assignments)
        ]
    )
    Score.objects.bulk_create(
        [
            Score(review=review, criterion=criterion, value=Decimal(1))
            for review in reviews
            for criterion in criteria
        ]
    )
    refresh_planner_statistics()
    return applications


def refresh_planner_statistics() -> None:
    """On PostgreSQL, ANALYZE after a bulk insert, as autovacuum does on a
    running site: with the statistics of nearly empty tables (analysed earlier
    in the run) the planner picks nested loops that take minutes on thousands of
    rows. ANALYZE sees the rows the test's transaction inserted."""
    if connection.vendor != "postgresql":
        return
    models = (Application, ApplicationVersion, Partner, Assignment, Review, Score)
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")
