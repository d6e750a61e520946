"""core.unavailable: a database lost during a request answers 503 with a page
saying nothing was recorded (the fault itself, on PostgreSQL, is
tests/faults/test_database_lost.py)."""

from __future__ import annotations

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from core.unavailable import DatabaseUnavailableMiddleware


def _middleware() -> DatabaseUnavailableMiddleware:
    return DatabaseUnavailableMiddleware(lambda request: HttpResponse("ok"))


def test_a_lost_database_answers_503_in_french():
    request = RequestFactory().post("/espace/dossiers/1/deposer/")

    with translation.override("fr"):
        response = _middleware().process_exception(
            request, OperationalError("server closed the connection unexpectedly")
        )

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "pas été enregistrée" in page


def test_a_closed_connection_is_unavailable_too():
    request = RequestFactory().get("/")
    response = _middleware().process_exception(request, InterfaceError("closed"))
    assert response.status_code == 503


def test_other_errors_are_left_to_django():
    request = RequestFactory().get("/")
    assert _middleware().process_exception(request, ValueError("bug")) is None
    assert _middleware()(request).content == b"ok"
