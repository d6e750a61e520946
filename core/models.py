"""Shared records: the append-only activity log and the email outbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import OutboundEmailStatus
from .exceptions import AppendOnlyError


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses the bulk writes that would rewrite history."""

    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be updated.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows cannot be deleted.")

    # bulk_update goes through update(); _raw_delete is Django's own escape hatch
    # (used by cascades), which PROTECT on every foreign key keeps away.


class ActivityEntry(models.Model):
    """One change that is not a workflow transition, written in its transaction.

    ``target`` is what changed (a partner, a file…); ``scope`` is the object whose
    history shows the entry (usually the dossier). Both are generic so every app
    can log without ``core`` importing it. ``target_repr`` keeps what the target
    was called at the time, as the target may later be renamed or deleted.
    """

    # PROTECT, not SET_NULL: the log must keep who acted, and SET_NULL would
    # rewrite log rows behind the append-only guard. Accounts are deactivated
    # (or anonymised in place), never deleted, once they have acted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activity_entries",
    )
    action = models.CharField(_("action"), max_length=64)
    target_content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    target_object_id = models.CharField(max_length=64)
    target = GenericForeignKey("target_content_type", "target_object_id")
    target_repr = models.TextField(_("target"), blank=True)
    scope_content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    scope_object_id = models.CharField(max_length=64)
    scope = GenericForeignKey("scope_content_type", "scope_object_id")
    details = models.JSONField(
        _("details"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity entry")
        verbose_name_plural = _("activity entries")
        ordering = ["created_at", "pk"]
        indexes = [
            models.Index(
                fields=["scope_content_type", "scope_object_id", "created_at"],
                name="core_activity_scope_idx",
            ),
            models.Index(
                fields=["target_content_type", "target_object_id"],
                name="core_activity_target_idx",
            ),
            models.Index(fields=["created_at"], name="core_activity_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("ActivityEntry rows cannot be updated.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("ActivityEntry rows cannot be deleted.")


class OutboundEmail(models.Model):
    """An email rendered in the transaction that causes it, sent after commit.

    It is rendered again from its template when sent, so a corrected template
    reaches the emails still waiting; the subject and bodies are then replaced by
    what was sent. The row is the proof of what was (or will be) sent.
    Attachments are storage references read at send time, so large files never
    sit in the database.
    """

    to = models.JSONField(_("recipients"), default=list)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    template = models.CharField(_("template"), max_length=100)
    context_ref = models.CharField(_("about"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    # What the email is rendered from again when it is sent (``core.email_context``);
    # null when the context could not be kept: the text above is then sent.
    context_data = models.JSONField(_("context"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=10, default="fr")
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=OutboundEmailStatus.choices,
        default=OutboundEmailStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(
        _("created at"), default=timezone.now, db_index=True
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    dedup_key = models.CharField(
        _("deduplication key"), max_length=200, null=True, blank=True, unique=True
    )

    class Meta:
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="core_email_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=OutboundEmailStatus.values),
                name="core_outboundemail_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=OutboundEmailStatus.SENT)
                | Q(sent_at__isnull=False),
                name="core_outboundemail_sent_has_sent_at",
            ),
        ]

    def __str__(self) -> str:
        return self.subject
