"""The activity log: one append-only row per change that is not a transition.

``activity_record`` is its only writer; ``activity_for`` its reader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import ActivityEntry
from .transactions import require_transaction

# "partner.added", "review.score_changed": an object, a dot, what happened.
ACTION_PATTERN = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


def _reference(obj: models.Model) -> tuple[ContentType, str]:
    if obj.pk is None:
        raise ValueError(f"Cannot log an unsaved {type(obj).__name__}.")
    return ContentType.objects.get_for_model(obj), str(obj.pk)


def activity_record(
    *,
    actor,
    action: str,
    target: models.Model,
    scope: models.Model | None = None,
    details: Mapping[str, Any] | None = None,
) -> ActivityEntry:
    """Append one entry: ``actor`` did ``action`` to ``target``.

    Must be called inside the transaction that makes the change, so the entry
    exists if and only if the change does. ``scope`` is the object whose history
    shows the entry (the dossier a partner belongs to); it defaults to
    ``target``. An anonymous actor (e.g. a partner following a token link) is
    recorded as ``None``.
    """
    require_transaction("activity_record")
    if not ACTION_PATTERN.fullmatch(action):
        raise ValueError(f"Invalid action {action!r}: expected e.g. 'partner.added'.")
    if actor is not None and not actor.is_authenticated:
        actor = None
    target_type, target_id = _reference(target)
    scope_type, scope_id = _reference(scope if scope is not None else target)
    return ActivityEntry.objects.create(
        actor=actor,
        action=action,
        target_content_type=target_type,
        target_object_id=target_id,
        target_repr=str(target),
        scope_content_type=scope_type,
        scope_object_id=scope_id,
        details=dict(details or {}),
    )


def activity_for(scope: models.Model) -> QuerySet[ActivityEntry]:
    """The history of ``scope``, oldest first, with each entry's actor."""
    scope_type, scope_id = _reference(scope)
    return (
        ActivityEntry.objects.filter(
            scope_content_type=scope_type, scope_object_id=scope_id
        )
        .select_related("actor")
        .order_by("created_at", "pk")
    )
