"""HTML templates rendered to PDF/A by WeasyPrint: receipts and letters.

WeasyPrint is imported inside :func:`render_pdf`: importing it costs about a
second, which every web process would otherwise pay at start-up.
"""

from __future__ import annotations

from pathlib import Path

from django.template.loader import render_to_string

from .time import french_on_paris_clock

# The stylesheets and fonts the PDF templates may reference, by relative URL.
PDF_ASSETS_DIR = Path(__file__).resolve().parent / "static" / "pdf"
PDF_VARIANT = "pdf/a-3b"


def render_pdf(template_name: str, context: dict, *, language: str = "fr") -> bytes:
    """Render a PDF template to PDF/A-3b bytes on the Paris clock, without any
    network access."""
    # Not at the top: importing WeasyPrint costs a second (see above).
    from weasyprint import HTML, URLFetcher  # noqa: PLC0415

    with french_on_paris_clock(language):
        html = render_to_string(template_name, context)
    # Only local files (the shipped stylesheet): a letter never reaches the network.
    fetcher = URLFetcher(allowed_protocols={"file"}, fail_on_errors=True)
    document = HTML(string=html, base_url=f"{PDF_ASSETS_DIR}/", url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT)
