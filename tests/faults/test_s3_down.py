"""Fault: the object store is down during an upload (issue 13).

The dossiers' files go to an S3 bucket (moto's server on 127.0.0.1, real HTTP,
as in tests/integration/test_s3_storage.py). While the endpoint refuses
connections, the applicant's upload is refused with a clear message and nothing
is recorded; once it answers again, the same upload is stored, once.
"""

from __future__ import annotations

import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from applications.models import Attachment
from core.models import ActivityEntry
from tests.factories import ApplicationFactory, RequiredDocumentFactory
from tests.integration.test_s3_storage import PDF, bucket, s3_endpoint  # noqa: F401

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_upload_while_the_object_store_is_down_is_refused_then_stored_once(
    bucket,  # noqa: F811 - the fixture imported above
    client,
    settings,
):
    application = ApplicationFactory()
    statutes = RequiredDocumentFactory(
        call=application.call, label="Statuts", allowed_types=["pdf"], max_size_mb=1
    )
    client.force_login(application.created_by)
    url = reverse("applications:dossier_attachments", args=[application.pk])
    form = {"slot": f"document-{statutes.pk}"}

    down = f"http://127.0.0.1:{_closed_port()}"
    with override_settings(AWS_S3_ENDPOINT_URL=down, STORAGES={**settings.STORAGES}):
        response = client.post(
            url, {**form, "file": SimpleUploadedFile("statuts.pdf", PDF)}
        )

    assert response.status_code == 200
    assert "le stockage des fichiers est momentanément indisponible" in (
        response.content.decode()
    )
    assert not Attachment.objects.filter(application=application).exists()
    assert not ActivityEntry.objects.filter(action__startswith="file.").exists()
    assert bucket.keys() == set()

    # The object store is back: the same upload goes through, once.
    response = client.post(
        url, {**form, "file": SimpleUploadedFile("statuts.pdf", PDF)}
    )

    assert response.status_code == 302
    attachment = Attachment.objects.get(application=application)
    assert bucket.keys() == {f"private/{attachment.file.name}"}
