"""Files are real: with ``AWS_*`` set, the dossiers' files and receipts go to an
S3-compatible bucket through django-storages, and never with a public URL.

The suite starts moto's standalone S3 server on 127.0.0.1 (real HTTP, real
signatures checked by the server; boto3 is not mocked), configures the storages
exactly as ``config/settings/base.py`` does from the environment, then runs an
applicant's upload and submission through the services and the downloads
through the views.
"""

import hashlib
import io
import logging
import re
import runpy
import urllib.error
import urllib.request
import uuid
import zipfile
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

import config.settings.base
from applications import services
from applications.models import Attachment
from tests.factories import ApplicationFactory, RequiredDocumentFactory

try:
    from moto.server import ThreadedMotoServer
except ImportError:  # pragma: no cover - the dev group installs it
    ThreadedMotoServer = None

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        ThreadedMotoServer is None,
        reason="moto[server] is not installed (pip install --group dev)",
    ),
]

REGION = "eu-west-3"
ACCESS_KEY = "sillon-test-key"
SECRET_KEY = "sillon-test-secret"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" + b"% statuts\n" * 200
STATUTES_V2 = PDF + b"% version 2\n"


@pytest.fixture(scope="session")
def s3_endpoint():
    """moto's S3 server on a free port of 127.0.0.1, for the whole session."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line a request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, monkeypatch):
    """A fresh bucket, and the settings ``config/settings/base.py`` derives from
    the production environment naming it, in force for the test."""
    name = f"sillon-{uuid.uuid4().hex[:12]}"
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    environment = {
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        # Read by boto3 from the environment, as in production (README).
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    production = runpy.run_path(config.settings.base.__file__)
    overrides = {
        setting: value
        for setting, value in production.items()
        if setting.startswith("AWS_") or setting == "STORAGES"
    }
    assert overrides["STORAGES"]["private"]["BACKEND"] == (
        "storages.backends.s3.S3Storage"
    )
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client.create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION}
    )
    with override_settings(**overrides):
        yield Bucket(client, name, s3_endpoint)


class Bucket:
    """The test's view of the bucket, through boto3 (signed requests)."""

    def __init__(self, client, name: str, endpoint: str):
        self.client, self.name, self.endpoint = client, name, endpoint

    def keys(self) -> set[str]:
        listing = self.client.list_objects_v2(Bucket=self.name)
        return {item["Key"] for item in listing.get("Contents", [])}

    def content(self, key: str) -> bytes:
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def unsigned_get(self, key: str) -> int:
        """The status of a plain GET of the object's address, as a stranger would."""
        request = urllib.request.Request(f"{self.endpoint}/{self.name}/{key}")
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def application(db):
    """A draft on an open call, created by an active member of its organisation."""
    return ApplicationFactory(title="Maison d'accompagnement du pays de Quimper")


@pytest.fixture
def applicant(application):
    return application.created_by


@pytest.fixture
def statutes(application):
    return RequiredDocumentFactory(
        call=application.call, label="Statuts", allowed_types=["pdf"], max_size_mb=1
    )


@pytest.fixture
def applicant_client(client, applicant):
    client.force_login(applicant)
    return client


def test_private_storage_follows_the_settings_in_force(bucket):
    """The FileFields bound their storage when the models were built: it must
    still be the bucket's, not the disk the test settings started with."""
    storage = Attachment._meta.get_field("file").storage
    storage.save("probe.txt", io.BytesIO(b"probe"))
    assert bucket.keys() == {"private/probe.txt"}
    assert storages["private"].bucket_name == bucket.name


