"""Steps every dossier service shares: lock the row, queue work on commit.

Private to ``applications.services``; other apps use the public
``application_lock`` and ``application_transition``.
"""

from __future__ import annotations

from celery import current_app
from django.db import transaction

from ..exceptions import ApplicationChanged
from ..models import Application


def lock_row(application: Application, seen_version: int | None = None) -> Application:
    """The dossier's row, locked; refused if it changed since the caller read it."""
    locked = (
        Application.objects.select_for_update()
        .select_related("call", "call__authority", "organisation")
        .get(pk=application.pk)
    )
    expected = application.lock_version if seen_version is None else seen_version
    if locked.lock_version != expected:
        raise ApplicationChanged()
    return locked


def touch(application: Application) -> None:
    """Record that the dossier changed: pages opened before now are stale."""
    application.lock_version += 1
    application.save(update_fields=["lock_version", "updated_at"])


def queue_on_commit(task_name: str, **kwargs) -> None:
    """Queue the Celery task ``task_name`` once the transaction commits.

    By name, so that the services need not import the tasks that call them.
    Robust: once the dossier is saved, a failure to queue (or, with eager Celery,
    to run) the follow-up work is logged, never shown as a failed action. The
    tasks are idempotent and can be run again.
    """
    transaction.on_commit(
        lambda: current_app.signature(task_name, kwargs=kwargs).delay(), robust=True
    )
