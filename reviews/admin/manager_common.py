"""What the managers' views share: who may open the section, and the objects
they load, scoped to the authorities the manager is staff of.

A user who is not a manager (group « Gestionnaires ») or an administrator is
refused the whole section: ``PermissionDenied``, which the Wagtail admin turns
into a redirect to its dashboard with a message (an applicant or a visitor is
sent to the admin login before that). A manager asking for a call, a dossier, an
assignment or a review of another authority gets a 404: the object is loaded
through a queryset scoped to the authorities they belong to.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from applications.exceptions import ApplicationError
from applications.models import Application
from applications.staff.selectors import is_manager
from calls.models import Call
from calls.permissions import authority_ids_of
from core.time import PARIS

from ..models import Assignment, Review
from ..selectors import INSTRUCTION_STATES, application_in_instruction


class ManagerSectionMixin:
    """Managers and administrators only; objects are then scoped."""

    def dispatch(self, request, *args, **kwargs):
        if not is_manager(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def managed_calls(user) -> QuerySet[Call]:
    calls = Call.objects.select_related("authority")
    if user.is_superuser:
        return calls
    return calls.filter(authority_id__in=authority_ids_of(user))


def _scoped(queryset: QuerySet, user, path: str) -> QuerySet:
    if user.is_superuser:
        return queryset
    return queryset.filter(**{f"{path}__in": authority_ids_of(user)})


def call_or_404(user, pk) -> Call:
    try:
        return managed_calls(user).get(pk=pk)
    except Call.DoesNotExist:
        raise Http404 from None


def application_or_404(user, pk) -> Application:
    """A dossier in instruction (under review, reviewed or decided) of a call
    the user manages."""
    try:
        return application_in_instruction(user, pk)
    except Application.DoesNotExist:
        raise Http404 from None


def assignment_or_404(user, pk) -> Assignment:
    assignments = Assignment.objects.select_related(
        "reviewer",
        "application",
        "application__call",
        "application__call__authority",
        "application__organisation",
    ).filter(application__state__in=INSTRUCTION_STATES)
    try:
        return _scoped(assignments, user, "application__call__authority_id").get(pk=pk)
    except Assignment.DoesNotExist:
        raise Http404 from None


def review_or_404(user, pk) -> Review:
    reviews = Review.objects.select_related(
        "assignment",
        "assignment__reviewer",
        "assignment__application",
        "assignment__application__call",
        "assignment__application__call__authority",
    ).filter(assignment__application__state__in=INSTRUCTION_STATES)
    try:
        return _scoped(
            reviews, user, "assignment__application__call__authority_id"
        ).get(pk=pk)
    except Review.DoesNotExist:
        raise Http404 from None


def person_name(user) -> str:
    return user.get_full_name() or user.get_username()


def end_of_day(day: datetime.date | None) -> datetime.datetime | None:
    """A due date typed as a day means the end of that day in Paris."""
    if day is None:
        return None
    return datetime.datetime.combine(day, datetime.time(23, 59), tzinfo=PARIS)


def show_refusal(request, error: ApplicationError) -> list[str]:
    """The service's French message and reasons, as admin messages; returns the
    reasons for the page to list them too."""
    messages.error(request, str(error.message))
    return [str(reason) for reason in error.reasons]


def form_errors_message(request) -> None:
    messages.error(request, _("The form contains errors: check the fields."))


def call_breadcrumbs(call: Call, *tail: tuple[str, str]) -> list[dict]:
    items = [
        {"url": reverse("reviews_admin:calls"), "label": _("Instruction")},
        {
            "url": reverse("reviews_admin:table", args=[call.pk]),
            "label": call.reference,
        },
    ]
    items += [{"url": url, "label": label} for url, label in tail]
    return items
