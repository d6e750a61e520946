"""Steps every dossier service shares: lock the row, mark it changed.

Private to ``applications.services``; other apps use the public
``application_lock`` and ``application_transition``.
"""

from __future__ import annotations

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
