"""The release of decisions (``decisions_release``): the call's decisions are
notified together, in the background. Each decision becomes an item of a
batch; processing an item stores its letter, moves the dossier's state
(``accept``, ``reject``, ``correct_decision``) and emails the applicant, in
this order, so that a state never says a decision was notified unless its
letter is stored. Processing is idempotent: a retried item stores one letter
and sends one email (the outbox's key is the letter).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.emails import event_email_enqueue
from applications.enums import ApplicationState
from applications.models import Application
from applications.services import application_lock, application_transition
from calls.models import Call
from core.activity import activity_record
from core.transactions import queue_on_commit

from ..enums import ACCEPTANCES, DecisionOutcome, ReleaseItemStatus, ReleaseKind
from ..exceptions import ReleaseRefused
from ..models import Decision, DecisionLetter, ReleaseBatch, ReleaseItem
from ..selectors.release import decisions_to_release, release_blockers
from ._common import require_manager
from .letters import decision_letter_generate

logger = logging.getLogger(__name__)

RELEASE_TASK = "reviews.release_item"


def _queue(batch: ReleaseBatch, decisions, user, *, action: str) -> ReleaseBatch:
    items = ReleaseItem.objects.bulk_create(
        ReleaseItem(batch=batch, decision=decision) for decision in decisions
    )
    for item in items:
        queue_on_commit(RELEASE_TASK, item_id=item.pk)
    activity_record(
        actor=user,
        action=action,
        target=batch,
        scope=batch.call,
        details={"kind": batch.kind, "decisions": len(items)},
    )
    return batch


@transaction.atomic
def decisions_release(*, call: Call, user) -> ReleaseBatch:
    """Release every recorded decision of ``call`` not released yet: their
    letters are generated and sent in the background, then the dossiers move.

    Returns the batch queued. Releasing again queues nothing twice: with
    nothing left to release, the latest batch is returned as it is. Refused
    while a dossier of the call has no decision.
    """
    require_manager(user, call)
    call = Call.objects.select_for_update().get(pk=call.pk)
    blockers = release_blockers(call)
    if blockers:
        raise ReleaseRefused(
            _("Record a decision for every dossier of the call before releasing."),
            reasons=[
                _("%(reference)s « %(title)s » has no decision.")
                % {"reference": dossier.reference, "title": dossier.title}
                for dossier in blockers
            ],
        )
    decisions = list(decisions_to_release(call))
    if not decisions:
        latest = ReleaseBatch.objects.filter(call=call, kind=ReleaseKind.CALL).first()
        if latest is not None:
            return latest
        raise ReleaseRefused(_("There is no decision to release for this call."))
    batch = ReleaseBatch.objects.create(
        call=call, kind=ReleaseKind.CALL, created_by=user
    )
    return _queue(batch, decisions, user, action="decisions.released")


def decision_release_one(*, decision: Decision, user, kind: str) -> ReleaseBatch:
    """Notify one decision at once (a correction after release, an
    inadmissibility): a batch of one, in the caller's transaction."""
    pending = decision.release_items.filter(status=ReleaseItemStatus.PENDING).first()
    if pending is not None:
        return pending.batch
    decision.release_items.filter(status=ReleaseItemStatus.FAILED).delete()
    batch = ReleaseBatch.objects.create(
        call=decision.application.call, kind=kind, created_by=user
    )
    return _queue(batch, [decision], user, action="decision.notified")


@transaction.atomic
def release_retry(*, batch: ReleaseBatch, user) -> list[ReleaseItem]:
    """Queue the failed items of ``batch`` again."""
    require_manager(user, batch.call)
    failed = list(
        batch.items.select_for_update().filter(status=ReleaseItemStatus.FAILED)
    )
    if not failed:
        raise ReleaseRefused(_("No letter of this release has failed."))
    for item in failed:
        item.status = ReleaseItemStatus.PENDING
        item.error = ""
        item.save(update_fields=["status", "error"])
        queue_on_commit(RELEASE_TASK, item_id=item.pk)
    activity_record(
        actor=user,
        action="decisions.release_retried",
        target=batch,
        scope=batch.call,
        details={"items": len(failed)},
    )
    return failed


# Processing one item -------------------------------------------------------------


def _email_event(decision: Decision, letter: DecisionLetter) -> str:
    """``decision_corrected`` when an earlier letter of the decision was
    notified, else the outcome's own event (each has its own subject)."""
    earlier = decision.letters.exclude(pk=letter.pk).filter(notified_at__isnull=False)
    if earlier.exists():
        return "decision_corrected"
    return f"decision_{decision.outcome}"


