"""The receipt (accusé de réception) of a submitted version: stored, then emailed."""

from __future__ import annotations

import contextlib
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..emails import event_email_enqueue
from ..letters import render_receipt_pdf
from ..models import ApplicationVersion


def receipt_filename(version: ApplicationVersion) -> str:
    return f"{version.application.reference}-v{version.number}-accuse-reception.pdf"


def receipt_generate(*, version: ApplicationVersion) -> None:
    """Render, store and email the receipt of ``version``, once.

    Idempotent: a version that already has its receipt is left alone, so a task
    retry never emails twice. The row lock keeps two workers from both
    rendering. The email is written to the outbox in the same transaction and
    sent once it commits, with the stored receipt attached.
    """
    with transaction.atomic():
        locked = (
            ApplicationVersion.objects.select_for_update(of=("self",))
            .select_related(
                "application__call__authority",
                "application__organisation",
                "submitted_by",
            )
            .get(pk=version.pk)
        )
        if locked.receipt:
            return
        pdf = render_receipt_pdf(locked)
        filename = receipt_filename(locked)
        locked.receipt.save(filename, ContentFile(pdf), save=False)
        try:
            locked.receipt_sha256 = hashlib.sha256(pdf).hexdigest()
            locked.receipt_generated_at = timezone.now()
            locked.save(
                update_fields=["receipt", "receipt_sha256", "receipt_generated_at"]
            )
            event_email_enqueue(
                application=locked.application,
                event="submitted",
                context={"version": locked},
                attachments=[
                    {
                        "storage": "private",
                        "name": locked.receipt.name,
                        "filename": filename,
                        "mimetype": "application/pdf",
                    }
                ],
                dedup_key=f"receipt:{locked.pk}",
            )
        except BaseException:
            # The transaction rolls back: do not leave an orphan file behind.
            with contextlib.suppress(OSError):
                locked.receipt.storage.delete(locked.receipt.name)
            raise
    version.refresh_from_db()
