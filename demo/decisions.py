"""The outcome of the Bretagne filière call in the demo, through the services.

The call (``AAC-2024-BRE-FIL``) is closed: its eight dossiers are written while
the seed opens it for the time of its transaction (``seed.py``), then the
manager (``gestionnaire``) declares them admissible and assigns the two ARS
Bretagne reviewers, who attest and submit their reviews; the manager completes
each review, records the selection committee's session and its eight
acceptances, and releases them: the letters are generated (WeasyPrint),
stored and notified, the dossiers accepted and the applicants emailed. The data
are in ``demo/texts/bre_decisions.py``.

Every step is guarded, so that a second run changes nothing and sends no email:
a dossier is declared admissible only while « submitted », its review completed
only while « under review » and complete, a decision recorded only on a
« reviewed » dossier that has none, the committee recorded only if the call has
none, the decisions released only once. A release whose letters failed (no
Pango on the machine: WeasyPrint cannot render) leaves the dossiers « reviewed »
and its items failed; the next run retries them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.utils import timezone

from applications.enums import ApplicationState
from applications.models import Application
from applications.services import application_start_review
from calls.models import Call
from core.time import in_paris
from reviews import services
from reviews.enums import DecisionOutcome, ReleaseItemStatus, ReleaseKind
from reviews.models import (
    Committee,
    Decision,
    DecisionLetter,
    ReleaseBatch,
    ReleaseItem,
)
from reviews.selectors.release import decisions_to_release, release_blockers

from .dates import NOON, days_from
from .governance import demo_dossier
from .instruction import DUE_IN_DAYS, assignment_step, find_dossier
from .specs import DecisionSpec
from .texts import bre_decisions
from .texts.bre_fil import SPEC

CALL = SPEC.reference


@dataclass
class DecisionsReport:
    dossiers: list[Application]
    decisions: int
    letters: int  # current letters notified
    failed: int  # release items that failed (their letters could not be made)


def seed_decision_dossiers() -> list[Application]:
    """The call's eight dossiers (created only while the call is open)."""
    call = Call.objects.get(reference=CALL)
    dossiers = (demo_dossier(call, spec) for spec in bre_decisions.DOSSIERS)
    return [dossier for dossier in dossiers if dossier is not None]


def seed_decisions(*, users: dict[str, AbstractUser]) -> DecisionsReport:
    """Take the call's dossiers from their submission to their notified
    acceptance."""
    call = Call.objects.get(reference=CALL)
    manager = users["gestionnaire"]
    by_key = {spec.key: spec for spec in bre_decisions.DOSSIERS}
    found = [
        (spec, find_dossier(call, by_key[spec.dossier]))
        for spec in bre_decisions.DECISIONS
    ]
    found = [(spec, dossier) for spec, dossier in found if dossier is not None]
    for spec, dossier in found:
        _review(dossier, spec, users, manager)
    committee = _committee(call, users, manager)
    for spec, dossier in found:
        _decide(dossier, spec, manager, committee)
    _release(call, manager)
    dossiers = list(
        Application.objects.filter(pk__in=[d.pk for _s, d in found]).order_by(
            "reference"
        )
    )
    decisions = Decision.objects.filter(application__in=dossiers)
    return DecisionsReport(
        dossiers=dossiers,
        decisions=decisions.count(),
        letters=DecisionLetter.objects.filter(
            decision__in=decisions,
            superseded_at__isnull=True,
            notified_at__isnull=False,
        ).count(),
        failed=ReleaseItem.objects.filter(
            batch__call=call, status=ReleaseItemStatus.FAILED
        ).count(),
    )


def _review(
    application: Application,
    spec: DecisionSpec,
    users: dict[str, AbstractUser],
    manager: AbstractUser,
) -> None:
    """Admissible, reviewed by its two reviewers, its review completed."""
    if application.state == ApplicationState.SUBMITTED:
        application = application_start_review(application=application, user=manager)
    if application.state != ApplicationState.UNDER_REVIEW:
        return
    criteria = list(application.call.criteria.order_by("sort_order", "pk"))
    due_at = days_from(timezone.now(), DUE_IN_DAYS, NOON)
    for step in spec.assignments:
        assignment_step(application, step, users, manager, criteria, due_at)
    if not services.completion_problems(application):
        services.application_complete_review(application=application, user=manager)


def _committee(
    call: Call, users: dict[str, AbstractUser], manager: AbstractUser
) -> Committee:
    existing = Committee.objects.filter(call=call).order_by("held_at", "pk").first()
    if existing is not None:
        return existing
    return services.committee_create(
        call=call,
        user=manager,
        held_at=bre_decisions.COMMITTEE_HELD_AT,
        place=bre_decisions.COMMITTEE_PLACE,
        members=[
            {"user": users[who], "role": role, "organisation": organisation}
            if who in users
            else {"name": who, "role": role, "organisation": organisation}
            for who, role, organisation in bre_decisions.COMMITTEE_MEMBERS
        ],
    )


def _decide(
    application: Application,
    spec: DecisionSpec,
    manager: AbstractUser,
    committee: Committee,
) -> None:
    application = Application.objects.get(pk=application.pk)
    if application.state != ApplicationState.REVIEWED:
        return
    if Decision.objects.filter(application=application).exists():
        return
    today = in_paris(timezone.now()).date()
    conditions = [
        {"text": c.text, "due_on": today + timedelta(days=c.due_in_days)}
        for c in spec.conditions
    ]
    services.decision_record(
        application=application,
        user=manager,
        outcome=(
            DecisionOutcome.ACCEPTED_WITH_CONDITIONS
            if conditions
            else DecisionOutcome.ACCEPTED
        ),
        amount=spec.amount,
        motivation=spec.motivation,
        conditions=conditions,
        committee=committee,
        duration_months=bre_decisions.DURATION_MONTHS,
        opinion=spec.opinion,
    )


def _release(call: Call, manager: AbstractUser) -> None:
    """Release the call's decisions once, processing the letters here and now;
    a release whose letters failed is retried."""
    batch = ReleaseBatch.objects.filter(call=call, kind=ReleaseKind.CALL).first()
    if batch is None:
        if release_blockers(call) or not decisions_to_release(call).exists():
            return
        batch = services.decisions_release(call=call, user=manager)
    elif batch.items.filter(status=ReleaseItemStatus.FAILED).exists():
        services.release_retry(batch=batch, user=manager)
    else:
        return
    services.release_batch_process(batch=batch)
