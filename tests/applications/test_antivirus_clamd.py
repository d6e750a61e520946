"""An upload of the EICAR test file refused end to end by a real clamd (issue 13).

Skipped unless CLAMD_SOCKET names a clamd socket; fails instead when
SILLON_REQUIRE_CLAMD=1 (``.ci/run`` starts a clamd: ``.ci/clamd.sh``)."""

from __future__ import annotations

import os

import pytest
from django.test import override_settings

from applications.enums import ScanStatus
from core.models import OutboundEmail
from tests.factories import RequiredDocumentFactory

from .test_antivirus import INFECTED_PDF, PDF, add

pytestmark = pytest.mark.django_db

CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")


@pytest.fixture
def statutes(call):
    return RequiredDocumentFactory(call=call, label="Statuts", allowed_types=["pdf"])


@pytest.fixture
def real_clamd():
    if not CLAMD_SOCKET:
        if os.environ.get("SILLON_REQUIRE_CLAMD") == "1":
            pytest.fail("SILLON_REQUIRE_CLAMD=1 but CLAMD_SOCKET is not set.")
        pytest.skip("No clamd: set CLAMD_SOCKET (see .ci/clamd.sh).")
    with override_settings(
        ANTIVIRUS_SCANNER="core.antivirus.ClamdScanner", CLAMD_SOCKET=CLAMD_SOCKET
    ):
        yield


def test_real_clamd_refuses_eicar_and_clears_a_clean_file(
    application,
    members,
    statutes,
    real_clamd,
    django_capture_on_commit_callbacks,
):
    clean = add(
        application, members[0], statutes, PDF, scan=django_capture_on_commit_callbacks
    )
    assert clean.scan_status == ScanStatus.CLEAN
    infected = add(
        application,
        members[0],
        statutes,
        INFECTED_PDF,
        scan=django_capture_on_commit_callbacks,
    )
    assert infected.scan_status == ScanStatus.INFECTED
    assert infected.scan_signature.startswith("Eicar-Test-Signature")
    assert infected.file.name == ""
    assert OutboundEmail.objects.filter(subject__contains="virus").exists()
