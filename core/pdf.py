"""HTML templates rendered to tagged PDF/A by WeasyPrint: receipts and letters.

WeasyPrint is imported inside :func:`render_pdf`: importing it costs about a
second, which every web process would otherwise pay at start-up.

A letter never reaches the network: WeasyPrint may read the shipped stylesheet
from the local disk and the images its caller hands over in memory (an
authority's logo read from storage), named by a private URL scheme, and
nothing else.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

from django.template.loader import render_to_string

from .time import french_on_paris_clock

logger = logging.getLogger(__name__)

# The stylesheets and fonts the PDF templates may reference, by relative URL.
PDF_ASSETS_DIR = Path(__file__).resolve().parent / "static" / "pdf"
# PDF/A-3 level A: archival and tagged (structure tree, language, alternative
# texts). WeasyPrint checks this variant with veraPDF; it cannot combine PDF/UA
# with PDF/A (docs/decisions.md).
PDF_VARIANT = "pdf/a-3a"
# The URL scheme of the in-memory images given to render_pdf: « sillon-pdf:logo ».
RESOURCE_SCHEME = "sillon-pdf"

# An image handed to a letter (a logo): PNG or JPEG, at most 2 MB read and
# 25 megapixels decoded, redrawn as an opaque PNG of at most 600 x 300 pixels
# (a 40 mm wide logo at 380 dpi), without metadata or colour profile.
IMAGE_FORMATS = frozenset({"PNG", "JPEG"})
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_PIXELS = 25_000_000
IMAGE_BOX = (600, 300)


def letter_image(data: bytes) -> bytes | None:
    """``data`` redrawn as a small opaque RGB PNG fit for a PDF/A letter, or
    None when it is not a PNG or JPEG image within the limits above."""
    # Not at the top: Pillow is only needed when a letter carries an image.
    from PIL import Image, ImageOps, UnidentifiedImageError  # noqa: PLC0415

    if not data or len(data) > IMAGE_MAX_BYTES:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in IMAGE_FORMATS:
                return None
            if image.width * image.height > IMAGE_MAX_PIXELS:
                return None
            image.load()
            image = ImageOps.exif_transpose(image)
            image.thumbnail(IMAGE_BOX)
            # Transparency flattened on the paper's white: PDF/A without soft masks.
            rgba = image.convert("RGBA")
            opaque = Image.new("RGB", rgba.size, "white")
            opaque.paste(rgba, mask=rgba.getchannel("A"))
            output = io.BytesIO()
            opaque.save(output, format="PNG", optimize=True)
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        logger.warning("An image for a letter could not be read; left out.")
        return None
    return output.getvalue()


def resource_url(name: str) -> str:
    return f"{RESOURCE_SCHEME}:{name}"


def _url_fetcher(resources: dict[str, bytes]):
    """A fetcher of the shipped local files and of ``resources`` (PNG images by
    name), refusing any other URL and failing the rendering on a refusal."""
    from weasyprint import URLFetcher  # noqa: PLC0415
    from weasyprint.urls import URLFetcherResponse  # noqa: PLC0415

    class LetterFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme, _, name = url.partition(":")
            if scheme.lower() == RESOURCE_SCHEME:
                if name not in resources:
                    raise ValueError(f"Unknown letter resource: {url}")
                return URLFetcherResponse(
                    url, resources[name], {"Content-Type": "image/png"}
                )
            return super().fetch(url, headers)

    return LetterFetcher(allowed_protocols={"file"}, fail_on_errors=True)


def render_pdf(
    template_name: str,
    context: dict,
    *,
    language: str = "fr",
    resources: dict[str, bytes] | None = None,
) -> bytes:
    """Render a PDF template to tagged PDF/A-3a bytes on the Paris clock,
    without any network access.

    ``resources`` are PNG images by name (from :func:`letter_image`); the
    template finds their URLs in ``pdf_resources`` (``pdf_resources.logo``).
    """
    # Not at the top: importing WeasyPrint costs a second (see above).
    from weasyprint import HTML  # noqa: PLC0415

    resources = dict(resources or {})
    context = {
        **context,
        "pdf_resources": {name: resource_url(name) for name in resources},
    }
    with french_on_paris_clock(language):
        html = render_to_string(template_name, context)
    document = HTML(
        string=html,
        base_url=f"{PDF_ASSETS_DIR}/",
        url_fetcher=_url_fetcher(resources),
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT)
