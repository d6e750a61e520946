"""The provisioning QR code, as inline SVG (no image service, no CDN)."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str) -> SafeString:
    image = qrcode.make(
        data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2
    )
    svg = image.to_string(encoding="unicode")
    # The XML declaration has no place inside an HTML page.
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    # qrcode builds the markup from its own path data only: safe to inline.
    return mark_safe(svg)
