"""Helpers of the managers' view tests (/admin/instruction/)."""

import html
from datetime import timedelta

from django.contrib.messages import get_messages
from django.utils import timezone

from core.time import PARIS

BASE = "/admin/instruction/"


def messages_of(response) -> list[str]:
    """The Wagtail admin messages, as text (Wagtail stores them as HTML)."""
    return [
        html.unescape(str(message)).strip()
        for message in get_messages(response.wsgi_request)
    ]


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def future_day(days: int = 10) -> str:
    """A due day in the date input's format (yyyy-mm-dd)."""
    return (timezone.now().astimezone(PARIS) + timedelta(days=days)).strftime(
        "%Y-%m-%d"
    )


def urls_of(call, dossier, assignment, review, reviewer) -> dict[str, str]:
    """Every manager URL, by name, for one call's objects."""
    return {
        "calls": f"{BASE}appels/",
        "table": f"{BASE}appels/{call.pk}/",
        "assign": f"{BASE}appels/{call.pk}/affecter/",
        "distribute": f"{BASE}appels/{call.pk}/repartir/",
        "ranking": f"{BASE}appels/{call.pk}/classement/",
        "export": f"{BASE}appels/{call.pk}/export/classement.csv",
        "dossier": f"{BASE}dossiers/{dossier.pk}/",
        "complete": f"{BASE}dossiers/{dossier.pk}/terminer/",
        "consensus_note": f"{BASE}dossiers/{dossier.pk}/note/",
        "manager_thread_post": f"{BASE}dossiers/{dossier.pk}/discussion/",
        "assignment_remove": f"{BASE}affectations/{assignment.pk}/retirer/",
        "assignment_replace": f"{BASE}affectations/{assignment.pk}/remplacer/",
        "conflict_override": f"{BASE}affectations/{assignment.pk}/conflit/",
        "review_reopen": f"{BASE}evaluations/{review.pk}/rouvrir/",
        "reviewer_interests": f"{BASE}instructeurs/{reviewer.pk}/interets/",
    }
