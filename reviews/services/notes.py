"""The reviewers' thread on a dossier and the manager's consensus note."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from applications.enums import ApplicationState
from core.activity import activity_record

from .. import permissions
from ..exceptions import ReviewError, ReviewPermissionRefused
from ..models import Assignment, ConsensusNote, ReviewMessage
from ._common import require_manager, require_text

MAX_MESSAGE = 5000
MAX_NOTE = 10000
OPEN_STATES = (ApplicationState.UNDER_REVIEW, ApplicationState.REVIEWED)


def _require_open(application) -> None:
    if application.state not in OPEN_STATES:
        raise ReviewError(_("The instruction of this dossier is over."))


def can_join_thread(user, application) -> bool:
    """The dossier's managers, and its reviewers who may see the other reviews."""
    if permissions.can_manage_instruction(user, application.call):
        return True
    assignment = (
        Assignment.objects.current()
        .filter(application=application, reviewer_id=getattr(user, "pk", None))
        .select_related("review", "application__call")
        .first()
    )
    return assignment is not None and permissions.can_see_peer_reviews(user, assignment)


@transaction.atomic
def review_message_post(*, application, user, body: str) -> ReviewMessage:
    """A message in the thread of the dossier's reviewers and managers."""
    if not can_join_thread(user, application):
        raise ReviewPermissionRefused()
    body = require_text(body, _("Write your message."))
    if len(body) > MAX_MESSAGE:
        raise ReviewError(
            _("A message holds at most %(max)d characters.") % {"max": MAX_MESSAGE}
        )
    _require_open(application)
    message = ReviewMessage.objects.create(
        application=application, author=user, body=body
    )
    activity_record(
        actor=user, action="review_message.posted", target=message, scope=application
    )
    return message


@transaction.atomic
def consensus_note_save(*, application, user, text: str) -> ConsensusNote:
    """Write or rewrite the manager's note on the dossier for the committee."""
    require_manager(user, application.call)
    text = require_text(text, _("Write the consensus note."))
    if len(text) > MAX_NOTE:
        raise ReviewError(
            _("A consensus note holds at most %(max)d characters.") % {"max": MAX_NOTE}
        )
    _require_open(application)
    note, created = ConsensusNote.objects.update_or_create(
        application=application, defaults={"text": text, "updated_by": user}
    )
    activity_record(
        actor=user,
        action="consensus_note.written" if created else "consensus_note.changed",
        target=note,
        scope=application,
    )
    return note
