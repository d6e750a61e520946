"""Helpers shared by the tests of the managers' side (Wagtail admin)."""

import html
import itertools
from datetime import UTC, datetime

from django.contrib.messages import get_messages
from django_fsm_log.models import StateLog

from applications import services
from applications.enums import ApplicationState as S
from applications.models import Application
from core.time import PARIS
from tests.factories import ApplicationFactory

# 22 November 2026, 14:05 in Paris (UTC+1 in winter).
NOW = datetime(2026, 11, 22, 13, 5, 27, tzinfo=UTC)
LIST_URL = "/admin/dossiers/"


def detail_url(application) -> str:
    return f"/admin/dossiers/{application.pk}/"


def action_url(application, action: str) -> str:
    return f"/admin/dossiers/{application.pk}/{action}/"


_sequences = itertools.count(100)


def dossier(call, **kwargs) -> Application:
    """A draft on ``call``, numbered away from the conftest's dossier (n°1)."""
    return ApplicationFactory(call=call, sequence=next(_sequences), **kwargs)


def submit(application) -> Application:
    services.application_submit(application=application, user=application.created_by)
    return Application.objects.get(pk=application.pk)


def put_in(state: str, application, manager) -> Application:
    """Drive the services to put a submitted dossier in ``state``."""
    if state == S.COMPLEMENTS_REQUESTED:
        services.application_request_complements(
            application=application,
            user=manager,
            message="Budget",
            due_at=datetime(2026, 12, 1, 12, tzinfo=PARIS),
        )
    elif state == S.UNDER_REVIEW:
        services.application_start_review(application=application, user=manager)
    elif state == S.INADMISSIBLE:
        services.application_declare_inadmissible(
            application=application, user=manager, motivation="Hors champ"
        )
    return Application.objects.get(pk=application.pk)


def messages_of(response) -> list[str]:
    """The Wagtail admin messages, as text (Wagtail stores them as HTML)."""
    return [
        html.unescape(str(message)).strip()
        for message in get_messages(response.wsgi_request)
    ]


def shown_actions(response) -> list[str]:
    return [action.name for action, _form, _url in response.context["action_forms"]]


def seen(application) -> int:
    """The dossier's lock_version, as a page rendered now shows it."""
    return Application.objects.get(pk=application.pk).lock_version


def last_log(application) -> StateLog:
    return StateLog.objects.filter(object_id=application.pk).latest("pk")