def _transition_for(application: Application, decision: Decision) -> str | None:
    """The transition that makes the dossier's state say ``decision``: none
    when it already does; ``ReleaseRefused`` when no transition can."""
    state = application.state
    accepted = decision.outcome in ACCEPTANCES
    if decision.outcome == DecisionOutcome.INADMISSIBLE:
        # Declared at once (``application_declare_inadmissible``); only the
        # letter was waiting.
        expected, transitions = ApplicationState.INADMISSIBLE, {}
    elif accepted:
        expected = ApplicationState.ACCEPTED
        transitions = {
            ApplicationState.REVIEWED: "accept",
            ApplicationState.REJECTED: "correct_decision",
        }
    else:
        expected = ApplicationState.REJECTED
        transitions = {
            ApplicationState.REVIEWED: "reject",
            ApplicationState.ACCEPTED: "correct_decision",
        }
    if state == expected:
        return None
    if state in transitions:
        return transitions[state]
    raise ReleaseRefused(
        _(
            "The dossier %(reference)s is « %(state)s »: this decision cannot be "
            "notified."
        )
        % {"reference": application.reference, "state": application.get_state_display()}
    )


def _move_state(application: Application, decision: Decision, user) -> None:
    """Move the dossier's state once ``decision``'s letter is stored."""
    transition = _transition_for(application, decision)
    if transition is None:
        return
    kwargs = {}
    if transition == "correct_decision":
        kwargs["accepted"] = decision.outcome in ACCEPTANCES
    application_transition(
        application=application,
        transition=transition,
        user=user,
        comment=decision.motivation,
        **kwargs,
    )


def _notify(item_id: int, letter: DecisionLetter) -> ReleaseItem:
    with transaction.atomic():
        item = (
            ReleaseItem.objects.select_for_update(of=("self",))
            .select_related("batch", "batch__created_by", "decision")
            .get(pk=item_id)
        )
        if item.status == ReleaseItemStatus.DONE:
            return item
        decision = item.decision
        application = application_lock(application=decision.application)
        _move_state(application, decision, item.batch.created_by)
        now = timezone.now()
        if decision.released_at is None:
            decision.released_at = now
            decision.save(update_fields=["released_at"])
        event_email_enqueue(
            application=application,
            event=_email_event(decision, letter),
            context={"decision": decision, "letter": letter},
            dedup_key=f"decision-letter:{letter.pk}",
        )
        if letter.notified_at is None:
            letter.notified_at = now
            letter.save(update_fields=["notified_at"])
        item.status = ReleaseItemStatus.DONE
        item.letter = letter
        item.error = ""
        item.done_at = now
        item.attempts += 1
        item.save(update_fields=["status", "letter", "error", "done_at", "attempts"])
        activity_record(
            actor=None,
            action="decision.notified",
            target=decision,
            scope=application,
            details={"letter": letter.number, "batch": item.batch_id},
        )
    return item


def release_item_process(*, item_id: int) -> ReleaseItem | None:
    """Store the item's letter, move the dossier and tell the applicant; on
    failure, the item is marked failed with the error (the manager retries
    it). Idempotent."""
    item = ReleaseItem.objects.select_related("decision").filter(pk=item_id).first()
    if item is None or item.status == ReleaseItemStatus.DONE:
        return item
    try:
        letter = decision_letter_generate(decision=item.decision)
        return _notify(item.pk, letter)
    except Exception as exc:
        logger.exception("Release item %s failed", item_id)
        ReleaseItem.objects.filter(pk=item_id).exclude(
            status=ReleaseItemStatus.DONE
        ).update(
            status=ReleaseItemStatus.FAILED,
            error=_release_error(exc),
            attempts=F("attempts") + 1,
        )
        return ReleaseItem.objects.get(pk=item_id)


def _release_error(exc: Exception) -> str:
    message = getattr(exc, "message", None) or str(exc)
    return f"{type(exc).__name__}: {message}"[:2000]


def release_batch_process(*, batch: ReleaseBatch) -> list[ReleaseItem]:
    """Process every pending item of ``batch`` here and now (the demo, the
    tests; the workers do it item by item)."""
    ids = list(
        batch.items.filter(status=ReleaseItemStatus.PENDING).values_list(
            "pk", flat=True
        )
    )
    return [release_item_process(item_id=pk) for pk in ids]
