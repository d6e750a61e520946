"""Antivirus scanning of uploaded files, behind a pluggable scanner.

``get_scanner()`` returns the scanner named by the ``ANTIVIRUS_SCANNER`` setting
(a dotted path): ``ClamdScanner`` talks to a clamd daemon over its unix socket
(``CLAMD_SOCKET``) or TCP (``CLAMD_HOST``/``CLAMD_PORT``) with INSTREAM, through the
maintained ``clamav-client`` library; ``FakeScanner`` (development and tests when no
clamd is configured) flags the EICAR test string and says clean otherwise.

A scanner that cannot give an answer raises ``ScannerUnavailable``: the caller keeps
the file in quarantine and tries again later, it never takes it as clean.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import BinaryIO, Protocol

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

# The 68-byte EICAR anti-virus test file, which every scanner flags.
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
EICAR_SIGNATURE = "Eicar-Test-Signature"


class ScannerUnavailable(Exception):
    """The scanner could not say whether the file is clean (down, timeout, error)."""


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str | None = None


class Scanner(Protocol):
    def scan(self, fileobj: BinaryIO) -> ScanResult:
        """The verdict on the content of ``fileobj`` (read from its current position);
        raise ``ScannerUnavailable`` when there is none."""


class FakeScanner:
    """Flags any content holding the EICAR test string; clean otherwise."""

    CHUNK = 64 * 1024

    def scan(self, fileobj: BinaryIO) -> ScanResult:
        tail = b""
        while chunk := fileobj.read(self.CHUNK):
            if EICAR in tail + chunk:
                return ScanResult(clean=False, signature=EICAR_SIGNATURE)
            tail = chunk[-len(EICAR) :]
        return ScanResult(clean=True)


class ClamdScanner:
    """clamd over its unix socket (``CLAMD_SOCKET``) or TCP (``CLAMD_HOST``,
    ``CLAMD_PORT``), with INSTREAM."""

    def __init__(
        self,
        *,
        socket_path: str = "",
        host: str = "",
        port: int = 3310,
        timeout: float | None = None,
    ) -> None:
        self.socket_path = socket_path or getattr(settings, "CLAMD_SOCKET", "")
        self.host = host or getattr(settings, "CLAMD_HOST", "")
        self.port = port if host else getattr(settings, "CLAMD_PORT", port)
        self.timeout = timeout or getattr(settings, "CLAMD_TIMEOUT", 60)

    def client(self):
        if self.socket_path:
            return ClamdUnixSocket(path=self.socket_path, timeout=self.timeout)
        if self.host:
            return ClamdNetworkSocket(
                host=self.host, port=self.port, timeout=self.timeout
            )
        raise ScannerUnavailable("Neither CLAMD_SOCKET nor CLAMD_HOST is set.")

    def scan(self, fileobj: BinaryIO) -> ScanResult:
        try:
            results = self.client().instream(fileobj)
        except (ClamdError, OSError) as error:
            raise ScannerUnavailable(str(error)) from error
        if not results:
            raise ScannerUnavailable("clamd gave no answer.")
        status, reason = next(iter(results.values()))
        if status == "OK":
            return ScanResult(clean=True)
        if status == "FOUND":
            return ScanResult(clean=False, signature=reason or "unknown")
        raise ScannerUnavailable(f"clamd: {status} {reason or ''}".strip())


@functools.cache
def _scanner_class(path: str):
    return import_string(path)


def get_scanner() -> Scanner:
    """The configured scanner: ``ANTIVIRUS_SCANNER``, else clamd when a socket or
    host is configured, else the fake."""
    path = getattr(settings, "ANTIVIRUS_SCANNER", "")
    if not path:
        configured = getattr(settings, "CLAMD_SOCKET", "") or getattr(
            settings, "CLAMD_HOST", ""
        )
        path = (
            "core.antivirus.ClamdScanner"
            if configured
            else "core.antivirus.FakeScanner"
        )
    return _scanner_class(path)()


@checks.register(checks.Tags.security, deploy=True)
def check_real_scanner(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """``check --deploy``: uploads must be scanned by a real antivirus."""
    if isinstance(get_scanner(), FakeScanner):
        return [
            checks.Warning(
                "Uploads are scanned by the fake antivirus (EICAR only).",
                hint="Set CLAMD_SOCKET or CLAMD_HOST (README, Antivirus).",
                id="sillon.W001",
            )
        ]
    return []
