"""A reviewer's downloads of the version on record: checked and logged."""

from __future__ import annotations

from applications.models import Attachment, DownloadLog
from applications.selectors import version_on_record

from .. import permissions
from ..exceptions import ReviewPermissionRefused
from ..models import Assignment


def reviewer_attachment(
    *, assignment: Assignment, user, attachment_pk: int
) -> Attachment:
    """A file of the version on record of a dossier the reviewer has accepted,
    else ``ReviewPermissionRefused``."""
    if not permissions.can_read_dossier(user, assignment):
        raise ReviewPermissionRefused()
    version = version_on_record(assignment.application)
    attachment = (
        version.attachments.filter(pk=attachment_pk).first() if version else None
    )
    if attachment is None:
        raise ReviewPermissionRefused()
    return attachment


def reviewer_download_record(
    *, assignment: Assignment, user, attachment: Attachment
) -> DownloadLog:
    """Log that the reviewer downloaded ``attachment`` (checked again here)."""
    attachment = reviewer_attachment(
        assignment=assignment, user=user, attachment_pk=attachment.pk
    )
    return DownloadLog.objects.create(
        user=user, application=assignment.application, attachment=attachment
    )
