"""Organisations, dossiers and what they hold."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from calls.enums import PartnerCategory
from calls.models import Call, RequiredDocument, Territory
from core.storage import private_storage
from organisations.identifiers import validate_finess, validate_siret
from organisations.models import Organisation

from .enums import (
    RULED_OUT_STATES,
    SUBMITTED_STATES,
    CommitmentMethod,
    CommitmentStatus,
    MessageKind,
    ScanStatus,
)
from .workflow import ApplicationWorkflow


class ApplicationQuerySet(models.QuerySet):
    def with_version(self) -> ApplicationQuerySet:
        """Dossiers submitted at least once (they have a version), whatever has
        happened since: what staff may read. A draft, withdrawn or not, is not."""
        return self.filter(
            models.Exists(ApplicationVersion.objects.filter(application=OuterRef("pk")))
        )

    def submitted(self) -> ApplicationQuerySet:
        """Dossiers counted as submitted: received and not ruled out (neither
        withdrawn nor inadmissible), i.e. under consideration or decided."""
        return self.with_version().filter(state__in=SUBMITTED_STATES)

    def ruled_out(self) -> ApplicationQuerySet:
        """Dossiers received, then withdrawn or declared inadmissible."""
        return self.with_version().filter(state__in=RULED_OUT_STATES)


class Application(ApplicationWorkflow):
    """A dossier: one organisation's answer to one call."""

    call = models.ForeignKey(
        Call,
        verbose_name=_("call"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sequence = models.PositiveIntegerField(_("number within the call"))
    reference = models.CharField(_("reference"), max_length=60, unique=True)
    title = models.CharField(_("title of the project"), max_length=255)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    requested_amount = models.DecimalField(
        _("requested amount (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
    )
    territories = models.ManyToManyField(
        Territory,
        verbose_name=_("territories covered"),
        blank=True,
        related_name="applications",
    )
    lead_category = models.CharField(
        _("category of the lead organisation"),
        max_length=40,
        choices=PartnerCategory.choices,
        blank=True,
    )
    lock_version = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    complements_due_at = models.DateTimeField(
        _("complements due at"), null=True, blank=True
    )
    complements_message = models.TextField(_("complements requested"), blank=True)
    admissible_at = models.DateTimeField(_("admissible since"), null=True, blank=True)
    decision_motivation = models.TextField(_("motivation"), blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # When its retention term ran out (``applications.retention``): its files
    # and personal data are gone, a statistical skeleton stays.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "sequence"], name="application_sequence_per_call"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"


class AttachmentQuerySet(models.QuerySet):
    def current(self) -> AttachmentQuerySet:
        """The files the dossier holds now: those not replaced by a newer one."""
        return self.filter(superseded_at__isnull=True)


class Attachment(models.Model):
    """An uploaded file; never modified, superseded when replaced."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    required_document = models.ForeignKey(
        RequiredDocument,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    question_key = models.CharField(max_length=64, blank=True)
    file = models.FileField(storage=private_storage, upload_to="attachments/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content_type = models.CharField(_("detected type"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    # Quarantine (issue 13): a new file is pending until the antivirus says it is
    # clean; an infected one is superseded and its bytes deleted, its row kept.
    scan_status = models.CharField(
        _("antivirus scan"),
        max_length=10,
        choices=ScanStatus.choices,
        default=ScanStatus.PENDING,
    )
    scanned_at = models.DateTimeField(_("scanned at"), null=True, blank=True)
    scan_signature = models.CharField(_("virus detected"), max_length=255, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationVersion(models.Model):
    """What a submission froze: the version on record is the latest."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=255)
    answers = models.JSONField(default=dict)
    requested_amount = models.DecimalField(
        max_digits=14, decimal_places=2, null=True, blank=True
    )
    territories = models.JSONField(default=list)
    # The governance at submission: each partner's identity, role and commitment,
    # the lead's category and the steering body (``applications.record`` reads it).
    partners = models.JSONField(default=list)
    # The declaration on honour the submitter certified, word for word: who and
    # when are ``submitted_by`` and ``submitted_at``. Blank on older versions.
    declaration = models.TextField(_("declaration on honour"), blank=True)
    lead_category = models.CharField(max_length=40, blank=True)
    steering_members = models.JSONField(default=list)
    # The lead organisation's identity at submission (``applications.identity``);
    # empty for the versions frozen before it was recorded.
    lead = models.JSONField(default=dict, blank=True)
    attachments = models.ManyToManyField(Attachment, related_name="versions")
    receipt = models.FileField(
        _("receipt"), storage=private_storage, upload_to="receipts/%Y/%m/", blank=True
    )
    receipt_sha256 = models.CharField(max_length=64, blank=True)
    receipt_generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        ordering = ["application", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "number"], name="version_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application.reference} v{self.number}"


class Message(models.Model):
    """The dossier's thread: messages between applicant and ARS, and state emails."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_staff = models.BooleanField(default=False)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.subject


class DownloadLog(models.Model):
    """Who downloaded which private file, and when (proof of notification)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="downloads"
    )
    attachment = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.ForeignKey(
        ApplicationVersion,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    downloaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["downloaded_at"]

    def __str__(self) -> str:
        return f"{self.user} — {self.downloaded_at:%Y-%m-%d %H:%M}"


class Partner(models.Model):
    """An organisation named in a dossier's governance, and its commitment."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("organisation"), max_length=255)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    finess = models.CharField(
        _("FINESS"), max_length=9, blank=True, validators=[validate_finess]
    )
    category = models.CharField(
        _("category"), max_length=40, choices=PartnerCategory.choices
    )
    role = models.CharField(_("role in the governance"), max_length=255)
    contact_name = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    commitment_status = models.CharField(
        _("commitment"),
        max_length=20,
        choices=CommitmentStatus.choices,
        default=CommitmentStatus.PENDING,
    )
    commitment_method = models.CharField(
        max_length=20, choices=CommitmentMethod.choices, blank=True
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Why the partner declined, in its own words (optional): shown to the lead
    # organisation and to the agency while the partner's answer is "declined".
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    commitment_letter = models.ForeignKey(
        Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Changes whenever a link must stop working: answered, role changed, re-invited.
    link_nonce = models.UUIDField(default=uuid.uuid4)
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["category", "name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_confirmed(self) -> bool:
        return self.commitment_status == CommitmentStatus.CONFIRMED


class SteeringMember(models.Model):
    """A member of the dossier's steering body (comité de pilotage)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="steering_members"
    )
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=255)

    class Meta:
        verbose_name = _("steering body member")
        verbose_name_plural = _("steering body members")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"
