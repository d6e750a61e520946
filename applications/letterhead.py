"""The letterhead of the letters an authority sends (receipts, decisions): the
State's « République française » block when the site carries the State's
identity, and the authority's logo when it has one (design: Identity and
branding).

The logo is read here from storage (which may be a bucket) and handed to
``core.pdf`` as bytes: WeasyPrint itself never fetches it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from calls.models import Authority
from cms.models import Branding, SiteIdentity
from core.pdf import IMAGE_MAX_BYTES, letter_image

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Letterhead:
    state: bool
    logo: bytes | None = None

    @property
    def resources(self) -> dict[str, bytes]:
        """The images of the letterhead, by name, for ``core.pdf.render_pdf``."""
        return {"logo": self.logo} if self.logo else {}


def site_branding() -> str:
    """The default site's visual identity; neutral when it has none."""
    branding = (
        SiteIdentity.objects.filter(site__is_default_site=True)
        .values_list("branding", flat=True)
        .first()
    )
    return branding or Branding.NEUTRAL


def authority_logo(authority: Authority) -> bytes | None:
    """The authority's logo redrawn for a letter (``core.pdf.letter_image``), or
    None without a logo, or when its file is missing, too large or neither PNG
    nor JPEG (the letter then goes without it)."""
    image = authority.logo
    if image is None:
        return None
    try:
        with image.file.open("rb") as stored:
            # The size first: a bucket's file is downloaded whole when read.
            too_large = stored.size > IMAGE_MAX_BYTES
            data = b"" if too_large else stored.read(IMAGE_MAX_BYTES + 1)
    except OSError:
        logger.warning("The logo of authority %s could not be read.", authority.pk)
        return None
    logo = letter_image(data)
    if logo is None:
        logger.warning(
            "The logo of authority %s is not fit for a letter.", authority.pk
        )
    return logo


def letterhead(authority: Authority) -> Letterhead:
    return Letterhead(
        state=site_branding() == Branding.STATE, logo=authority_logo(authority)
    )
