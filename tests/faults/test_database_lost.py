"""Fault: the database connection is lost in the middle of a submission
(issue 13), on a real PostgreSQL server.

The server ends the request's connection (``pg_terminate_backend``) after the
dossier's transition and before its version is frozen. PostgreSQL rolls the
transaction back: the dossier is still a draft, without a version, a receipt or
an email; the applicant reads a 503 page saying their action was not recorded.
Submitting again, on a new connection, submits once.
"""

from __future__ import annotations

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from applications.enums import ApplicationState as S
from applications.models import Application, ApplicationVersion
from applications.services import dossiers
from bench.data import site as data
from core.models import OutboundEmail
from tests.factories import AuthorityFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="ends a server connection (PostgreSQL)",
    ),
]


def _terminate_own_connection() -> None:
    """Ask the server, from another connection, to end this one."""
    params = connection.settings_dict
    pid = connection.connection.info.backend_pid
    with psycopg.connect(
        host=params["HOST"] or "127.0.0.1",
        port=params["PORT"] or 5432,
        user=params["USER"] or "postgres",
        dbname=params["NAME"],
        autocommit=True,
    ) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])


def test_a_submission_cut_by_a_lost_database_records_nothing_and_can_be_retried(
    monkeypatch,
):
    call = data.rush_call(authority=AuthorityFactory())
    (applicant,) = data.rush_applicants(call, 1)
    application = Application.objects.get(pk=applicant.application_id)
    client = Client(raise_request_exception=False)
    client.force_login(application.created_by)
    url = reverse("applications:dossier_submit", args=[application.pk])
    freeze = dossiers._freeze_version
    cuts = []

    def freeze_after_losing_the_database(*args, **kwargs):
        if not cuts:
            cuts.append(connection.connection.info.backend_pid)
            _terminate_own_connection()
        return freeze(*args, **kwargs)

    monkeypatch.setattr(dossiers, "_freeze_version", freeze_after_losing_the_database)

    response = client.post(url, {"seen_version": "0", "declaration": "on"})

    assert len(cuts) == 1
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "Service momentanément indisponible" in page
    assert "pas été enregistrée" in page
    application.refresh_from_db()
    assert application.state == S.DRAFT
    assert application.lock_version == 0
    assert not ApplicationVersion.objects.filter(application=application).exists()
    assert not OutboundEmail.objects.filter(template="submitted").exists()

    # The applicant tries again: a new connection, one submission.
    response = client.post(url, {"seen_version": "0", "declaration": "on"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert ApplicationVersion.objects.filter(application=application).count() == 1
    assert OutboundEmail.objects.filter(template="submitted").count() == 1
