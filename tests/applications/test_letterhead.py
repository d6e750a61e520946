"""The letterhead of receipts and letters: the State's block with the State's
identity, the authority's logo read from storage and redrawn for PDF/A, with
its alternative text; a logo that cannot be used is left out, never fetched."""

import io
import logging

import pytest
from django.core.files.base import ContentFile
from PIL import Image as PillowImage
from pypdf import PdfReader
from wagtail.images.models import Image
from wagtail.models import Site

from applications.letterhead import Letterhead, authority_logo, letterhead
from applications.letters import render_receipt_pdf
from cms.models import Branding, SiteIdentity
from core.pdf import IMAGE_MAX_BYTES
from tests.pdf_structure import pdf_structure, pdf_text, pdfa_parts


def picture(fmt: str, size=(1200, 600), mode="RGBA") -> bytes:
    image = PillowImage.new(mode, size, (0, 0, 145, 255)[: len(mode)])
    output = io.BytesIO()
    image.save(output, format=fmt)
    return output.getvalue()


def with_logo(authority, data: bytes, name="logo.png"):
    authority.logo = Image.objects.create(
        title="Logo", file=ContentFile(data, name=name)
    )
    authority.save()
    return authority


def warnings(caplog) -> list[str]:
    return [
        record.getMessage()
        for record in caplog.records
        if record.name == "applications.letterhead"
    ]


def set_branding(branding: str) -> None:
    identity = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    identity.branding = branding
    identity.save()


@pytest.mark.django_db
def test_the_default_letterhead_is_neutral_without_logo(authority):
    assert letterhead(authority) == Letterhead(state=False, logo=None)
    set_branding(Branding.STATE)
    assert letterhead(authority).state is True
    assert letterhead(authority).resources == {}


@pytest.mark.django_db
def test_a_logo_is_read_from_storage_and_redrawn(authority):
    logo = authority_logo(with_logo(authority, picture("PNG")))
    with PillowImage.open(io.BytesIO(logo)) as redrawn:
        assert (redrawn.format, redrawn.mode, redrawn.size) == (
            "PNG",
            "RGB",
            (600, 300),
        )
    assert Letterhead(state=False, logo=logo).resources == {"logo": logo}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name"),
    [
        pytest.param(picture("GIF", mode="P"), "logo.gif", id="gif"),
        pytest.param(
            picture("PNG") + b"\0" * IMAGE_MAX_BYTES, "logo.png", id="over-2-MB"
        ),
    ],
)
def test_a_logo_unfit_for_a_letter_is_left_out(authority, caplog, data, name):
    with_logo(authority, data, name=name)
    with caplog.at_level(logging.WARNING, logger="applications.letterhead"):
        assert authority_logo(authority) is None
    assert warnings(caplog) == [
        f"The logo of authority {authority.pk} is not fit for a letter."
    ]


@pytest.mark.django_db
def test_a_logo_missing_from_storage_is_left_out(authority, caplog):
    with_logo(authority, picture("PNG"))
    authority.logo.file.storage.delete(authority.logo.file.name)
    with caplog.at_level(logging.WARNING, logger="applications.letterhead"):
        assert letterhead(authority).logo is None
    assert warnings(caplog) == [
        f"The logo of authority {authority.pk} could not be read."
    ]


@pytest.mark.django_db
def test_the_receipt_carries_the_state_block_and_the_logo(version):
    authority = with_logo(version.application.call.authority, picture("PNG"))
    set_branding(Branding.STATE)
    pdf = render_receipt_pdf(version)

    assert (
        "RÉPUBLIQUE FRANÇAISE Liberté Égalité Fraternité "
        "Agence régionale de santé Bretagne 6 place des Colombes"
    ) in pdf_text(pdf)
    structure = pdf_structure(pdf)
    assert [(f.type, f.alt) for f in structure.of_type("Figure")] == [
        ("Figure", authority.name)
    ]
    # The letterhead comes first in the reading order.
    assert structure.tagged_text.startswith(
        "RÉPUBLIQUE FRANÇAISE Liberté Égalité Fraternité Agence régionale"
    )
    # The pages share their resources: the images by object number.
    images = {
        xobjects.raw_get(name).idnum: xobjects[name]
        for page in PdfReader(io.BytesIO(pdf)).pages
        for xobjects in [page["/Resources"]["/XObject"]]
        for name in xobjects
        if xobjects[name]["/Subtype"] == "/Image"
    }
    assert len(images) == 1
    (image,) = images.values()
    # PDF/A: no interpolation; opaque RGB, no soft mask; the redrawn size.
    assert image["/Interpolate"].value is False
    assert "/SMask" not in image
    assert (image["/Width"], image["/Height"]) == (600, 300)
    assert pdfa_parts(pdf) == {("3", "A")}
