import smtplib
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone

from core.enums import OutboundEmailStatus as Status
from core.exceptions import OutboxError
from core.models import OutboundEmail
from core.outbox import email_enqueue, email_requeue, email_send, outbox_requeue
from core.tasks import outbox_retry_task
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("email_templates")]

CONTEXT = {"reference": "AAP-2026-001", "at": None, "name": "Camille"}


def refuse(self, messages):
    raise smtplib.SMTPException("421 Service not available")


@pytest.fixture
def failed_email(django_capture_on_commit_callbacks, monkeypatch, settings):
    """An email whose every attempt failed (OUTBOX_MAX_ATTEMPTS = 2)."""
    settings.OUTBOX_MAX_ATTEMPTS = 2
    with django_capture_on_commit_callbacks(execute=False):
        email = email_enqueue(
            to=["camille@example.org"], template="_test", context=CONTEXT
        )
    with monkeypatch.context() as patch:
        patch.setattr(
            "django.core.mail.backends.locmem.EmailBackend.send_messages", refuse
        )
        for _attempt in range(2):
            with pytest.raises(smtplib.SMTPException):
                email_send(email_id=email.pk)
    email.refresh_from_db()
    assert (email.status, email.attempts) == (Status.FAILED, 2)
    return email


def pending_email(*, age: timedelta) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=["dominique@example.org"],
        template="_test",
        subject="Relance",
        body="Corps\n",
        created_at=timezone.now() - age,
    )


def test_outbox_retry_command_sends_a_failed_email_once(
    failed_email, django_capture_on_commit_callbacks, mailoutbox, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("outbox_retry")

    failed_email.refresh_from_db()
    assert (failed_email.status, failed_email.attempts) == (Status.SENT, 3)
    assert failed_email.last_error == ""
    assert [m.to for m in mailoutbox] == [["camille@example.org"]]
    assert capsys.readouterr().out == f"Queued 1 email(s).\n  #{failed_email.pk}\n"

    with django_capture_on_commit_callbacks(execute=True):
        call_command("outbox_retry")
    assert len(mailoutbox) == 1


def test_outbox_retry_command_dry_run_changes_nothing(
    failed_email, django_capture_on_commit_callbacks, mailoutbox, capsys
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("outbox_retry", "--dry-run")

    assert callbacks == []
    assert OutboundEmail.objects.get().status == Status.FAILED
    assert mailoutbox == []
    out = capsys.readouterr().out
    assert out == f"Would queue 1 email(s).\n  #{failed_email.pk}\n"


def test_outbox_requeue_takes_stale_pending_emails_only(
    django_capture_on_commit_callbacks, mailoutbox
):
    stale = pending_email(age=timedelta(minutes=16))
    pending_email(age=timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_requeue() == [stale.pk]

    assert [m.subject for m in mailoutbox] == ["Relance"]


def test_outbox_retry_task_requeues_through_the_service(
    failed_email, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        result = outbox_retry_task.delay()

    assert result.get() == [failed_email.pk]
    assert len(mailoutbox) == 1


def test_email_requeue_by_an_administrator(
    failed_email, django_capture_on_commit_callbacks, mailoutbox
):
    admin = UserFactory(username="admin", superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        email = email_requeue(email_id=failed_email.pk, user=admin)

    assert email.pk == failed_email.pk
    assert OutboundEmail.objects.get().status == Status.SENT
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("superuser", [False, None])
def test_email_requeue_refuses_a_non_administrator(failed_email, superuser):
    user = AnonymousUser() if superuser is None else UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        email_requeue(email_id=failed_email.pk, user=user)
    assert OutboundEmail.objects.get().status == Status.FAILED


def test_email_requeue_refuses_an_email_that_did_not_fail():
    email = pending_email(age=timedelta(0))
    admin = UserFactory(username="admin", superuser=True)
    with pytest.raises(OutboxError, match="Only a failed email"):
        email_requeue(email_id=email.pk, user=admin)
    with pytest.raises(OutboxError, match="Only a failed email"):
        email_requeue(email_id=email.pk + 1, user=admin)
