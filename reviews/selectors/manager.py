"""What a manager sees of the instruction: their calls with its progress, a
dossier in instruction, and the reviewers they may assign."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from applications.models import Application
from applications.permissions import MANAGERS_GROUP, REVIEWERS_GROUP
from calls.models import Call
from calls.permissions import authority_ids_of

from ..models import Assignment
from ._annotations import (
    ACTIVE_STATUSES,
    INSTRUCTION_STATES,
    Progress,
    with_progress,
    with_scores,
)
from .instruction import current_assignments_prefetch


@dataclass(frozen=True)
class CallProgress:
    call: Call
    dossiers: int
    to_assign: int
    in_progress: int
    ready: int
    completed: int
    flagged: int


def _managed_authority_ids(user) -> frozenset[int] | None:
    """``None`` for every authority (an administrator); else those the user
    manages (a manager who is staff of them)."""
    if not (user.is_authenticated and user.is_active):
        return frozenset()
    if user.is_superuser:
        return None
    if not user.groups.filter(name=MANAGERS_GROUP).exists():
        return frozenset()
    return authority_ids_of(user)


def _managed(queryset, user, lookup: str):
    authority_ids = _managed_authority_ids(user)
    if authority_ids is None:
        return queryset
    return queryset.filter(**{f"{lookup}__in": authority_ids})


def calls_in_instruction(user) -> list[CallProgress]:
    """The calls the user manages that have dossiers in instruction, with the
    count of dossiers at each step: three queries whatever the numbers."""
    applications = _managed(
        Application.objects.filter(state__in=INSTRUCTION_STATES),
        user,
        "call__authority_id",
    )
    counts = (
        with_progress(with_scores(applications.order_by()))
        .values("call_id", "progress")
        .annotate(
            dossiers=Count("pk"),
            flagged_count=Count("pk", filter=Q(flagged=True)),
        )
        .order_by()
    )
    by_call: dict[int, dict[str, int]] = {}
    for line in counts:
        tally = by_call.setdefault(line["call_id"], dict.fromkeys(Progress.ALL, 0))
        tally[line["progress"]] += line["dossiers"]
        tally["flagged"] = tally.get("flagged", 0) + line["flagged_count"]
    calls = Call.objects.filter(pk__in=by_call).select_related("authority")
    return [
        CallProgress(
            call=call,
            dossiers=sum(by_call[call.pk][key] for key in Progress.ALL),
            to_assign=by_call[call.pk][Progress.TO_ASSIGN],
            in_progress=by_call[call.pk][Progress.IN_PROGRESS],
            ready=by_call[call.pk][Progress.READY],
            completed=by_call[call.pk][Progress.COMPLETED],
            flagged=by_call[call.pk]["flagged"],
        )
        for call in calls.order_by("-opens_at", "reference")
    ]


def application_in_instruction(user, pk: int) -> Application:
    """A dossier in instruction of a call the user manages, with its call,
    lead organisation, frozen consolidation, consensus note and current
    assignments; ``Application.DoesNotExist`` otherwise (the view answers 404).
    """
    applications = _managed(
        Application.objects.filter(state__in=INSTRUCTION_STATES),
        user,
        "call__authority_id",
    )
    return (
        applications.select_related(
            "call", "call__authority", "organisation", "consolidation"
        )
        .prefetch_related(current_assignments_prefetch())
        .get(pk=pk)
    )


def eligible_reviewers(call) -> QuerySet:
    """Active reviewers (group « Instructeurs ») on the staff of the call's
    authority, by last name then first name."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=REVIEWERS_GROUP,
            authorities=call.authority_id,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def reviewer_loads(call) -> dict[int, int]:
    """``{reviewer pk: active assignments in the call}`` (reviewers without
    any are absent)."""
    return dict(
        Assignment.objects.filter(application__call=call, status__in=ACTIVE_STATUSES)
        .order_by()
        .values("reviewer")
        .annotate(count=Count("pk"))
        .values_list("reviewer", "count")
    )
