"""Decision letters: numbered once per authority and year, rendered, stored
and kept; a corrected decision's new letter supersedes the earlier one, which
stays on record. Sending them is the release's business."""

from __future__ import annotations

import contextlib
import datetime
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.activity import activity_record
from core.time import in_paris

from ..letters import render_decision_letter_pdf
from ..models import Decision, DecisionLetter, LetterSequence


def letter_number_allocate(*, authority, year: int) -> tuple[int, str]:
    """The next number of ``authority``'s letters of ``year``: ``(sequence,
    number)``, e.g. ``(12, "ARS-ARA-2026-00012")``. Must run inside the
    transaction that stores the letter: the sequence row stays locked until it
    ends, so two releases never share a number."""
    sequence, _created = LetterSequence.objects.get_or_create(
        authority=authority, year=year
    )
    sequence = LetterSequence.objects.select_for_update().get(pk=sequence.pk)
    sequence.last += 1
    sequence.save(update_fields=["last"])
    prefix = (authority.slug or str(authority.pk)).upper()
    return sequence.last, f"{prefix}-{year}-{sequence.last:05d}"


def letter_filename(letter: DecisionLetter, reference: str) -> str:
    return f"{reference}-decision-{letter.number}.pdf"


def decision_letter_generate(
    *, decision: Decision, issued_on: datetime.date | None = None
) -> DecisionLetter:
    """The current letter of ``decision``, generated once.

    Idempotent: when the current letter was generated after the decision was
    last recorded, it is returned as it is (a retried task stores one letter).
    Otherwise a new number is taken, the PDF rendered and stored, and the
    earlier letter, if any, marked superseded.
    """
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update(of=("self",))
            .select_related(
                "application__call__authority",
                "application__organisation",
                "committee",
            )
            .get(pk=decision.pk)
        )
        current = decision.letters.filter(superseded_at__isnull=True).first()
        if current is not None and current.generated_at >= decision.recorded_at:
            return current
        now = timezone.now()
        issued_on = issued_on or in_paris(now).date()
        authority = decision.application.call.authority
        sequence, number = letter_number_allocate(
            authority=authority, year=issued_on.year
        )
        pdf = render_decision_letter_pdf(decision, number=number, issued_on=issued_on)
        if current is not None:
            current.superseded_at = now
            current.save(update_fields=["superseded_at"])
        letter = DecisionLetter(
            decision=decision,
            authority=authority,
            year=issued_on.year,
            sequence=sequence,
            number=number,
            issued_on=issued_on,
            sha256=hashlib.sha256(pdf).hexdigest(),
            generated_at=now,
        )
        letter.file.save(
            letter_filename(letter, decision.application.reference),
            ContentFile(pdf),
            save=False,
        )
        try:
            letter.save()
            activity_record(
                actor=None,
                action="decision_letter.generated",
                target=letter,
                scope=decision.application,
                details={
                    "number": number,
                    "supersedes": current.number if current else None,
                },
            )
        except BaseException:
            # The transaction rolls back: do not leave an orphan file behind.
            with contextlib.suppress(OSError):
                letter.file.storage.delete(letter.file.name)
            raise
    return letter


def letter_opened(*, letter: DecisionLetter, user) -> DecisionLetter:
    """Record that the applicant opened ``letter``: the first time is the
    proof of notification (logged once)."""
    if letter.first_opened_at is not None:
        return letter
    with transaction.atomic():
        updated = DecisionLetter.objects.filter(
            pk=letter.pk, first_opened_at__isnull=True
        ).update(first_opened_at=timezone.now())
        letter.refresh_from_db(fields=["first_opened_at"])
        if updated:
            activity_record(
                actor=user,
                action="decision_letter.opened",
                target=letter,
                scope=letter.decision.application,
                details={"number": letter.number},
            )
    return letter
