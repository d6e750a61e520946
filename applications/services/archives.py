"""The download of a version's ZIP: logged like each of its files."""

from __future__ import annotations

from django.db import transaction

from core.activity import activity_record

from .. import permissions
from ..exceptions import PermissionRefused
from ..models import Application, ApplicationVersion, DownloadLog


@transaction.atomic
def version_archive_record(
    *, application: Application, user, version: ApplicationVersion
) -> None:
    """Record who downloaded the ZIP of ``version``: one download per file (the
    proof each file was received) and one entry in the dossier's history."""
    if version.application_id != application.pk:
        raise PermissionRefused()
    attachments = list(version.attachments.all())
    if not all(
        permissions.can_download_attachment(user, application, attachment)
        for attachment in attachments
    ):
        raise PermissionRefused()
    DownloadLog.objects.bulk_create(
        DownloadLog(user=user, application=application, attachment=attachment)
        for attachment in attachments
    )
    activity_record(
        actor=user,
        action="version.archive_downloaded",
        target=version,
        scope=application,
        details={"files": len(attachments)},
    )
