"""Letters rendered to PDF/A with WeasyPrint (design: Letters and notifications).

WeasyPrint is imported inside the functions: importing it costs about a second,
which every web process would otherwise pay at start-up.
"""

from __future__ import annotations

import calendar
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import ApplicationVersion

# Letters state French legal times: the ARS concerned all sit in metropolitan
# France, so dates and times are read on the Paris clock whatever the server's.
LETTER_TIME_ZONE = ZoneInfo("Europe/Paris")
# The stylesheets and fonts the PDF templates may reference, by relative URL.
PDF_ASSETS_DIR = Path(__file__).resolve().parent / "static" / "pdf"
PDF_VARIANT = "pdf/a-3b"
# CRPA L231-4 3°: two months of silence on a request of a financial nature is a
# rejection.
SILENCE_MONTHS = 2


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it has none."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return day.replace(year=year, month=month, day=min(day.day, last_day))


def implicit_rejection_date(version: ApplicationVersion) -> date:
    """When, without an express decision, the request is deemed rejected."""
    received = timezone.localtime(version.submitted_at, LETTER_TIME_ZONE)
    return add_months(received.date(), SILENCE_MONTHS)


def render_pdf(template_name: str, context: dict) -> bytes:
    """Render a PDF template to PDF/A-3b bytes, in French, without any network."""
    from weasyprint import HTML, URLFetcher

    with translation.override("fr"), timezone.override(LETTER_TIME_ZONE):
        html = render_to_string(template_name, context)
    # Only local files (the shipped stylesheet): a letter never reaches the network.
    fetcher = URLFetcher(allowed_protocols={"file"}, fail_on_errors=True)
    document = HTML(string=html, base_url=f"{PDF_ASSETS_DIR}/", url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def receipt_context(version: ApplicationVersion) -> dict:
    application = version.application
    call = application.call
    return {
        "version": version,
        "application": application,
        "call": call,
        "authority": call.authority,
        "organisation": application.organisation,
        "attachments": list(version.attachments.order_by("original_name", "pk")),
        "rejection_date": implicit_rejection_date(version),
    }


def render_receipt_pdf(version: ApplicationVersion) -> bytes:
    """The accusé de réception of one submitted version (CRPA L112-3, R112-5)."""
    return render_pdf("pdf/receipt.html", receipt_context(version))
