"""The pluggable antivirus (core.antivirus): the fake, the choice of scanner and a
real clamd when one is given (CLAMD_SOCKET; required in CI by SILLON_REQUIRE_CLAMD)."""

from __future__ import annotations

import io
import os

import pytest
from django.test import override_settings

from core.antivirus import (
    EICAR,
    ClamdScanner,
    FakeScanner,
    ScannerUnavailable,
    check_real_scanner,
    get_scanner,
)

CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
REQUIRE_CLAMD = os.environ.get("SILLON_REQUIRE_CLAMD") == "1"


def test_the_fake_flags_eicar_anywhere_in_the_file():
    result = FakeScanner().scan(io.BytesIO(b"%PDF-1.7\n" + EICAR + b"\n%%EOF"))
    assert (result.clean, result.signature) == (False, "Eicar-Test-Signature")


def test_the_fake_flags_eicar_across_two_chunks():
    content = b"a" * (FakeScanner.CHUNK - 10) + EICAR + b"b" * 100
    assert not FakeScanner().scan(io.BytesIO(content)).clean


def test_the_fake_says_clean_otherwise():
    result = FakeScanner().scan(io.BytesIO(b"%PDF-1.7 statuts" * 10_000))
    assert (result.clean, result.signature) == (True, None)


@override_settings(ANTIVIRUS_SCANNER="", CLAMD_SOCKET="", CLAMD_HOST="")
def test_without_clamd_the_fake_is_used():
    assert isinstance(get_scanner(), FakeScanner)


@override_settings(ANTIVIRUS_SCANNER="", CLAMD_SOCKET="/run/clamav/clamd.ctl")
def test_with_a_clamd_socket_clamd_is_used():
    scanner = get_scanner()
    assert isinstance(scanner, ClamdScanner)
    assert scanner.socket_path == "/run/clamav/clamd.ctl"


def test_clamd_down_is_an_error_never_a_clean_verdict(tmp_path):
    scanner = ClamdScanner(socket_path=str(tmp_path / "no-clamd.sock"), timeout=2)
    with pytest.raises(ScannerUnavailable):
        scanner.scan(io.BytesIO(b"%PDF-1.7"))


@pytest.fixture
def clamd_socket():
    if not CLAMD_SOCKET:
        if REQUIRE_CLAMD:
            pytest.fail("SILLON_REQUIRE_CLAMD=1 but CLAMD_SOCKET is not set.")
        pytest.skip("No clamd: set CLAMD_SOCKET (see .ci/clamd.sh).")
    return CLAMD_SOCKET


def test_real_clamd_flags_eicar_and_passes_a_clean_file(clamd_socket):
    scanner = ClamdScanner(socket_path=clamd_socket, timeout=30)
    infected = scanner.scan(io.BytesIO(b"%PDF-1.7\n" + EICAR + b"\n%%EOF\n"))
    assert not infected.clean
    assert infected.signature.startswith("Eicar-Test-Signature")
    assert scanner.scan(io.BytesIO(EICAR)).clean is False
    assert scanner.scan(io.BytesIO(b"%PDF-1.7 statuts " * 1000)).clean is True


def test_check_deploy_warns_when_uploads_go_to_the_fake_scanner(settings):
    settings.ANTIVIRUS_SCANNER = "core.antivirus.FakeScanner"
    assert [m.id for m in check_real_scanner()] == ["sillon.W001"]
    settings.ANTIVIRUS_SCANNER = "core.antivirus.ClamdScanner"
    assert check_real_scanner() == []
