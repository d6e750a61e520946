"""Read queries for the managers' side (Wagtail admin), with their prefetches.

Managers see the dossiers of the calls issued by the authorities they are staff
of; superusers see every dossier. Drafts stay private to the applicants until
they are submitted, so they never appear here.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from calls.models import Authority, Call, Territory
from core.activity import activity_for
from core.models import OutboundEmail
from core.search import matches, search_terms

from ..coverage import COMPETING_STATES, CallCoverage, TerritoryTree, call_coverage
from ..models import Application, ApplicationVersion, Attachment, Message
from ..permissions import MANAGERS_GROUP


def is_manager(user) -> bool:
    """May open the managers' side at all (the dossiers are then scoped)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.groups.filter(name=MANAGERS_GROUP).exists()


def _authorities_of(user) -> QuerySet:
    return Authority.staff.through.objects.filter(user_id=user.pk).values(
        "authority_id"
    )


def calls_managed_by(user) -> QuerySet[Call]:
    """The calls whose dossiers the user manages, for the list's call filter."""
    calls = Call.objects.order_by("-opens_at", "reference")
    if user.is_superuser:
        return calls
    if not is_manager(user):
        return calls.none()
    return calls.filter(authority_id__in=_authorities_of(user))


def applications_managed_by(user) -> QuerySet[Application]:
    """The dossiers the user manages that were submitted at least once (they
    have a version, whatever their state now): never a draft, withdrawn or not.

    Each row carries ``version_number``, the number of the version on record.
    """
    version_on_record = ApplicationVersion.objects.filter(
        application=OuterRef("pk")
    ).order_by("-number")
    applications = (
        Application.objects.with_version()
        .select_related("call", "call__authority", "organisation")
        .annotate(version_number=Subquery(version_on_record.values("number")[:1]))
        .order_by("-submitted_at", "-pk")
    )
    if user.is_superuser:
        return applications
    if not is_manager(user):
        return applications.none()
    return applications.filter(call__authority_id__in=_authorities_of(user))


def applications_matching(
    applications: QuerySet[Application], query: str
) -> QuerySet[Application]:
    """The dossiers of ``applications`` whose reference, title, lead organisation
    or its SIRET, SIREN or FINESS contain every term of ``query``, ignoring case
    and accents (« chenes » finds « Les Chênes »).

    The terms are compared in Python on the few columns of the dossiers the user
    manages (one query; some thousands of rows at most for an authority), so the
    search is the same on SQLite and PostgreSQL without the ``unaccent``
    extension or a column to keep in step.
    """
    terms = search_terms(query)
    if not terms:
        return applications
    rows = applications.order_by().values_list(
        "pk",
        "reference",
        "title",
        "organisation__name",
        "organisation__siret",
        "organisation__finess",
    )
    found = [pk for pk, *fields in rows if matches(terms, *fields)]
    return applications.filter(pk__in=found)


def application_managed_by(user, pk: int) -> Application:
    """One dossier for its manager's page; ``Application.DoesNotExist`` otherwise
    (the view answers 404: a manager of another authority learns nothing).

    ``versions`` come newest first; ``current_attachments`` are the files not
    superseded, ``thread`` the messages oldest first.
    """
    return (
        applications_managed_by(user)
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=ApplicationVersion.objects.order_by("-number")
                .select_related("submitted_by")
                .prefetch_related(
                    Prefetch(
                        "attachments",
                        queryset=Attachment.objects.order_by("uploaded_at", "pk"),
                    )
                ),
            ),
            Prefetch(
                "attachments",
                queryset=Attachment.objects.current().order_by("uploaded_at", "pk"),
                to_attr="current_attachments",
            ),
            Prefetch(
                "messages",
                queryset=Message.objects.select_related("author").order_by(
                    "created_at", "pk"
                ),
                to_attr="thread",
            ),
        )
        .get(pk=pk)
    )


def territories_by_pk(pks) -> dict[int, Territory]:
    """The territories named in answers, by primary key (one query)."""
    wanted = {pk for pk in pks if isinstance(pk, int)}
    if not wanted:
        return {}
    return Territory.objects.in_bulk(wanted)


# Coverage and overlaps (a fixed number of queries whatever the dossiers) ------


def call_for_manager(user, pk: int) -> Call:
    """The call if the user manages it; ``Call.DoesNotExist`` otherwise (→ 404)."""
    return (
        calls_managed_by(user)
        .select_related("authority")
        .prefetch_related("territories")
        .get(pk=pk)
    )


def _count(applications: QuerySet[Application]) -> Subquery:
    """How many of ``applications`` belong to the outer call (one subquery)."""
    return Coalesce(
        Subquery(
            applications.filter(call=OuterRef("pk"))
            .order_by()
            .values("call")
            .annotate(total=Count("pk"))
            .values("total")
        ),
        0,
    )


def calls_with_counts(user):
    """The calls the user manages, each with ``submitted_count`` (received and not
    ruled out: ``Application.objects.submitted``), ``competing_count`` (those
    claiming territories: submitted but not rejected) and ``ruled_out_count``
    (received, then withdrawn or inadmissible). Drafts count nowhere."""
    submitted = Application.objects.submitted()
    return calls_managed_by(user).annotate(
        submitted_count=_count(submitted),
        competing_count=_count(submitted.filter(state__in=COMPETING_STATES)),
        ruled_out_count=_count(Application.objects.ruled_out()),
    )


def _versions_on_record() -> QuerySet[ApplicationVersion]:
    """Each dossier's latest version only (one query for all the dossiers), with
    the fields the coverage reads."""
    latest = (
        ApplicationVersion.objects.filter(application=OuterRef("application"))
        .order_by("-number")
        .values("pk")[:1]
    )
    return ApplicationVersion.objects.filter(pk=Subquery(latest)).only(
        "pk", "application_id", "number", "territories", "partners", "lead"
    )


def coverage_for_call(user, call: Call) -> tuple[TerritoryTree, CallCoverage]:
    """The call's coverage and overlaps, from each dossier's version on record
    (its territories, partners and lead as submitted), never the live draft."""
    applications = (
        applications_managed_by(user)
        .filter(call=call)
        .prefetch_related(
            Prefetch(
                "versions", queryset=_versions_on_record(), to_attr="record_versions"
            )
        )
    )
    return call_coverage(
        territories=Territory.objects.all(),
        call_territories=call.territories.all(),
        applications=applications,
    )


def emails_about(application: Application) -> QuerySet[OutboundEmail]:
    """The outbox's emails about the dossier, newest first: what its managers
    check when an applicant says an email never arrived."""
    return OutboundEmail.objects.filter(
        context_ref=f"applications.application:{application.pk}"
    ).order_by("-created_at", "-pk")


# What the applicants change in a dossier (its governance and files): staff see
# these changes once a version holds them, never while they are a draft.
APPLICANT_CHANGE_ACTIONS = ("partner.", "file.", "lead.", "steering.")


def activity_on_record(application: Application, version) -> QuerySet:
    """The dossier's activity as its managers see it: the applicants' changes
    made after the version on record are left out until they are submitted."""
    entries = activity_for(application)
    if version is None:
        return entries.none()
    unsubmitted = Q()
    for prefix in APPLICANT_CHANGE_ACTIONS:
        unsubmitted |= Q(action__startswith=prefix)
    return entries.exclude(unsubmitted & Q(created_at__gt=version.submitted_at))
