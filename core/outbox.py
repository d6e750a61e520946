"""The email outbox: emails are rows written in the transaction that causes them
and sent by a task once it commits, so a rolled-back change sends nothing and a
failed send is retried, visible, and never repeated once it succeeded.

An email is rendered at enqueue (the caller may show or record that text) and
again from its template when it is sent, from its context kept as JSON
(``core.email_context``), so a corrected template or a corrected record reaches
the emails still waiting. When the context could not be kept, one of its records
is gone, or the template fails, the text rendered at enqueue is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from .email_context import context_dump, context_load
from .emails import render_email
from .enums import OutboundEmailStatus as Status
from .exceptions import OutboxError
from .models import OutboundEmail
from .transactions import queue_on_commit, require_transaction

logger = logging.getLogger(__name__)

ATTACHMENT_STORAGES = frozenset({"private", "default"})
ATTACHMENT_KEYS = frozenset({"storage", "name", "filename", "mimetype"})
# A pending row older than this has lost its task (broker down, worker killed):
# Celery's own retries with backoff are long over by then.
STALE_PENDING_AFTER = timedelta(minutes=15)
SUBJECT_MAX_LENGTH = OutboundEmail._meta.get_field("subject").max_length


def max_attempts() -> int:
    return getattr(settings, "OUTBOX_MAX_ATTEMPTS", 5)


def _checked_attachments(attachments: Iterable[Mapping[str, str]]) -> list[dict]:
    checked = []
    for attachment in attachments:
        attachment = dict(attachment)
        if set(attachment) != ATTACHMENT_KEYS:
            raise ValueError(
                f"An attachment needs exactly {sorted(ATTACHMENT_KEYS)}, "
                f"got {sorted(attachment)}."
            )
        if attachment["storage"] not in ATTACHMENT_STORAGES:
            raise ValueError(f"Unknown attachment storage {attachment['storage']!r}.")
        checked.append(attachment)
    return checked


def _queue_send(email_id: int) -> None:
    # A broker (or, eagerly, an SMTP) failure leaves the row pending, and
    # outbox_requeue() picks it up.
    queue_on_commit("core.send_email", email_id=email_id)


def email_enqueue(
    *,
    to: Sequence[str],
    template: str,
    context: Mapping[str, Any],
    context_ref: str = "",
    reply_to: Sequence[str] = (),
    attachments: Iterable[Mapping[str, str]] = (),
    language: str = "fr",
    dedup_key: str | None = None,
) -> OutboundEmail | None:
    """Render ``template`` and record it for sending once the caller commits;
    it is rendered again, in ``language``, when sent.

    Must run inside the caller's transaction. Returns ``None`` and records
    nothing when ``to`` is empty: an event nobody is to be told of is not an
    error. With a ``dedup_key`` already used, returns the existing row and queues
    nothing, so callers can enqueue idempotently (e.g. from a retried task).

    ``attachments`` are ``{"storage": "private" | "default", "name": <storage
    path>, "filename": <shown name>, "mimetype": ...}``; files are read at send
    time.
    """
    require_transaction("email_enqueue")
    recipients = list(dict.fromkeys(address for address in to if address))
    if not recipients:
        return None
    if dedup_key is not None:
        existing = OutboundEmail.objects.filter(dedup_key=dedup_key).first()
        if existing is not None:
            return existing
    checked_attachments = _checked_attachments(attachments)
    rendered = render_email(template, context, language=language)
    subject, body, body_html = rendered
    email = OutboundEmail(
        to=recipients,
        reply_to=list(reply_to),
        template=template,
        context_ref=context_ref,
        subject=subject,
        body=body,
        body_html=body_html,
        context_data=_kept_context(template, context, language, rendered),
        language=language,
        attachments=checked_attachments,
        dedup_key=dedup_key,
    )
    try:
        # A savepoint, so that losing a race on dedup_key leaves the caller's
        # transaction usable.
        with transaction.atomic():
            email.save(force_insert=True)
    except IntegrityError:
        if dedup_key is None:
            raise
        return OutboundEmail.objects.get(dedup_key=dedup_key)
    _queue_send(email.pk)
    return email


def _kept_context(
    template: str,
    context: Mapping[str, Any],
    language: str,
    rendered: tuple[str, str, str],
) -> dict | None:
    """``context`` as JSON if, read back now, it renders the very same email.

    The check catches what JSON alone cannot: an attribute set on an instance
    but not saved, an annotation, a value whose type does not come back.
    """
    data = context_dump(context)
    if data is None:
        return None
    try:
        with transaction.atomic():
            again = render_email(template, context_load(data), language=language)
    except Exception:
        logger.info("Email %s: its context cannot be kept.", template, exc_info=True)
        return None
    return data if again == rendered else None


def _render_again(email: OutboundEmail) -> None:
    """Render ``email`` from its template and stored context, in place; on any
    failure the text rendered at enqueue is kept."""
    if email.context_data is None:
        return
    try:
        # A savepoint: a failed query must not break the send's transaction.
        with transaction.atomic():
            context = context_load(email.context_data)
            rendered = render_email(email.template, context, language=email.language)
        if len(rendered[0]) > SUBJECT_MAX_LENGTH:
            # Saving it would fail after the send, and the email go out twice.
            raise ValueError("The subject is too long.")
    except Exception as exc:
        logger.warning(
            "Outbound email %s not rendered again, its enqueued text is sent: %s: %s",
            email.pk,
            type(exc).__name__,
            exc,
        )
        return
    email.subject, email.body, email.body_html = rendered


def _message(email: OutboundEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=email.to,
        reply_to=email.reply_to,
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        storage = storages[attachment["storage"]]
        with storage.open(attachment["name"], "rb") as file:
            content = file.read()
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def email_send(*, email_id: int) -> None:
    """Send one pending email, at most once, rendered again from its template
    (the row then holds the text sent).

    The row is locked while sending, so two workers handed the same id cannot
    both send it; a row gone, sent or failed is left alone (a failed row is sent
    again only after ``email_requeue``/``outbox_requeue``). On failure the
    attempt and its error are committed, the row becoming failed after
    ``OUTBOX_MAX_ATTEMPTS``, and the error is re-raised for Celery to retry.
    """
    error = None
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != Status.PENDING:
            return
        email.attempts += 1
        _render_again(email)
        try:
            _message(email).send()
        except Exception as exc:
            error = exc
            email.last_error = f"{type(exc).__name__}: {exc}"
            if email.attempts >= max_attempts():
                email.status = Status.FAILED
        else:
            email.status = Status.SENT
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(
            update_fields=[
                "attempts",
                "last_error",
                "status",
                "sent_at",
                "subject",
                "body",
                "body_html",
            ]
        )
    if error is not None:
        logger.warning("Outbound email %s not sent: %s", email_id, email.last_error)
        raise error


def _requeue(email: OutboundEmail) -> None:
    if email.status == Status.FAILED:
        email.status = Status.PENDING
        email.save(update_fields=["status"])
    _queue_send(email.pk)


def email_requeue(*, email_id: int, user) -> OutboundEmail:
    """An administrator's « Renvoyer »: one more attempt for a failed email.

    The attempts are kept, so a further failure marks it failed again at once.
    """
    if not (user.is_authenticated and user.is_active and user.is_superuser):
        raise PermissionDenied
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or email.status != Status.FAILED:
            raise OutboxError("Only a failed email can be sent again.")
        _requeue(email)
    return email


def outbox_requeue(*, dry_run: bool = False) -> list[int]:
    """Queue again the failed emails and the pending ones whose task was lost.

    Returns the ids concerned, oldest first; with ``dry_run`` nothing changes.
    Failed rows go back to pending with their attempts kept (one more try each).
    """
    stale = timezone.now() - STALE_PENDING_AFTER
    due = OutboundEmail.objects.filter(
        Q(status=Status.FAILED) | Q(status=Status.PENDING, created_at__lt=stale)
    ).order_by("created_at", "pk")
    if dry_run:
        return list(due.values_list("pk", flat=True))
    with transaction.atomic():
        emails = list(due.select_for_update())
        for email in emails:
            _requeue(email)
    return [email.pk for email in emails]
