"""Checking an uploaded file before it is stored: name, size and type by content.

The type is read from the file's first bytes (and, for the zip-based office
formats, from the archive's table of contents), never from its name or from the
Content-Type the browser sent: an executable renamed ``.pdf`` is refused. The
name the user gave is kept for display and download only, once its extension is
made to say the detected type (``safe_name``: ``rapport.html`` holding a PDF
becomes ``rapport.pdf``, ``cv.pdf.exe`` becomes ``cv.pdf``); the file is stored
under a generated name (see ``DetectedFile.storage_name``).
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from calls.enums import DocumentType

MEGABYTE = 1024 * 1024
MAX_NAME_LENGTH = 200
CHUNK_SIZE = 64 * 1024
# Enough for every signature below; zip-based formats are read through zipfile.
HEAD_SIZE = 16

MIME_TYPES = {
    DocumentType.PDF: "application/pdf",
    DocumentType.ODT: "application/vnd.oasis.opendocument.text",
    DocumentType.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    DocumentType.DOCX: (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    DocumentType.XLSX: (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    DocumentType.JPEG: "image/jpeg",
    DocumentType.PNG: "image/png",
}
EXTENSIONS = {
    DocumentType.PDF: (".pdf",),
    DocumentType.ODT: (".odt",),
    DocumentType.ODS: (".ods",),
    DocumentType.DOCX: (".docx",),
    DocumentType.XLSX: (".xlsx",),
    DocumentType.JPEG: (".jpg", ".jpeg"),
    DocumentType.PNG: (".png",),
}
ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": DocumentType.ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": DocumentType.ODS,
}
# ASCII controls, and the bidirectional marks that can make "cv\u202efdp.exe"
# read as "cvexe.pdf".
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
# What may follow the last dot of a name and be taken for an extension.
EXTENSION_LIKE = re.compile(r"[A-Za-z0-9]{1,10}")
# Extensions that must not stay inside a name, before the type's own: the
# document types' and those a system would run or a browser render.
KNOWN_EXTENSIONS = frozenset(
    {ext[1:] for extensions in EXTENSIONS.values() for ext in extensions}
    | {
        "apk", "app", "appx", "bat", "bin", "cab", "cmd", "com", "cpl", "csv",
        "dll", "dmg", "doc", "docm", "exe", "gif", "hta", "htm", "html", "iso",
        "jar", "js", "jse", "lnk", "msi", "msp", "odp", "pif", "potm", "ppt",
        "pptm", "pptx", "ps1", "psm1", "py", "rtf", "scr", "sh", "svg", "svgz",
        "txt", "url", "vb", "vbe", "vbs", "wsf", "wsh", "xhtml", "xls", "xlsm",
        "xml", "zip",
    }
)  # fmt: skip


@dataclass(frozen=True)
class DetectedFile:
    """What the checks found out about an accepted file."""

    type: str  # a DocumentType value
    original_name: str  # the name to show and download under: see safe_name
    size: int
    sha256: str
    given_name: str = ""  # the name the user gave, when it had to be changed

    @property
    def content_type(self) -> str:
        return MIME_TYPES[DocumentType(self.type)]

    @property
    def extension(self) -> str:
        return EXTENSIONS[DocumentType(self.type)][0]

    def storage_name(self) -> str:
        """A fresh name for the stored file: never the user's."""
        return f"{uuid.uuid4().hex}{self.extension}"


def accept_attribute(allowed_types: list[str]) -> str:
    """The ``accept`` attribute of a file input (a hint; the server decides)."""
    return ",".join(
        extension
        for document_type in allowed_types
        if document_type in DocumentType.values
        for extension in EXTENSIONS[DocumentType(document_type)]
    )


def type_labels(types: list[str]) -> str:
    labels = dict(DocumentType.choices)
    return ", ".join(str(labels.get(t, t)) for t in types)


