import smtplib
from datetime import UTC, datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from core.enums import OutboundEmailStatus as Status
from core.exceptions import TransactionRequiredError
from core.models import OutboundEmail
from core.outbox import email_enqueue, email_send
from core.tasks import send_email_task

pytestmark = pytest.mark.usefixtures("email_templates")

NOW = datetime(2026, 11, 22, 13, 5, 27, tzinfo=UTC)
CONTEXT = {"reference": "AAP-2026-001", "at": NOW, "name": "Camille"}
SUBJECT = "[AAP-2026-001] Dossier reçu le 22 novembre 2026 à 14:05"
BODY = "Bonjour Camille,\n\nVotre dossier AAP-2026-001 est reçu.\n"


def enqueue(**kwargs):
    arguments = {
        "to": ["camille@example.org"],
        "template": "_test",
        "context": CONTEXT,
        "context_ref": "applications.application:12",
    }
    return email_enqueue(**{**arguments, **kwargs})


@pytest.fixture
def smtp_down(monkeypatch):
    def refuse(self, messages):
        raise smtplib.SMTPException("421 Service not available")

    monkeypatch.setattr(
        "django.core.mail.backends.locmem.EmailBackend.send_messages", refuse
    )


@pytest.mark.django_db
def test_email_enqueue_writes_one_row_and_sends_once_on_commit(
    django_capture_on_commit_callbacks, mailoutbox, time_machine
):
    time_machine.move_to(NOW, tick=False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = enqueue(reply_to=["ars-bretagne@example.org"])
        assert mailoutbox == []

    assert len(callbacks) == 1
    row = OutboundEmail.objects.get()
    assert row.pk == email.pk
    assert row.to == ["camille@example.org"]
    assert row.reply_to == ["ars-bretagne@example.org"]
    assert row.template == "_test"
    assert row.context_ref == "applications.application:12"
    assert row.subject == SUBJECT
    assert row.body == BODY
    assert row.body_html == ""
    assert row.attachments == []
    assert row.status == Status.SENT
    assert row.attempts == 1
    assert row.last_error == ""
    assert row.created_at == NOW
    assert row.sent_at == NOW
    assert row.dedup_key is None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == SUBJECT
    assert message.body == BODY
    assert message.to == ["camille@example.org"]
    assert message.reply_to == ["ars-bretagne@example.org"]
    assert message.from_email == "Sillon <ne-pas-repondre@example.org>"
    assert message.alternatives == []


@pytest.mark.django_db
def test_email_enqueue_html_body_is_sent_as_alternative(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(template="_test_html")

    assert [tuple(a) for a in mailoutbox[0].alternatives] == [
        ("<p>Bonjour Camille,</p>", "text/html")
    ]


@pytest.mark.django_db
def test_email_enqueue_without_recipients_records_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert enqueue(to=["", ""]) is None

    assert callbacks == []
    assert OutboundEmail.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_email_enqueue_drops_duplicate_recipients(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        email = enqueue(to=["b@example.org", "a@example.org", "b@example.org"])
    assert email.to == ["b@example.org", "a@example.org"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_email_enqueue_refuses_outside_a_transaction(mailoutbox):
    with pytest.raises(TransactionRequiredError, match="email_enqueue"):
        enqueue()
    assert OutboundEmail.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_email_enqueue_rolled_back_with_the_caller_sends_nothing(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue()
        raise RuntimeError("the change failed")

    assert OutboundEmail.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_email_enqueue_sends_after_the_callers_commit(mailoutbox):
    with transaction.atomic():
        email = enqueue()
        assert mailoutbox == []

    assert len(mailoutbox) == 1
    assert OutboundEmail.objects.get(pk=email.pk).status == Status.SENT


@pytest.mark.django_db
def test_email_enqueue_with_a_used_dedup_key_returns_the_row_and_queues_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = enqueue(dedup_key="receipt:12:1")
        second = enqueue(dedup_key="receipt:12:1", context={**CONTEXT, "name": "X"})

    assert second.pk == first.pk
    assert len(callbacks) == 1
    assert OutboundEmail.objects.count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].body == BODY


@pytest.mark.django_db
@pytest.mark.parametrize(
    "attachment, error",
    [
        ({"storage": "private", "name": "a.pdf"}, "exactly"),
        (
            {"storage": "s3", "name": "a", "filename": "a", "mimetype": "x/y"},
            "Unknown attachment storage 's3'",
        ),
    ],
)
def test_email_enqueue_refuses_malformed_attachments(attachment, error):
    with pytest.raises(ValueError, match=error):
        enqueue(attachments=[attachment])
    assert OutboundEmail.objects.count() == 0


@pytest.mark.django_db
def test_email_send_attaches_files_read_from_storage(
    django_capture_on_commit_callbacks, mailoutbox
):
    pdf = b"%PDF-1.7 accuse de reception"
    name = storages["private"].save("receipts/AAP-2026-001-v1.pdf", ContentFile(pdf))
    attachment = {
        "storage": "private",
        "name": name,
        "filename": "Accusé de réception AAP-2026-001.pdf",
        "mimetype": "application/pdf",
    }
    with django_capture_on_commit_callbacks(execute=True):
        email = enqueue(attachments=[attachment])

    assert OutboundEmail.objects.get(pk=email.pk).attachments == [attachment]
    assert [tuple(a) for a in mailoutbox[0].attachments] == [
        ("Accusé de réception AAP-2026-001.pdf", pdf, "application/pdf")
    ]


@pytest.mark.django_db
def test_email_send_of_a_sent_row_sends_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        email = enqueue()
    sent_at = OutboundEmail.objects.get(pk=email.pk).sent_at

    email_send(email_id=email.pk)
    send_email_task.delay(email_id=email.pk)

    row = OutboundEmail.objects.get(pk=email.pk)
    assert len(mailoutbox) == 1
    assert (row.status, row.attempts, row.sent_at) == (Status.SENT, 1, sent_at)


@pytest.mark.django_db
def test_send_email_task_of_a_deleted_row_is_a_no_op(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        email = enqueue()
    OutboundEmail.objects.filter(pk=email.pk).delete()

    send_email_task.delay(email_id=email.pk)

    assert mailoutbox == []


@pytest.mark.django_db
def test_email_send_failure_is_recorded_then_failed_after_max_attempts(
    django_capture_on_commit_callbacks, mailoutbox, smtp_down, settings
):
    settings.OUTBOX_MAX_ATTEMPTS = 3
    with django_capture_on_commit_callbacks(execute=False):
        email = enqueue()

    with pytest.raises(smtplib.SMTPException):
        email_send(email_id=email.pk)
    row = OutboundEmail.objects.get(pk=email.pk)
    assert (row.status, row.attempts, row.sent_at) == (Status.PENDING, 1, None)
    assert row.last_error == "SMTPException: 421 Service not available"

    for _attempt in range(2):
        with pytest.raises(smtplib.SMTPException):
            email_send(email_id=email.pk)
    row = OutboundEmail.objects.get(pk=email.pk)
    assert (row.status, row.attempts) == (Status.FAILED, 3)

    email_send(email_id=email.pk)  # a failed row waits for a requeue
    assert OutboundEmail.objects.get(pk=email.pk).attempts == 3
    assert mailoutbox == []


@pytest.mark.django_db
def test_email_send_missing_attachment_is_a_failed_attempt(
    django_capture_on_commit_callbacks, mailoutbox
):
    attachment = {
        "storage": "private",
        "name": "receipts/missing.pdf",
        "filename": "missing.pdf",
        "mimetype": "application/pdf",
    }
    with django_capture_on_commit_callbacks(execute=False):
        email = enqueue(attachments=[attachment])

    with pytest.raises(FileNotFoundError):
        email_send(email_id=email.pk)
    row = OutboundEmail.objects.get(pk=email.pk)
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert row.last_error.startswith("FileNotFoundError: ")
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_eager_send_failure_does_not_break_the_callers_request(
    mailoutbox, smtp_down, caplog
):
    """Eagerly with propagation, Celery raises its Retry after the first attempt:
    on_commit(robust=True) logs it and the row stays pending for outbox_retry."""
    with transaction.atomic():
        email = enqueue()

    row = OutboundEmail.objects.get(pk=email.pk)
    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert row.last_error == "SMTPException: 421 Service not available"
    assert mailoutbox == []
    [logged] = [r for r in caplog.records if r.name == "django.db.backends.base"]
    assert logged.levelname == "ERROR"
    assert "SMTPException('421 Service not available')" in logged.getMessage()
