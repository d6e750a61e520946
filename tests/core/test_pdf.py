"""Shared PDF rendering (``core.pdf``) and calendar arithmetic (``core.time``)."""

import base64
import io
from datetime import date

import pytest
from PIL import Image
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from core.pdf import IMAGE_MAX_BYTES, letter_image, render_pdf
from core.time import add_months


@pytest.fixture
def templates(settings):
    """``templates({name: source})``: the only templates render_pdf finds."""

    def install(sources: dict[str, str]) -> None:
        settings.TEMPLATES = [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "OPTIONS": {
                    "loaders": [("django.template.loaders.locmem.Loader", sources)]
                },
            }
        ]

    return install


def picture(fmt: str, size=(40, 20), mode="RGBA", colour=(0, 0, 145, 255)) -> bytes:
    image = Image.new(mode, size, colour[: len(mode)] if mode != "CMYK" else colour)
    output = io.BytesIO()
    image.save(output, format=fmt)
    return output.getvalue()


@pytest.mark.django_db
def test_render_pdf_refuses_network_urls(templates):
    templates({"pdf/remote.html": '<img src="http://example.org/x.png">'})
    with pytest.raises(FatalURLFetchingError) as refused:
        render_pdf("pdf/remote.html", {})
    assert str(refused.value.__cause__) == (
        "URI uses disallowed protocol: http://example.org/x.png"
    )


@pytest.mark.django_db
def test_render_pdf_refuses_data_urls(templates):
    url = "data:image/png;base64," + base64.b64encode(picture("PNG")).decode()
    templates({"pdf/inline.html": f'<img src="{url}" alt="x">'})
    with pytest.raises(FatalURLFetchingError) as refused:
        render_pdf("pdf/inline.html", {})
    assert str(refused.value.__cause__).startswith(
        "URI uses disallowed protocol: data:image/png;base64,"
    )


@pytest.mark.django_db
def test_render_pdf_draws_the_images_it_is_given_and_no_other(templates):
    templates(
        {
            "pdf/logo.html": '<html lang="fr"><title>T</title>'
            '<img src="{{ pdf_resources.logo }}" alt="Logo">',
            "pdf/other.html": '<img src="sillon-pdf:other" alt="Autre">',
        }
    )
    logo = letter_image(picture("PNG"))
    pdf = render_pdf("pdf/logo.html", {}, resources={"logo": logo})
    xobjects = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
    assert [(x["/Subtype"], x["/Width"], x["/Height"]) for x in xobjects.values()] == [
        ("/Image", 40, 20)
    ]
    with pytest.raises(FatalURLFetchingError) as refused:
        render_pdf("pdf/other.html", {}, resources={"logo": logo})
    assert str(refused.value.__cause__) == "Unknown letter resource: sillon-pdf:other"


def test_letter_image_flattens_transparency_on_white_and_fits_the_box():
    image = Image.new("RGBA", (1800, 300), (0, 0, 0, 0))
    image.paste((0, 0, 145, 255), (0, 0, 900, 300))
    output = io.BytesIO()
    image.save(output, format="PNG")
    with Image.open(io.BytesIO(letter_image(output.getvalue()))) as redrawn:
        assert (redrawn.format, redrawn.mode, redrawn.size) == (
            "PNG",
            "RGB",
            (600, 100),
        )
        assert redrawn.info.get("icc_profile") is None
        assert redrawn.getpixel((100, 50)) == (0, 0, 145)
        assert redrawn.getpixel((500, 50)) == (255, 255, 255)


def test_letter_image_turns_a_cmyk_jpeg_into_rgb():
    jpeg = picture("JPEG", mode="CMYK", colour=(0, 0, 0, 255))
    with Image.open(io.BytesIO(letter_image(jpeg))) as redrawn:
        assert (redrawn.format, redrawn.mode, redrawn.size) == ("PNG", "RGB", (40, 20))


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(picture("GIF", mode="P", colour=(1,)), id="gif"),
        pytest.param(picture("WEBP"), id="webp"),
        pytest.param(b"<svg xmlns='http://www.w3.org/2000/svg'/>", id="svg"),
        pytest.param(b"not an image", id="garbage"),
        pytest.param(b"", id="empty"),
        pytest.param(picture("PNG", size=(6000, 5000), mode="L"), id="megapixels"),
        pytest.param(picture("PNG")[:-12] + b"\0" * IMAGE_MAX_BYTES, id="over-2-MB"),
    ],
)
def test_letter_image_refuses_what_is_not_a_small_png_or_jpeg(data):
    assert letter_image(data) is None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 22), 2, date(2027, 1, 22)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected
