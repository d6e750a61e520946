"""The ZIP of a submitted version: every file it holds, named by the document or
question it answers, and a summary (``sommaire.txt``) with each file's size and
SHA-256 fingerprint."""

from __future__ import annotations

import re
import tempfile
import zipfile

from django.utils.translation import gettext as _

from core.time import paris_datetime

from .record import LabelledFile, version_files

# Built on disk past this size, in memory below.
SPOOL_MAX_BYTES = 8 * 1024 * 1024
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
_SPACES = re.compile(r"\s+")


def safe_name(text: str, limit: int = 120) -> str:
    """A file name part with no path separator or character Windows refuses."""
    cleaned = _SPACES.sub(" ", _UNSAFE.sub("-", text)).strip(" .-")
    return cleaned[:limit].strip() or "fichier"


def archive_filename(version) -> str:
    return f"{version.application.reference}-v{version.number}-pieces.zip"


def entry_names(files: list[LabelledFile]) -> list[str]:
    """One name per file: its number, its label, then its original name."""
    width = max(2, len(str(len(files))))
    return [
        f"{index:0{width}d} - {safe_name(item.label, 80)} - "
        f"{safe_name(item.attachment.original_name)}"
        for index, item in enumerate(files, start=1)
    ]


def summary_text(application, version, files: list[LabelledFile], names) -> str:
    lines = [
        _("Dossier %(reference)s — version %(number)d")
        % {"reference": application.reference, "number": version.number},
        version.title,
        _("Submitted on %(when)s (Paris time)")
        % {"when": paris_datetime(version.submitted_at)},
        "",
    ]
    for name, item in zip(names, files, strict=True):
        lines += [
            name,
            "  " + _("Document: %(label)s") % {"label": item.label},
            "  " + _("File name: %(name)s") % {"name": item.attachment.original_name},
            "  " + _("Size: %(size)d bytes") % {"size": item.attachment.size},
            "  SHA-256 : " + item.attachment.sha256,
            "",
        ]
    if not files:
        lines.append(_("This version holds no file."))
    return "\n".join(lines) + "\n"


def version_archive(application, version):
    """The ZIP, as a temporary file open for reading at its start (the caller
    closes it); ``FileNotFoundError`` when a stored file is missing."""
    files = version_files(application, version)
    names = entry_names(files)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)
    try:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "sommaire.txt", summary_text(application, version, files, names)
            )
            for name, item in zip(names, files, strict=True):
                with item.attachment.file.open("rb") as source:
                    with archive.open(name, "w") as target:
                        for chunk in iter(lambda: source.read(1024 * 1024), b""):
                            target.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool
