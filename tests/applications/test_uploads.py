"""Checking uploads by content (check_upload) and storing them (attachment_add)."""

import hashlib
import importlib
import io
import re
import zipfile
from datetime import timedelta

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.exceptions import (
    ApplicationError,
    PermissionRefused,
    TransitionRefused,
)
from applications.models import Application, Attachment
from applications.services import attachment_add
from applications.uploads import (
    MEGABYTE,
    accept_attribute,
    check_upload,
    rename_notice,
    safe_name,
)
from core.models import ActivityEntry
from tests.factories import (
    MembershipFactory,
    PartnerFactory,
    RequiredDocumentFactory,
    drive_to,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
EXE = b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode."
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 40
ALL_TYPES = ["pdf", "odt", "ods", "docx", "xlsx", "jpeg", "png"]
FILE_QUESTION_KEY = "7c1f0a52-8d8e-4c1e-9a52-2a4a7d8f0b11"


def zip_bytes(members: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", b"<Types/>"),
            ("_rels/.rels", b"<Relationships/>"),
            ("word/document.xml", b"<w:document/>"),
        ]
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        [("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<workbook/>")]
    )


def odf_bytes(mimetype: str) -> bytes:
    return zip_bytes(
        [("mimetype", mimetype.encode()), ("content.xml", b"<office:document/>")]
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def raw_file(name: str, content: bytes) -> File:
    """A file whose name is kept as given (Django's upload classes strip paths)."""
    return File(io.BytesIO(content), name=name)


def refusal(uploaded, **kwargs) -> ValidationError:
    kwargs.setdefault("allowed_types", ["pdf"])
    kwargs.setdefault("max_size_mb", 10)
    with pytest.raises(ValidationError) as error:
        check_upload(uploaded, **kwargs)
    return error.value


# check_upload -----------------------------------------------------------------------


def test_check_upload_accepts_a_pdf_and_hashes_it():
    detected = check_upload(
        upload(" statuts signés.pdf ", PDF), allowed_types=["pdf"], max_size_mb=10
    )
    assert detected.type == "pdf"
    assert detected.content_type == "application/pdf"
    assert detected.original_name == "statuts signés.pdf"
    assert detected.size == len(PDF)
    assert detected.sha256 == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize(
    ("content", "expected", "content_type"),
    [
        (
            docx_bytes(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            xlsx_bytes(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            odf_bytes("application/vnd.oasis.opendocument.text"),
            "odt",
            "application/vnd.oasis.opendocument.text",
        ),
        (
            odf_bytes("application/vnd.oasis.opendocument.spreadsheet"),
            "ods",
            "application/vnd.oasis.opendocument.spreadsheet",
        ),
        (PNG, "png", "image/png"),
        (JPEG, "jpeg", "image/jpeg"),
    ],
)
def test_check_upload_detects_the_type_from_the_content(
    content, expected, content_type
):
    # The name says nothing true: the content decides.
    detected = check_upload(
        upload("fichier.bin", content), allowed_types=ALL_TYPES, max_size_mb=10
    )
    assert (detected.type, detected.content_type) == (expected, content_type)


def test_check_upload_stored_name_is_generated_never_the_users():
    detected = check_upload(
        upload("mon fichier.docx", docx_bytes()),
        allowed_types=["docx"],
        max_size_mb=10,
    )
    first, second = detected.storage_name(), detected.storage_name()
    assert re.fullmatch(r"[0-9a-f]{32}\.docx", first)
    assert first != second


@pytest.mark.parametrize("content", [EXE, ELF], ids=["windows-exe", "elf"])
def test_check_upload_refuses_an_executable_renamed_pdf(content):
    error = refusal(upload("statuts.pdf", content), allowed_types=["pdf", "docx"])
    assert error.code == "unknown_type"
    assert error.messages == [
        _(
            "The content of this file is not of an accepted type, whatever "
            "its name says. Accepted types: %(types)s."
        )
        % {"types": "PDF, " + _("Word document (DOCX)")}
    ]


def test_check_upload_refuses_a_pdf_renamed_docx_when_only_docx_is_allowed():
    error = refusal(upload("projet.docx", PDF), allowed_types=["docx"])
    assert error.code == "type_not_allowed"
    assert error.messages == [
        _(
            "This file is of type %(type)s, which is not accepted here. "
            "Accepted types: %(types)s."
        )
        % {"type": "PDF", "types": _("Word document (DOCX)")}
    ]


@pytest.mark.parametrize(
    "content",
    [
        zip_bytes([("notes.txt", b"hello")]),
        zip_bytes([("word/document.xml", b"<w:document/>")]),  # no [Content_Types]
        zip_bytes([("mimetype", b"application/zip"), ("a.xml", b"<a/>")]),
        b"PK\x03\x04 this is not really a zip archive",
        b"plain text pretending to be a PDF",
    ],
    ids=["plain-zip", "no-content-types", "other-odf", "broken-zip", "text"],
)
def test_check_upload_refuses_unknown_content(content):
    assert refusal(upload("x.docx", content), allowed_types=ALL_TYPES).code == (
        "unknown_type"
    )


def test_check_upload_refuses_an_empty_file():
    error = refusal(upload("statuts.pdf", b""))
    assert (error.code, error.messages) == ("empty", [_("The file is empty.")])


def test_check_upload_refuses_a_file_over_the_limit_and_says_both_sizes():
    error = refusal(upload("gros.pdf", PDF.ljust(MEGABYTE + 1, b" ")), max_size_mb=1)
    assert error.code == "too_large"
    assert error.messages == [
        _("The file is too large (%(size)s MB): the limit is %(limit)d MB.")
        % {"size": "1,1", "limit": 1}
    ]


def test_check_upload_counts_the_bytes_it_reads_not_the_announced_size():
    uploaded = raw_file("gros.pdf", PDF.ljust(3 * MEGABYTE, b" "))
    uploaded.size = 10  # a lying client
    assert refusal(uploaded, max_size_mb=1).code == "too_large"


def test_check_upload_accepts_a_file_of_exactly_the_limit():
    detected = check_upload(
        upload("juste.pdf", PDF.ljust(MEGABYTE, b" ")),
        allowed_types=["pdf"],
        max_size_mb=1,
    )
    assert detected.size == MEGABYTE


NAME_MESSAGES = {
    "name_separator": "The file name must not contain a slash or a backslash: "
    "rename it.",
    "name_control": "The file name contains invisible control characters: rename it.",
    "name_dots": "The file name must not contain two dots in a row: rename it.",
}


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("../../etc/statuts.pdf", "name_separator"),
        ("..\\statuts.pdf", "name_separator"),
        ("statuts\x07.pdf", "name_control"),
        ("statuts\x00.pdf", "name_control"),
        ("statuts\x7f.pdf", "name_control"),
        ("..pdf", "name_dots"),
    ],
)
def test_check_upload_refuses_a_dangerous_name(name, code):
    error = refusal(raw_file(name, PDF))
    assert (error.code, error.messages) == (code, [_(NAME_MESSAGES[code])])


def test_check_upload_refuses_a_name_over_200_characters():
    error = refusal(raw_file("a" * 197 + ".pdf", PDF))
    assert error.code == "name_too_long"
    assert error.messages == [
        _(
            "The file name is too long (%(length)d characters): "
            "shorten it to %(limit)d characters at most."
        )
        % {"length": 201, "limit": 200}
    ]
    assert check_upload(
        raw_file("a" * 196 + ".pdf", PDF), allowed_types=["pdf"], max_size_mb=10
    ).original_name == ("a" * 196 + ".pdf")


def test_accept_attribute_lists_the_extensions():
    assert accept_attribute(["pdf", "jpeg", "docx"]) == ".pdf,.jpg,.jpeg,.docx"


# attachment_add ---------------------------------------------------------------------


@pytest.fixture
def statutes(call):
    return RequiredDocumentFactory(
        call=call, label="Statuts", allowed_types=["pdf"], max_size_mb=1
    )


@pytest.fixture
def file_question(call):
    call.questionnaire = [
        {
            "type": "section",
            "id": "0d3c61c4-3a8e-4b5e-8e39-6c1c1d0f3c2a",
            "value": {
                "title": "Budget",
                "intro": "",
                "questions": [
                    {
                        "type": "file",
                        "id": FILE_QUESTION_KEY,
                        "value": {
                            "label": "Budget prévisionnel",
                            "help_text": "",
                            "required": True,
                            "allowed_types": ["xlsx", "ods"],
                            "max_size_mb": 2,
                        },
                    }
                ],
            },
        }
    ]
    call.save()
    return FILE_QUESTION_KEY


def stored_bytes(attachment: Attachment) -> bytes:
    with storages["private"].open(attachment.file.name) as handle:
        return handle.read()


def test_attachment_add_stores_the_file_under_a_generated_name(
    application, members, statutes
):
    attachment = attachment_add(
        application=application,
        user=members[1],
        uploaded_file=upload("statuts.pdf", PDF),
        required_document=statutes,
    )
    assert re.fullmatch(
        r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment.file.name
    )
    assert stored_bytes(attachment) == PDF
    assert (
        attachment.original_name,
        attachment.size,
        attachment.sha256,
        attachment.content_type,
        attachment.uploaded_by,
        attachment.superseded_at,
    ) == (
        "statuts.pdf",
        len(PDF),
        hashlib.sha256(PDF).hexdigest(),
        "application/pdf",
        members[1],
        None,
    )
    assert Application.objects.get(pk=application.pk).lock_version == 1


def test_attachment_add_for_a_file_question_uses_its_settings(
    application, members, file_question
):
    attachment = attachment_add(
        application=application,
        user=members[0],
        uploaded_file=upload("budget.xlsx", xlsx_bytes()),
        question_key=file_question,
    )
    assert (attachment.question_key, attachment.required_document) == (
        FILE_QUESTION_KEY,
        None,
    )
    with pytest.raises(ValidationError) as error:
        attachment_add(
            application=application,
            user=members[0],
            uploaded_file=upload("budget.pdf", PDF),
            question_key=file_question,
        )
    assert error.value.code == "type_not_allowed"


def test_attachment_add_replacing_supersedes_and_keeps_the_old_file(
    application, members, statutes
):
    first = attachment_add(
        application=application,
        user=members[0],
        uploaded_file=upload("statuts-2024.pdf", PDF),
        required_document=statutes,
    )
    newer = PDF + b"% version 2\n"
    second = attachment_add(
        application=application,
        user=members[0],
        uploaded_file=upload("statuts-2025.pdf", newer),
        required_document=statutes,
    )
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert second.superseded_at is None
    assert stored_bytes(first) == PDF
    assert stored_bytes(second) == newer
    assert list(
        application.attachments.filter(superseded_at__isnull=True).values_list(
            "original_name", flat=True
        )
    ) == ["statuts-2025.pdf"]


def test_attachment_add_refused_file_changes_nothing(application, members, statutes):
    with pytest.raises(ValidationError):
        attachment_add(
            application=application,
            user=members[0],
            uploaded_file=upload("statuts.pdf", EXE),
            required_document=statutes,
        )
    assert not Attachment.objects.exists()
    assert Application.objects.get(pk=application.pk).lock_version == 0
    assert not storages["private"].exists("attachments")


def test_attachment_add_refused_to_another_organisation(application, statutes):
    stranger = MembershipFactory().user
    with pytest.raises(PermissionRefused):
        attachment_add(
            application=application,
            user=stranger,
            uploaded_file=upload("statuts.pdf", PDF),
            required_document=statutes,
        )
    assert not Attachment.objects.exists()


def test_attachment_add_refused_after_the_call_closed(application, members, statutes):
    with time_machine.travel(application.call.closes_at + timedelta(seconds=1)):
        with pytest.raises(TransitionRefused) as error:
            attachment_add(
                application=application,
                user=members[0],
                uploaded_file=upload("statuts.pdf", PDF),
                required_document=statutes,
            )
    assert str(error.value) == _(
        "The call is closed: the dossier can no longer be changed."
    )
    assert not Attachment.objects.exists()


def test_attachment_add_refused_in_review(
    application, members, statutes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the antivirus scan
        attachment_add(
            application=application,
            user=members[0],
            uploaded_file=upload("statuts.pdf", PDF),
            required_document=statutes,
        )
    application = drive_to(application, "under_review")
    with pytest.raises(TransitionRefused):
        attachment_add(
            application=application,
            user=members[0],
            uploaded_file=upload("statuts.pdf", PDF),
            required_document=statutes,
        )


@pytest.mark.parametrize(
    "target",
    ["nothing", "both", "other-call-document", "unknown-question"],
)
def test_attachment_add_refuses_a_wrong_target(application, members, statutes, target):
    kwargs = {
        "nothing": {},
        "both": {"required_document": statutes, "question_key": "x"},
        "other-call-document": {"required_document": RequiredDocumentFactory()},
        "unknown-question": {"question_key": "no-such-question"},
    }[target]
    with pytest.raises(ApplicationError):
        attachment_add(
            application=application,
            user=members[0],
            uploaded_file=upload("statuts.pdf", PDF),
            **kwargs,
        )
    assert not Attachment.objects.exists()


# A name that says another type than the content (issue 8, item 5) -------------------


@pytest.mark.parametrize(
    ("name", "document_type", "expected"),
    [
        ("rapport.html", "pdf", "rapport.pdf"),
        ("cv.pdf.exe", "pdf", "cv.pdf"),
        ("x.pdf.bat", "pdf", "x.pdf"),
        ("cv.PDF.exe", "pdf", "cv.pdf"),
        ("CV.PDF.BAT", "pdf", "CV.pdf"),
        ("cv.exe.pdf", "pdf", "cv.pdf"),
        ("cv.exe. ", "pdf", "cv.pdf"),
        ("lettre.pdf.pdf", "pdf", "lettre.pdf"),
        ("rapport.docx.pdf", "pdf", "rapport.pdf"),
        ("rapport", "pdf", "rapport.pdf"),
        ("photo.png", "jpeg", "photo.jpg"),
        ("budget.xlsx.js", "xlsx", "budget.xlsx"),
    ],
)
def test_safe_name_says_the_detected_type_once(name, document_type, expected):
    assert safe_name(name, document_type) == expected


@pytest.mark.parametrize(
    ("name", "document_type"),
    [
        ("CV.PDF", "pdf"),
        ("statuts.Pdf", "pdf"),
        ("photo.JPEG", "jpeg"),
        ("photo.jpg", "jpeg"),
        ("attestation URSSAF 01.02.2024.pdf", "pdf"),
        ("Dr. Martin - CV.pdf", "pdf"),
    ],
)
def test_safe_name_keeps_a_name_that_says_its_type(name, document_type):
    assert safe_name(name, document_type) == name


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("rapport.html", "rapport.pdf"),
        ("cv.pdf.exe", "cv.pdf"),
        ("x.pdf.bat", "x.pdf"),
        ("X.PDF.BAT", "X.pdf"),
    ],
)
def test_check_upload_renames_a_pdf_whose_name_says_another_type(given, stored):
    detected = check_upload(upload(given, PDF), allowed_types=["pdf"], max_size_mb=10)
    assert (detected.original_name, detected.given_name) == (stored, given)
    assert rename_notice(given, detected.original_name, detected.content_type) == _(
        "The file « %(given)s » is of type %(type)s: it is kept under the name "
        "« %(name)s », so that its name says what it is."
    ) % {"given": given, "type": "PDF", "name": stored}


def test_check_upload_keeps_an_upper_case_extension_of_the_right_type():
    detected = check_upload(
        upload("CV.PDF", PDF), allowed_types=["pdf"], max_size_mb=10
    )
    assert (detected.original_name, detected.given_name) == ("CV.PDF", "")
    assert rename_notice("CV.PDF", "CV.PDF", "application/pdf") is None


@pytest.mark.parametrize("mark", ["\u202e", "\u2066", "\u200f"])
def test_check_upload_refuses_bidirectional_marks_in_a_name(mark):
    # "cv\u202efdp.exe" reads "cvexe.pdf" on screen.
    error = refusal(raw_file(f"cv{mark}fdp.pdf", PDF))
    assert (error.code, error.messages) == (
        "name_control",
        [_(NAME_MESSAGES["name_control"])],
    )


@pytest.mark.parametrize(
    ("given", "stored"), [("cv.pdf.exe", "cv.pdf"), ("rapport.html", "rapport.pdf")]
)
def test_attachment_add_stores_the_safe_name_and_logs_the_given_one(
    application, members, statutes, given, stored
):
    attachment = attachment_add(
        application=application,
        user=members[0],
        uploaded_file=upload(given, PDF),
        required_document=statutes,
    )
    assert Attachment.objects.get(pk=attachment.pk).original_name == stored
    entry = ActivityEntry.objects.get(action="file.added")
    assert entry.details == {
        "file": stored,
        "sha256": attachment.sha256,
        "given_name": given,
    }


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("rapport.html", "rapport.pdf"),
        ("cv.pdf.exe", "cv.pdf"),
        ("x.pdf.bat", "x.pdf"),
        ("CV.PDF", "CV.PDF"),
    ],
)
def test_upload_page_tells_of_the_new_name_and_downloads_under_it(
    client, application, members, statutes, given, stored
):
    client.force_login(members[0])
    url = reverse("applications:dossier_attachments", args=[application.pk])
    response = client.post(
        url,
        {"slot": f"document-{statutes.pk}", "file": SimpleUploadedFile(given, PDF)},
        follow=True,
    )
    shown = [str(m) for m in response.context["messages"]]
    notice = _(
        "The file « %(given)s » is of type %(type)s: it is kept under the name "
        "« %(name)s », so that its name says what it is."
    ) % {"given": given, "type": "PDF", "name": stored}
    assert (notice in shown) == (given != stored)
    attachment = Attachment.objects.get()
    download = client.get(
        reverse(
            "applications:attachment_download", args=[application.pk, attachment.pk]
        )
    )
    assert download["Content-Disposition"] == f'attachment; filename="{stored}"'
    assert download["Content-Type"] == "application/pdf"


