"""When a call is offered to applicants: published, complete, and open.

A call saved in the admin is not yet offered: applicants see it, create a dossier
on it and submit only once its public page is live and it holds what every call
needs (a questionnaire and its list of documents to provide). One rule, read by
the services, the applicant's pages, the public page and the managers' listing.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .enums import CallStatus
from .models import Call
from .selectors import status_q


def publication_problems(call: Call) -> list[str]:
    """Why ``call`` is not offered to applicants, in French; empty when it is."""
    problems = []
    try:
        page = call.page
    except ObjectDoesNotExist:
        page = None
    if page is None or not page.live:
        problems.append(_("its public page is not published"))
    if not len(call.questionnaire):
        problems.append(_("its questionnaire has no section"))
    if not call.required_documents.all():
        problems.append(_("it lists no required document"))
    return problems


def is_published(call: Call) -> bool:
    return not publication_problems(call)


def is_offered(call: Call, at: datetime | None = None) -> bool:
    """Whether applicants may create and submit dossiers on ``call`` now."""
    return call.is_open(at) and is_published(call)


def offered_calls(*, at: datetime | None = None) -> QuerySet:
    """The calls open now whose page is live and whose content is complete."""
    candidates = (
        Call.objects.select_related("authority", "page")
        .filter(status_q(CallStatus.OPEN, at=at), page__live=True)
        .prefetch_related("required_documents")
    )
    ids = [call.pk for call in candidates if is_published(call)]
    return Call.objects.select_related("authority").filter(pk__in=ids)
