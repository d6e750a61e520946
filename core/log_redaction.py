"""Secrets carried in URLs (a partner's signed link) kept out of the logs and the
error reports.

``settings.LOG_REDACTED_PATHS`` lists regular expressions; what they match in a
path is replaced by ``[redacted]`` in every log record the handlers write (the
request line of the development server, the "Not Found: /path" of
``django.request``, a CSRF failure's path) and in the error report emailed to the
administrators (the request's path, its META, and the variables of its frames).
"""

from __future__ import annotations

import copy
import logging
import re
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.views.debug import SafeExceptionReporterFilter

REDACTED = "[redacted]"
# The request's META values that carry the path, or the previous page's.
PATH_META = ("PATH_INFO", "REQUEST_URI", "RAW_URI", "HTTP_REFERER", "SCRIPT_URL")


@cache
def _patterns(sources: tuple[str, ...]) -> list[re.Pattern]:
    return [re.compile(source) for source in sources]


def redact(text: str) -> str:
    """``text`` with every secret part of a path replaced by ``[redacted]``."""
    for pattern in _patterns(tuple(getattr(settings, "LOG_REDACTED_PATHS", ()))):
        text = pattern.sub(REDACTED, text)
    return text


def secrets_in(text: str) -> list[str]:
    """The secret parts of ``text``, as they appear in it."""
    sources = tuple(getattr(settings, "LOG_REDACTED_PATHS", ()))
    return [match.group(0) for p in _patterns(sources) for match in p.finditer(text)]


def redacted_request(request: HttpRequest) -> HttpRequest:
    """A shallow copy of ``request`` whose path and path-bearing META are redacted;
    ``request`` itself is left as it is (the view may still be using it)."""
    if redact(request.path) == request.path and redact(
        request.META.get("HTTP_REFERER", "")
    ) == request.META.get("HTTP_REFERER", ""):
        return request
    clean = copy.copy(request)
    clean.path = redact(request.path)
    clean.path_info = redact(request.path_info)
    clean.META = {
        key: redact(value) if key in PATH_META and isinstance(value, str) else value
        for key, value in request.META.items()
    }
    clean.redacted_secrets = secrets_in(request.path) + secrets_in(
        request.META.get("HTTP_REFERER", "")
    )
    return clean


def _redact_value(value):
    return redact(value) if isinstance(value, str) else value


class RedactSecretPaths(logging.Filter):
    """A logging filter that rewrites the record, never drops it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, dict):
            record.args = {k: _redact_value(v) for k, v in record.args.items()}
        elif record.args:
            record.args = tuple(_redact_value(arg) for arg in record.args)
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            record.request = redacted_request(request)
        return True


class RedactingExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, plus: the secrets of the path are hidden in META and in
    the variables of the traceback's frames (a view's ``token`` argument, the
    original request)."""

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in meta.items()
        }

    def get_traceback_frame_variables(self, request, tb_frame):
        variables = super().get_traceback_frame_variables(request, tb_frame)
        secrets = list(getattr(request, "redacted_secrets", []))
        if request is not None and not secrets:
            secrets = secrets_in(request.path)
        return [(name, self._hide(value, secrets)) for name, value in variables]

    @staticmethod
    def _hide(value, secrets: list[str]):
        if isinstance(value, HttpRequest):
            return f"<{type(value).__name__}: {value.method} {redact(value.path)!r}>"
        if isinstance(value, str):
            for secret in secrets:
                value = value.replace(secret, REDACTED)
            return redact(value)
        return value
