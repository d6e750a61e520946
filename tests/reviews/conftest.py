"""A call with the issue's worked example grid, its manager and reviewers, and
the roles that must be refused."""

import contextlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db.models import Max
from django_fsm_log.models import StateLog

from applications.models import Application, ApplicationVersion
from core.models import ActivityEntry, OutboundEmail
from reviews import services
from reviews.models import (
    Assignment,
    ConsensusNote,
    Consolidation,
    InterestDeclaration,
    Review,
    ReviewMessage,
    Score,
)
from tests.factories import (
    AuthorityFactory,
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    submitted_review,
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
def decided(call, criteria, manager, reviewers):
    """``decided(outcome="accepted", **fields)``: a reviewed dossier of the call
    with its decision recorded through the services."""
    call.authority.slug = "ars-ara"
    call.authority.save()

    def make(outcome="accepted", **fields):
        dossier = under_review(call, manager=manager)
        first, second = criteria
        for reviewer in reviewers[:2]:
            submitted_review(
                assign(dossier, reviewer, manager), {first.pk: 3, second.pk: 7}
            )
        services.application_complete_review(application=dossier, user=manager)
        dossier.refresh_from_db()
        if outcome == "accepted":
            fields.setdefault("amount", "250000")
        return services.decision_record(
            application=dossier, user=manager, outcome=outcome, **fields
        )

    return make


# The reasons of the rejection in ``three``.
REFUSAL = "Le projet ne couvre pas le territoire demandé."


@pytest.fixture
def three(decided):
    """An acceptance, an acceptance with conditions and a rejection, recorded
    on three reviewed dossiers of the call."""
    return [
        decided("accepted", amount="100000"),
        decided(
            "accepted_with_conditions",
            amount="80000",
            motivation="Gouvernance à compléter.",
            conditions=["Signer la charte avant le 1er mars."],
        ),
        decided("rejected", motivation=REFUSAL),
    ]


@pytest.fixture
def dossier(call, criteria, manager):
    return under_review(call, manager=manager)


@pytest.fixture
def reviewed(call, criteria, manager, reviewers):
    """``make(first=3, second=7, requested=None, conflicted=None)``: a dossier
    of the call whose review is completed (two reviews scoring ``first`` and
    ``second``), asking ``requested`` euros; ``conflicted``, a reviewer who
    declared a conflict on it."""

    def make(first=3, second=7, requested=None, conflicted=None):
        dossier = under_review(call, manager=manager)
        one, two = criteria
        for reviewer in reviewers[:2]:
            submitted_review(
                assign(dossier, reviewer, manager), {one.pk: first, two.pk: second}
            )
        if conflicted is not None:
            services.conflict_declare(
                assignment=assign(dossier, conflicted, manager),
                user=conflicted,
                reason="Ancien employeur.",
            )
        if requested is not None:
            ApplicationVersion.objects.filter(application=dossier).update(
                requested_amount=Decimal(requested)
            )
        services.application_complete_review(application=dossier, user=manager)
        dossier.refresh_from_db()
        return dossier

    return make


@pytest.fixture
def other_manager(db):
    """A manager of another authority."""
    return ManagerFactory(username="gestionnaire-autre", authority=AuthorityFactory())


@pytest.fixture
def outside_reviewer(db):
    """A reviewer of another authority."""
    return ReviewerFactory(
        username="instructeur-ailleurs", authority=AuthorityFactory()
    )


@pytest.fixture
def inactive_manager(call):
    return ManagerFactory(
        username="gestionnaire-parti", authority=call.authority, is_active=False
    )


@pytest.fixture
def plain_user(db):
    return UserFactory(username="visiteur-inscrit")


def _snapshot() -> dict:
    """Every row the instruction's services may write, and what they change."""
    return {
        "assignments": list(
            Assignment.objects.order_by("pk").values_list(
                "pk", "status", "conflict_override_reason", "removed_reason"
            )
        ),
        "reviews": list(
            Review.objects.order_by("pk").values_list(
                "pk", "status", "total", "comment", "recommendation"
            )
        ),
        "scores": list(
            Score.objects.order_by("pk").values_list("pk", "value", "comment")
        ),
        "interests": list(
            InterestDeclaration.objects.order_by("pk").values_list(
                "pk", "siren", "siret", "organisation_name", "nature", "since"
            )
        ),
        "states": list(Application.objects.order_by("pk").values_list("pk", "state")),
        "activity": ActivityEntry.objects.count(),
        "emails": OutboundEmail.objects.count(),
        "consolidations": Consolidation.objects.count(),
        "state_logs": StateLog.objects.count(),
        "messages": ReviewMessage.objects.count(),
        "notes": list(ConsensusNote.objects.values_list("pk", "text")),
    }


@pytest.fixture
def nothing_changes():
    """``with nothing_changes(), pytest.raises(...)``: the refusal wrote and
    changed nothing (no row of the instruction, the activity log, the outbox)."""

    @contextlib.contextmanager
    def check():
        before = _snapshot()
        yield
        assert _snapshot() == before

    return check


@pytest.fixture
def recorded():
    """``with recorded() as new:`` then ``new.actions`` (the activity entries'
    actions) and ``new.emails`` (the outbox rows) written inside the block."""

    @contextlib.contextmanager
    def record():
        box = SimpleNamespace(actions=[], emails=[], entries=[])
        last_entry = ActivityEntry.objects.aggregate(m=Max("pk"))["m"] or 0
        last_email = OutboundEmail.objects.aggregate(m=Max("pk"))["m"] or 0
        yield box
        box.entries = list(
            ActivityEntry.objects.filter(pk__gt=last_entry).order_by("pk")
        )
        box.actions = [entry.action for entry in box.entries]
        box.emails = list(
            OutboundEmail.objects.filter(pk__gt=last_email).order_by("pk")
        )

    return record
