"""The release of a call's decisions (``decisions_release``): refused while a
dossier has no decision; each item stores its letter, then moves the dossier
and emails the applicant; releasing twice sends nothing twice; a failing
render is recorded, retried, and then stores one letter and sends one email."""

import pytest

from applications.emails import applicant_emails
from applications.enums import ApplicationState
from core import page_cache
from core.models import ActivityEntry, OutboundEmail
from reviews import services
from reviews.enums import ReleaseItemStatus, ReleaseKind
from reviews.exceptions import DecisionRefused, ReleaseRefused, ReviewPermissionRefused
from reviews.models import DecisionLetter, ReleaseBatch, ReleaseItem
from reviews.services import letters, release
from tests.factories import under_review


def decision_emails():
    return OutboundEmail.objects.filter(template__startswith="decision_").order_by("pk")


def test_release_is_refused_while_a_dossier_has_no_decision(
    call, manager, three, nothing_changes
):
    waiting = under_review(call, manager=manager)
    with nothing_changes(), pytest.raises(ReleaseRefused) as refused:
        services.decisions_release(call=call, user=manager)
    assert any(waiting.reference in reason for reason in refused.value.reasons)


def test_only_the_calls_managers_release(call, three, reviewers, other_manager):
    for user in (reviewers[0], other_manager):
        with pytest.raises(ReviewPermissionRefused):
            services.decisions_release(call=call, user=user)
    assert not ReleaseBatch.objects.exists()


def test_a_release_queues_one_item_per_decision_and_changes_nothing_yet(
    call, manager, three, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        batch = services.decisions_release(call=call, user=manager)
    # One task per decision, once committed (besides the page cache's
    # invalidation: a release changes what the public pages show).
    tasks = [c for c in callbacks if c is not page_cache._new_generation]
    assert len(tasks) == 3
    assert batch.kind == ReleaseKind.CALL
    assert sorted(batch.items.values_list("decision", flat=True)) == sorted(
        d.pk for d in three
    )
    for decision in three:
        decision.refresh_from_db()
        decision.application.refresh_from_db()
        assert decision.released_at is None
        assert decision.application.state == ApplicationState.REVIEWED
    assert not DecisionLetter.objects.exists()
    assert not decision_emails().exists()


def test_processing_stores_letters_moves_states_and_emails_each_outcome(
    call, manager, three
):
    batch = services.decisions_release(call=call, user=manager)
    items = services.release_batch_process(batch=batch)
    assert [item.status for item in items] == [ReleaseItemStatus.DONE] * 3
    accepted = three[0]
    states = {}
    for decision in three:
        decision.refresh_from_db()
        states[decision.outcome] = decision.application.state
        letter = decision.letters.get()
        assert decision.released_at is not None
        assert letter.notified_at is not None
        assert letter.file.name
    assert states == {
        "accepted": ApplicationState.ACCEPTED,
        "accepted_with_conditions": ApplicationState.ACCEPTED,
        "rejected": ApplicationState.REJECTED,
    }
    emails = list(decision_emails())
    assert [email.template for email in emails] == [
        "decision_accepted",
        "decision_accepted_with_conditions",
        "decision_rejected",
    ]
    subjects = [email.subject for email in emails]
    assert len(set(subjects)) == 3
    assert all("Accusé de réception" not in subject for subject in subjects)
    assert "retenu sous conditions" in subjects[1]
    assert "n'est pas retenu" in subjects[2]
    for email, decision in zip(emails, three, strict=True):
        application = decision.application
        assert email.to == applicant_emails(application)
        assert email.to  # the applicant's members are told
        assert decision.letters.get().number in email.body
        assert email.dedup_key == f"decision-letter:{decision.letters.get().pk}"
    assert accepted.application.reference in emails[0].subject


def test_releasing_twice_sends_nothing_twice(call, manager, three):
    batch = services.decisions_release(call=call, user=manager)
    services.release_batch_process(batch=batch)
    again = services.decisions_release(call=call, user=manager)
    assert again == batch
    services.release_batch_process(batch=again)
    # And processing an item again does nothing.
    for item in batch.items.all():
        services.release_item_process(item_id=item.pk)
    assert ReleaseItem.objects.count() == 3
    assert DecisionLetter.objects.count() == 3
    assert decision_emails().count() == 3


def test_a_decision_waiting_in_a_release_cannot_be_changed(call, manager, three):
    services.decisions_release(call=call, user=manager)
    with pytest.raises(DecisionRefused, match="en cours de notification"):
        services.decision_record(
            application=three[2].application,
            user=manager,
            outcome="rejected",
            motivation="Autre motif.",
        )


def test_a_failing_render_is_recorded_then_retried_once(
    call, manager, three, monkeypatch
):
    real = letters.render_decision_letter_pdf
    calls = {"n": 0}

    def flaky(decision, **kwargs):
        calls["n"] += 1
        if decision.outcome == "rejected" and calls["n"] <= 3:
            raise OSError("disque plein")
        return real(decision, **kwargs)

    monkeypatch.setattr(letters, "render_decision_letter_pdf", flaky)
    batch = services.decisions_release(call=call, user=manager)
    services.release_batch_process(batch=batch)
    failed = batch.items.get(status=ReleaseItemStatus.FAILED)
    assert failed.decision == three[2]
    assert "disque plein" in failed.error
    assert failed.attempts == 1
    rejected = three[2]
    rejected.application.refresh_from_db()
    assert rejected.application.state == ApplicationState.REVIEWED
    assert not rejected.letters.exists()
    assert decision_emails().count() == 2
    services.release_batch_process(batch=batch)  # a failed item waits for a retry
    assert batch.items.filter(status=ReleaseItemStatus.FAILED).count() == 1
    services.release_retry(batch=batch, user=manager)
    services.release_batch_process(batch=batch)
    failed.refresh_from_db()
    assert failed.status == ReleaseItemStatus.DONE
    assert rejected.letters.count() == 1
    assert decision_emails().count() == 3
    assert ActivityEntry.objects.filter(action="decisions.release_retried").count() == 1


def test_a_failure_after_the_letter_is_stored_reuses_it(
    call, manager, three, monkeypatch
):
    real = release.event_email_enqueue
    state = {"failed": False}

    def once(**kwargs):
        if not state["failed"]:
            state["failed"] = True
            raise ConnectionError("base indisponible")
        return real(**kwargs)

    monkeypatch.setattr(release, "event_email_enqueue", once)
    batch = services.decisions_release(call=call, user=manager)
    services.release_batch_process(batch=batch)
    failed = batch.items.get(status=ReleaseItemStatus.FAILED)
    # The letter was stored; the state and the email were rolled back together.
    assert failed.decision.letters.count() == 1
    failed.decision.application.refresh_from_db()
    assert failed.decision.application.state == ApplicationState.REVIEWED
    services.release_retry(batch=batch, user=manager)
    services.release_batch_process(batch=batch)
    assert failed.decision.letters.count() == 1
    assert decision_emails().count() == 3


def test_retry_is_refused_when_nothing_failed(call, manager, three):
    batch = services.decisions_release(call=call, user=manager)
    services.release_batch_process(batch=batch)
    with pytest.raises(ReleaseRefused):
        services.release_retry(batch=batch, user=manager)


def test_nothing_to_release_is_said(call, manager):
    with pytest.raises(ReleaseRefused, match="aucune décision à publier"):
        services.decisions_release(call=call, user=manager)


def test_release_runs_eagerly_once_committed(
    call, manager, three, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.decisions_release(call=call, user=manager)
    assert set(batch.items.values_list("status", flat=True)) == {ReleaseItemStatus.DONE}
