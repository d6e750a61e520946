"""Zip-based uploads (docx, xlsx, odt, ods) that would be archive bombs are refused
from their central directory alone (issue 13)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from applications.uploads import check_upload

OFFICE_TYPES = ["docx", "xlsx", "odt", "ods"]


def docx_with(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<w:document/>")
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def check(content: bytes, max_size_mb: int = 10):
    uploaded = SimpleUploadedFile("rapport.docx", content)
    return check_upload(uploaded, allowed_types=OFFICE_TYPES, max_size_mb=max_size_mb)


def refusal(content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        check(content)
    return error.value


def test_an_ordinary_docx_is_accepted():
    assert check(docx_with([("word/styles.xml", b"<w:styles/>" * 50)])).type == "docx"


def test_fifty_megabytes_of_zeros_compressed_to_kilobytes_is_refused():
    bomb = docx_with([("word/media/zeros.bin", bytes(50 * 1024 * 1024))])
    assert len(bomb) < 200 * 1024  # about 50 KB: a ratio of about 1,000
    error = refusal(bomb)
    assert error.code == "archive_bomb"
    assert "bombe" in error.messages[0]


def test_five_thousand_tiny_entries_are_refused():
    bomb = docx_with([(f"word/part{i}.xml", b"x") for i in range(5000)])
    error = refusal(bomb)
    assert error.code == "archive_entries"
    assert "5 002" in error.messages[0].replace("\u202f", " ").replace("\xa0", " ")


@override_settings(UPLOAD_ZIP_MAX_UNCOMPRESSED_MB=1, UPLOAD_ZIP_MAX_RATIO=1_000_000)
def test_an_uncompressed_total_above_the_absolute_limit_is_refused():
    big = docx_with([("word/media/zeros.bin", bytes(2 * 1024 * 1024))])
    assert refusal(big).code == "archive_bomb"


def test_a_compressible_but_reasonable_docx_is_accepted():
    # Text compresses well (here about 30:1), far from the 100:1 limit.
    text = b"".join(b"<w:p>paragraphe %d du rapport</w:p>" % i for i in range(20000))
    content = docx_with([("word/body.xml", text)])
    assert check(content).type == "docx"


def test_an_xlsx_or_odt_bomb_is_refused_too():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", bytes(20 * 1024 * 1024))
    assert refusal(buffer.getvalue()).code == "archive_bomb"