def test_files_and_receipt_are_in_the_bucket_and_served_only_by_the_app(
    bucket,
    application,
    applicant,
    statutes,
    applicant_client,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):  # the antivirus scan
        attachment = services.attachment_add(
            application=application,
            user=applicant,
            uploaded_file=upload("statuts signés.pdf", PDF),
            required_document=statutes,
        )
    with django_capture_on_commit_callbacks(execute=True):
        application.refresh_from_db()  # the upload moved its lock version
        services.application_submit(application=application, user=applicant)
    version = application.versions.get()
    assert version.receipt, "the receipt was not generated on submission"

    # The bucket holds the file and the receipt, under the private prefix only.
    attachment_key = f"private/{attachment.file.name}"
    receipt_key = f"private/{version.receipt.name}"
    assert re.fullmatch(
        r"private/attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", attachment_key
    )
    assert re.fullmatch(
        rf"private/receipts/\d{{4}}/\d{{2}}/{application.reference}-v1-"
        r"accuse-reception\.pdf",
        receipt_key,
    )
    assert bucket.keys() == {attachment_key, receipt_key}
    stored_file = bucket.content(attachment_key)
    stored_receipt = bucket.content(receipt_key)
    assert stored_file == PDF
    assert hashlib.sha256(stored_file).hexdigest() == attachment.sha256
    assert stored_receipt.startswith(b"%PDF-")
    assert hashlib.sha256(stored_receipt).hexdigest() == version.receipt_sha256

    # The receipt's email carries the PDF read back from the bucket.
    [email] = [m for m in mail.outbox if m.attachments]
    assert email.attachments == [
        (
            f"{application.reference}-v1-accuse-reception.pdf",
            stored_receipt,
            "application/pdf",
        )
    ]

    # No object is readable without a signature: no public ACL, on any object.
    for key in (attachment_key, receipt_key):
        assert bucket.unsigned_get(key) == 403
        grants = bucket.client.get_object_acl(Bucket=bucket.name, Key=key)["Grants"]
        assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]

    # The applicant downloads through the app, which streams the bucket's bytes.
    file_url = reverse(
        "applications:attachment_download", args=[application.pk, attachment.pk]
    )
    response = applicant_client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF
    receipt_url = reverse("applications:receipt_download", args=[application.pk, 1])
    response = applicant_client.get(receipt_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == stored_receipt
    response = applicant_client.get(
        reverse("applications:version_archive", args=[application.pk, 1])
    )
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zipped:
        [entry] = [n for n in zipped.namelist() if n.endswith("statuts signés.pdf")]
        assert zipped.read(entry) == PDF

    # The pages link to the app's views, never to the bucket.
    pages = [
        reverse("applications:dossier_detail", args=[application.pk]),
        reverse("applications:dossier_version", args=[application.pk, 1]),
        reverse("applications:dossier_attachments", args=[application.pk]),
    ]
    for page in pages:
        html = applicant_client.get(page).content.decode()
        assert bucket.endpoint not in html
        assert bucket.name not in html
        assert "X-Amz-" not in html
    detail = applicant_client.get(pages[0]).content.decode()
    assert receipt_url in detail

    # Were a URL of the storage ever handed out, it is signed and short-lived;
    # signed, it reads the object that an unsigned request may not.
    signed = storages["private"].url(attachment.file.name)
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert int(query["X-Amz-Expires"][0]) <= 3600
    with urllib.request.urlopen(signed, timeout=5) as response:
        assert response.read() == PDF


def test_a_missing_object_is_a_404_not_a_crash(
    bucket, application, applicant, statutes, applicant_client
):
    attachment = services.attachment_add(
        application=application,
        user=applicant,
        uploaded_file=upload("statuts.pdf", PDF),
        required_document=statutes,
    )
    bucket.client.delete_object(
        Bucket=bucket.name, Key=f"private/{attachment.file.name}"
    )
    url = reverse(
        "applications:attachment_download", args=[application.pk, attachment.pk]
    )
    assert applicant_client.get(url).status_code == 404


def test_a_replaced_draft_file_stays_in_the_bucket(
    bucket, application, applicant, statutes
):
    """A draft's file is superseded, never deleted: a submitted version may
    reference it."""
    first = services.attachment_add(
        application=application,
        user=applicant,
        uploaded_file=upload("statuts-2024.pdf", PDF),
        required_document=statutes,
    )
    second = services.attachment_add(
        application=application,
        user=applicant,
        uploaded_file=upload("statuts-2025.pdf", STATUTES_V2),
        required_document=statutes,
    )
    assert bucket.keys() == {
        f"private/{first.file.name}",
        f"private/{second.file.name}",
    }
    assert bucket.content(f"private/{first.file.name}") == PDF
    assert bucket.content(f"private/{second.file.name}") == STATUTES_V2


def test_an_upload_that_is_not_recorded_leaves_no_object(
    bucket, application, applicant, statutes
):
    with (
        mock.patch(
            "applications.services.files.activity_record",
            side_effect=RuntimeError("database down"),
        ),
        pytest.raises(RuntimeError),
    ):
        services.attachment_add(
            application=application,
            user=applicant,
            uploaded_file=upload("statuts.pdf", PDF),
            required_document=statutes,
        )
    assert not Attachment.objects.exists()
    assert bucket.keys() == set()


def test_a_receipt_that_is_not_recorded_leaves_no_object(
    bucket, application, applicant, statutes, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the antivirus scan
        services.attachment_add(
            application=application,
            user=applicant,
            uploaded_file=upload("statuts.pdf", PDF),
            required_document=statutes,
        )
    application.refresh_from_db()
    with mock.patch(
        "applications.services.receipts.event_email_enqueue",
        side_effect=RuntimeError("database down"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            application.refresh_from_db()  # the upload moved its lock version
        services.application_submit(application=application, user=applicant)
    version = application.versions.get()
    assert not version.receipt
    assert {key.split("/")[1] for key in bucket.keys()} == {"attachments"}
