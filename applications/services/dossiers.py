"""Use cases that change a dossier's content and state: the only callers of
transitions.

Each service is keyword-only and atomic: it locks the dossier's row, checks
permission and conditions, runs the transition, saves, leaves one audit row
(django-fsm-log) and queues emails and PDFs once the transaction commits. When it
refuses, it raises an ``ApplicationError`` with a French message and changes
nothing.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from calls.models import Call
from calls.publication import is_published
from core.transactions import queue_on_commit
from organisations.models import Organisation

from .. import permissions
from ..emails import event_email_enqueue
from ..enums import ApplicationState, ScanStatus
from ..exceptions import (
    CallClosed,
    CallNotOffered,
    PermissionRefused,
    SubmissionRefused,
    TransitionRefused,
)
from ..identity import lead_snapshot
from ..models import Application, ApplicationVersion
from ..policies import editing_problem
from ..questionnaire import iter_questions, territory_ids
from ..signals import inadmissibility_declared
from ..submission import submission_problems
from ._transactions import lock_row

# What other apps (reviews) build on ------------------------------------------------


def application_lock(
    *, application: Application, seen_version: int | None = None
) -> Application:
    """The dossier's row, locked until the caller's transaction ends.

    Refused with ``ApplicationChanged`` when the dossier changed since the caller
    read it (``seen_version``, else the instance's ``lock_version``).
    """
    return lock_row(application, seen_version)


def application_transition(
    *,
    application: Application,
    transition: str,
    user,
    comment: str = "",
    notify: str | None = None,
    **kwargs,
) -> Application:
    """Run one transition of a dossier locked by :func:`application_lock`.

    Checks the transition's conditions (``TransitionRefused`` otherwise), writes
    its audit row (who, when, from, to, ``comment``), bumps ``lock_version``,
    saves, and queues the ``notify`` email event once the transaction commits.
    The caller holds the transaction and has checked the user's permission.
    """
    method = getattr(application, transition)
    if not can_proceed(method):
        raise TransitionRefused()
    method(by=user, description=comment, **kwargs)
    application.lock_version += 1
    application.save()
    if notify:
        _notify(application, notify)
    return application


def _notify(application: Application, event: str) -> None:
    event_email_enqueue(application=application, event=event)


# Drafts --------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *, call: Call, organisation: Organisation, user, title: str
) -> Application:
    if not permissions.is_member(user, organisation):
        raise PermissionRefused(_("You are not a member of this organisation."))
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not call.is_open():
        raise CallClosed(_("This call is not open: no dossier can be created."))
    if not is_published(call):
        raise CallNotOffered()
    title = (title or "").strip()
    if not title:
        raise SubmissionRefused(_("Give the project a title."))
    last = call.applications.aggregate(last=Max("sequence"))["last"] or 0
    sequence = last + 1
    return Application.objects.create(
        call=call,
        organisation=organisation,
        created_by=user,
        sequence=sequence,
        reference=f"{call.reference}-{sequence:04d}",
        title=title[:255],
    )


def lock_for_editing(application: Application, user) -> Application:
    """The dossier's row, locked, once the applicant may edit it now.

    For the services that change what a dossier holds (files, partners) without
    a transition; call it inside their transaction.
    """
    if not permissions.is_applicant_of(user, application):
        raise PermissionRefused()
    locked = (
        Application.objects.select_for_update()
        .select_related("call__authority", "organisation")
        .get(pk=application.pk)
    )
    problem = editing_problem(locked)
    if problem:
        raise TransitionRefused(problem)
    return locked


@transaction.atomic
def application_update(
    *,
    application: Application,
    user,
    title: str | None = None,
    answers: dict | None = None,
    requested_amount: Decimal | None = None,
    territories=None,
) -> Application:
    """Save what the applicant typed; ``answers`` are merged into the stored ones."""
    if not permissions.is_applicant_of(user, application):
        raise PermissionRefused()
    locked = lock_row(application)
    problem = editing_problem(locked)
    if problem:
        raise TransitionRefused(problem)
    if title is not None and title.strip():
        locked.title = title.strip()[:255]
    if answers:
        locked.answers = {**locked.answers, **answers}
    if requested_amount is not None:
        locked.requested_amount = requested_amount
    locked.lock_version += 1
    locked.save()
    if territories is None and answers:
        territories = _answered_territories(locked)
    if territories is not None:
        locked.territories.set(territories)
    return locked


def _answered_territories(application: Application) -> set[int]:
    """The territories a dossier covers: those named by its territory questions."""
    return {
        pk
        for question in iter_questions(application.call)
        if question.kind == "territory"
        for pk in territory_ids(question, application.answers.get(question.key))
    }


# Submission ------------------------------------------------------------------------


def _freeze_version(
    application: Application, user, declaration: str = ""
) -> ApplicationVersion:
    number = application.versions.count() + 1
    version = ApplicationVersion.objects.create(
        application=application,
        number=number,
        submitted_at=application.submitted_at,
        submitted_by=user,
        declaration=(declaration or "").strip(),
        title=application.title,
        answers=application.answers,
        requested_amount=application.requested_amount,
        territories=list(application.territories.values_list("pk", flat=True)),
        lead_category=application.lead_category,
        steering_members=[
            {
                "name": member.name,
                "function": member.function,
                "organisation": member.organisation,
            }
            for member in application.steering_members.all()
        ],
        lead=lead_snapshot(application.organisation),
        partners=[
            {
                "id": partner.pk,
                "name": partner.name,
                "siret": partner.siret,
                "finess": partner.finess,
                "category": partner.category,
                "role": partner.role,
                "contact_name": partner.contact_name,
                "contact_email": partner.contact_email,
                "commitment_status": partner.commitment_status,
                "commitment_method": partner.commitment_method,
                "decline_reason": partner.decline_reason,
                "responded_at": (
                    partner.responded_at.isoformat() if partner.responded_at else None
                ),
            }
            for partner in application.partners.all()
        ],
    )
    # Only files the antivirus found clean (submission_problems refuses a pending one).
    version.attachments.set(
        application.attachments.current().filter(scan_status=ScanStatus.CLEAN)
    )
    # Each version gets its receipt once the submission commits.
    queue_on_commit("applications.receipt_generate", version_id=version.pk)
    return version


@transaction.atomic
def application_submit(
    *,
    application: Application,
    user,
    seen_version: int | None = None,
    declaration: str = "",
) -> ApplicationVersion:
    """Submit a draft, or submit again a submitted dossier before the call closes.

    Each submission freezes a new version and queues its receipt. ``seen_version``
    is the ``lock_version`` of the page the applicant submitted from: a second click
    on the same page submits once. ``declaration`` is the declaration on honour the
    applicant certified (the pages require it), kept word for word on the version.
    """
    if not permissions.is_applicant_of(user, application):
        raise PermissionRefused()
    locked = lock_row(application, seen_version)
    if locked.state not in {ApplicationState.DRAFT, ApplicationState.SUBMITTED}:
        raise TransitionRefused()
    if not locked.call.is_open():
        raise CallClosed()
    if not is_published(locked.call):
        raise CallNotOffered()
    problems = submission_problems(locked)
    if problems:
        raise SubmissionRefused(reasons=problems)
    transition = "submit" if locked.state == ApplicationState.DRAFT else "resubmit"
    application_transition(application=locked, transition=transition, user=user)
    version = _freeze_version(locked, user, declaration)
    return version


@transaction.atomic
def application_provide_complements(
    *,
    application: Application,
    user,
    seen_version: int | None = None,
    declaration: str = "",
    comment: str = "",
) -> ApplicationVersion:
    """Send the complements: a new version, and the dossier back to « submitted ».

    ``comment``, the applicant's word to the agency, is kept in the transition's
    log (the dossier's history) and sent to the managers with the notice.
    """
    if not permissions.is_applicant_of(user, application):
        raise PermissionRefused()
    locked = lock_row(application, seen_version)
    problem = editing_problem(locked)
    if locked.state == ApplicationState.COMPLEMENTS_REQUESTED and problem:
        raise TransitionRefused(problem)
    problems = submission_problems(locked) if not problem else []
    if problems:
        raise SubmissionRefused(reasons=problems)
    comment = (comment or "").strip()
    application_transition(
        application=locked,
        transition="provide_complements",
        user=user,
        comment=comment,
    )
    version = _freeze_version(locked, user, declaration)
    event_email_enqueue(
        application=locked,
        event="complements_provided",
        context={"comment": comment, "version": version},
    )
    return version


@transaction.atomic
def application_withdraw(
    *, application: Application, user, reason: str, seen_version: int | None = None
) -> Application:
    if not permissions.is_applicant_of(user, application):
        raise PermissionRefused()
    reason = (reason or "").strip()
    if not reason:
        raise TransitionRefused(_("Give the reason for the withdrawal."))
    locked = lock_row(application, seen_version)
    application_transition(
        application=locked,
        transition="withdraw",
        user=user,
        comment=reason,
        notify="withdrawn",
    )
    return locked


# Manager's actions -------------------------------------------------------------------


def _check_manager(user, application: Application) -> None:
    if not permissions.is_manager_of_call(user, application.call):
        raise PermissionRefused()


@transaction.atomic
def application_request_complements(
    *,
    application: Application,
    user,
    message: str,
    due_at: datetime,
    seen_version: int | None = None,
) -> Application:
    _check_manager(user, application)
    message = (message or "").strip()
    if not message:
        raise TransitionRefused(_("List what is missing in the message."))
    if due_at is None or due_at <= timezone.now():
        raise TransitionRefused(_("The due date must be in the future."))
    locked = lock_row(application, seen_version)
    application_transition(
        application=locked,
        transition="request_complements",
        user=user,
        comment=message,
        notify="complements_requested",
        due_at=due_at,
    )
    return locked


@transaction.atomic
def application_declare_inadmissible(
    *,
    application: Application,
    user,
    motivation: str,
    seen_version: int | None = None,
    notify_now: bool = True,
) -> Application:
    """Declare the dossier inadmissible, with its motivation. Its decision
    letter (``inadmissibility_declared``) is notified at once, or with the
    call's release when ``notify_now`` is false."""
    _check_manager(user, application)
    motivation = (motivation or "").strip()
    if not motivation:
        raise TransitionRefused(_("An inadmissibility must be motivated."))
    locked = lock_row(application, seen_version)
    application_transition(
        application=locked,
        transition="declare_inadmissible",
        user=user,
        comment=motivation,
    )
    inadmissibility_declared.send(
        sender=Application, application=locked, user=user, notify_now=notify_now
    )
    return locked


@transaction.atomic
def application_start_review(
    *, application: Application, user, seen_version: int | None = None
) -> Application:
    _check_manager(user, application)
    locked = lock_row(application, seen_version)
    application_transition(
        application=locked,
        transition="start_review",
        user=user,
        comment=_("Dossier declared admissible."),
        notify="review_started",
    )
    return locked
