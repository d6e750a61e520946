"""The receipt's content: what it says and when silence becomes a refusal
(design: Letters and notifications). ``core.pdf`` draws it."""

from __future__ import annotations

from datetime import date

from core.pdf import render_pdf
from core.time import add_months, in_paris

from .identity import version_lead
from .letterhead import Letterhead, letterhead
from .models import ApplicationVersion
from .record import version_files

# CRPA L231-4 3°: two months of silence on a request of a financial nature is a
# rejection.
SILENCE_MONTHS = 2


def implicit_rejection_date(version: ApplicationVersion) -> date:
    """When, without an express decision, the request is deemed rejected."""
    received = in_paris(version.submitted_at)
    return add_months(received.date(), SILENCE_MONTHS)


def receipt_context(
    version: ApplicationVersion, head: Letterhead | None = None
) -> dict:
    application = version.application
    call = application.call
    return {
        "version": version,
        "application": application,
        "call": call,
        "authority": call.authority,
        "letterhead": head or letterhead(call.authority),
        "organisation": version_lead(version),
        # Each file under the document or question it answers, in the call's order.
        "files": version_files(application, version),
        "rejection_date": implicit_rejection_date(version),
    }


def render_receipt_pdf(version: ApplicationVersion) -> bytes:
    """The accusé de réception of one submitted version (CRPA L112-3, R112-5)."""
    head = letterhead(version.application.call.authority)
    return render_pdf(
        "pdf/receipt.html", receipt_context(version, head), resources=head.resources
    )
