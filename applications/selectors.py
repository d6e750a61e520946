"""Read queries on dossiers, with their prefetches."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django_fsm_log.models import StateLog

from organisations.enums import MembershipStatus

from . import permissions
from .changes import Change, unsubmitted_changes
from .models import Application, ApplicationVersion, Attachment


def applications_for_user(user) -> QuerySet[Application]:
    """The dossiers of the user's organisations, for the espace porteur."""
    return (
        Application.objects.filter(
            organisation__memberships__user_id=user.pk,
            organisation__memberships__status=MembershipStatus.ACTIVE,
        )
        .select_related("call", "call__authority", "organisation")
        .distinct()
        .order_by("-updated_at")
    )


def application_for_user(user, pk: int) -> Application:
    """One dossier of the user's organisations; ``Application.DoesNotExist`` otherwise
    (views answer 404, never 403, so that they reveal nothing)."""
    return (
        applications_for_user(user)
        .select_related("created_by")  # its history's first line
        .prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.current(),
                to_attr="current_attachments",
            ),
            "versions",
            "territories",
        )
        .get(pk=pk)
    )


def application_for_viewer(user, pk: int) -> Application:
    """A dossier the user may read: an applicant of its organisation or a manager of
    its call. ``Application.DoesNotExist`` otherwise (views answer 404)."""

    application = (
        Application.objects.select_related("call__authority", "organisation")
        .filter(pk=pk)
        .first()
    )
    if application is None or not permissions.can_view_application(user, application):
        raise Application.DoesNotExist
    return application


def messages_for_application(application) -> QuerySet:
    return application.messages.select_related("author").order_by("created_at", "pk")


def application_history(application) -> QuerySet:
    """The dossier's audit trail (django-fsm-log), oldest first."""

    return (
        StateLog.objects.for_(application)
        .select_related("by")
        .order_by("timestamp", "pk")
    )


def version_on_record(application) -> ApplicationVersion | None:
    """The dossier's latest submitted version: what staff read and review.

    Uses the dossier's prefetched ``versions`` when the selector loaded them.
    """
    prefetched = getattr(application, "_prefetched_objects_cache", {})
    if "versions" in prefetched:
        versions = prefetched["versions"]
        return max(versions, key=lambda version: version.number, default=None)
    return application.versions.order_by("-number").first()


def applications_for_espace(user) -> QuerySet[Application]:
    """The espace's dossiers with what ``changes.unsubmitted_changes`` compares
    (versions, partners, steering body, current files): a fixed number of
    queries whatever the number of dossiers."""
    return applications_for_user(user).prefetch_related(
        Prefetch(
            "versions",
            queryset=ApplicationVersion.objects.prefetch_related("attachments"),
        ),
        Prefetch(
            "attachments",
            queryset=Attachment.objects.current(),
            to_attr="current_attachments",
        ),
        "partners",
        "steering_members",
        "call__required_documents",
    )


def unsubmitted_changes_of(application) -> list[Change]:
    """What the applicant changed since the version on record (``[]`` for a
    dossier never submitted)."""
    return unsubmitted_changes(application, version_on_record(application))