def _megabytes(size: int) -> str:
    # Rounded up, so that a file just over the limit never reads as the limit.
    return number_format(math.ceil(size * 10 / MEGABYTE) / 10, 1)


def clean_name(name: str | None) -> str:
    """The user's file name, checked and normalised for display."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise ValidationError(_("The file has no name."), code="name_missing")
    if "/" in name or "\\" in name:
        raise ValidationError(
            _("The file name must not contain a slash or a backslash: rename it."),
            code="name_separator",
        )
    if CONTROL_CHARACTERS.search(name):
        raise ValidationError(
            _("The file name contains invisible control characters: rename it."),
            code="name_control",
        )
    if ".." in name:
        raise ValidationError(
            _("The file name must not contain two dots in a row: rename it."),
            code="name_dots",
        )
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            _(
                "The file name is too long (%(length)d characters): "
                "shorten it to %(limit)d characters at most."
            )
            % {"length": len(name), "limit": MAX_NAME_LENGTH},
            code="name_too_long",
        )
    return name


def safe_name(name: str, document_type: str) -> str:
    """``name`` with one extension, the one of ``document_type``.

    A last extension that is the type's (in any case: ``CV.PDF``) is kept. Any
    other is replaced (``rapport.html`` holding a PDF: ``rapport.pdf``), and the
    extensions hidden before it are dropped (``cv.pdf.exe`` and ``cv.exe.pdf``:
    ``cv.pdf``), so that no name shows one type and opens as another. Dots that
    do not start a known extension stay (``attestation 01.02.2024.pdf``).
    """
    extensions = EXTENSIONS[DocumentType(document_type)]
    # Systems ignore trailing dots and spaces: "cv.exe." would run as cv.exe.
    stem = name.rstrip(". ")
    head, dot, last = stem.rpartition(".")
    if dot and f".{last.lower()}" in extensions:
        stem, extension = head, f".{last}"
    else:
        if dot and EXTENSION_LIKE.fullmatch(last):
            stem = head
        extension = extensions[0]
    while True:
        head, dot, last = stem.rpartition(".")
        if not (dot and last.lower() in KNOWN_EXTENSIONS):
            break
        stem = head
    stem = stem.rstrip(". ") or _("file")
    return f"{stem}{extension}"


def rename_notice(given_name: str, stored_name: str, content_type: str) -> str | None:
    """What to tell the user whose file ``given_name`` is kept as ``stored_name``
    (see ``safe_name``), or ``None`` when its name did not change."""
    given = unicodedata.normalize("NFC", (given_name or "").strip())
    if given == stored_name:
        return None
    document_type = next(
        (t for t, mime in MIME_TYPES.items() if mime == content_type), None
    )
    return _(
        "The file « %(given)s » is of type %(type)s: it is kept under the name "
        "« %(name)s », so that its name says what it is."
    ) % {
        "given": given,
        "type": type_labels([document_type]) if document_type else content_type,
        "name": stored_name,
    }


def _zip_type(uploaded_file: File) -> str | None:
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
            if members and members[0].filename == "mimetype":
                with archive.open(members[0]) as member:
                    mimetype = member.read(100).strip()
                return ODF_MIMETYPES.get(mimetype)
            names = [member.filename for member in members]
            if "[Content_Types].xml" in names:
                if any(n.startswith("word/") for n in names):
                    return DocumentType.DOCX
                if any(n.startswith("xl/") for n in names):
                    return DocumentType.XLSX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return None
    finally:
        uploaded_file.seek(0)
    return None


def check_archive(uploaded_file: File, size: int) -> None:
    """Refuse a zip-based file (docx, xlsx, odt, ods) that would be an archive bomb:
    too many entries, or an uncompressed total too large in itself or for its
    compressed size. Only the central directory is read, nothing is extracted.
    A zip that cannot be read is left to ``detect_type`` (an unknown type)."""
    try:
        uploaded_file.seek(0)
        with zipfile.ZipFile(uploaded_file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        return
    finally:
        uploaded_file.seek(0)
    max_entries = settings.UPLOAD_ZIP_MAX_ENTRIES
    if len(members) > max_entries:
        raise ValidationError(
            _(
                "This archive holds too many files (%(count)s): the limit is "
                "%(limit)s. It may be an archive bomb."
            )
            % {
                "count": number_format(len(members), force_grouping=True),
                "limit": number_format(max_entries, force_grouping=True),
            },
            code="archive_entries",
        )
    uncompressed = sum(member.file_size for member in members)
    max_total = settings.UPLOAD_ZIP_MAX_UNCOMPRESSED_MB * MEGABYTE
    max_ratio = settings.UPLOAD_ZIP_MAX_RATIO
    if uncompressed > max_total or uncompressed > max_ratio * max(size, 1):
        raise ValidationError(
            _(
                "Once uncompressed, this file would take %(size)s MB, too much for "
                "its %(compressed)s MB (at most %(ratio)s times its size and "
                "%(limit)s MB). It may be an archive bomb."
            )
            % {
                "size": _megabytes(uncompressed),
                "compressed": _megabytes(size),
                "ratio": max_ratio,
                "limit": settings.UPLOAD_ZIP_MAX_UNCOMPRESSED_MB,
            },
            code="archive_bomb",
        )


def detect_type(uploaded_file: File, head: bytes) -> str | None:
    """The DocumentType value of the content, or ``None`` when unknown."""
    if head.startswith(b"%PDF-"):
        return DocumentType.PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return DocumentType.PNG
    if head.startswith(b"\xff\xd8\xff"):
        return DocumentType.JPEG
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(uploaded_file)
    return None


def _too_large(size: int, max_size_mb: int) -> ValidationError:
    return ValidationError(
        _("The file is too large (%(size)s MB): the limit is %(limit)d MB.")
        % {"size": _megabytes(size), "limit": max_size_mb},
        code="too_large",
    )


def _read(uploaded_file: File, limit: int, max_size_mb: int) -> tuple[bytes, int, str]:
    """The first bytes, the size and the SHA-256, read in chunks."""
    digest = hashlib.sha256()
    head = b""
    size = 0
    for chunk in uploaded_file.chunks(CHUNK_SIZE):
        if len(head) < HEAD_SIZE:
            head += chunk[: HEAD_SIZE - len(head)]
        size += len(chunk)
        if size > limit:
            raise _too_large(size, max_size_mb)
        digest.update(chunk)
    return head, size, digest.hexdigest()


def check_upload(
    uploaded_file: File, *, allowed_types: list[str], max_size_mb: int
) -> DetectedFile:
    """Check ``uploaded_file``; raise ``ValidationError`` with the reason if refused."""
    name = clean_name(uploaded_file.name)
    limit = max_size_mb * MEGABYTE
    announced = getattr(uploaded_file, "size", None)
    if announced is not None and announced > limit:
        raise _too_large(announced, max_size_mb)
    head, size, sha256 = _read(uploaded_file, limit, max_size_mb)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if head.startswith(b"PK\x03\x04"):
        check_archive(uploaded_file, size)
    detected = detect_type(uploaded_file, head)
    uploaded_file.seek(0)
    accepted = type_labels(allowed_types)
    if detected is None:
        raise ValidationError(
            _(
                "The content of this file is not of an accepted type, whatever "
                "its name says. Accepted types: %(types)s."
            )
            % {"types": accepted},
            code="unknown_type",
        )
    if detected not in allowed_types:
        raise ValidationError(
            _(
                "This file is of type %(type)s, which is not accepted here. "
                "Accepted types: %(types)s."
            )
            % {"type": type_labels([detected]), "types": accepted},
            code="type_not_allowed",
        )
    stored_name = safe_name(name, detected)
    return DetectedFile(
        type=str(detected),
        original_name=stored_name,
        size=size,
        sha256=sha256,
        given_name=name if stored_name != name else "",
    )