@pytest.mark.parametrize(
    ("given", "stored"),
    [("lettre.pdf.exe", "lettre.pdf"), ("lettre.html", "lettre.pdf")],
)
def test_partner_letter_is_kept_under_a_safe_name(
    client, application, members, given, stored
):
    partner = PartnerFactory(application=application)
    client.force_login(members[0])
    response = client.post(
        reverse("applications:partner_letter", args=[application.pk, partner.pk]),
        {"file": SimpleUploadedFile(given, PDF)},
        follow=True,
    )
    assert response.status_code == 200
    letter = Attachment.objects.get()
    assert letter.original_name == stored
    assert any(
        given in str(m) and stored in str(m) for m in response.context["messages"]
    )
    download = client.get(
        reverse("applications:attachment_download", args=[application.pk, letter.pk])
    )
    assert download["Content-Disposition"] == f'attachment; filename="{stored}"'


def test_migration_renames_the_files_stored_before(make_attachment):
    migration = importlib.import_module(
        "applications.migrations.0005_partner_decline_reason"
    )
    hostile = make_attachment("cv.pdf.exe", PDF)
    upper = make_attachment("CV.PDF", PDF)
    sheet = make_attachment(
        "budget.html",
        xlsx_bytes(),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    migration.names_say_their_type(apps, None)
    assert [
        Attachment.objects.get(pk=a.pk).original_name for a in (hostile, upper, sheet)
    ] == ["cv.pdf", "CV.PDF", "budget.xlsx"]
