"""The ZIP of a submitted version's files: for its applicants and for the
managers who may read the dossier, checked like each file's download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .. import permissions
from ..archives import archive_filename, version_archive
from ..services import version_archive_record
from .loading import viewable_version_or_404


@login_required
@require_GET
@never_cache
def version_archive_download(request: HttpRequest, pk: int, number: int):
    version = viewable_version_or_404(request.user, pk, number)
    application = version.application
    if not all(
        permissions.can_download_attachment(request.user, application, attachment)
        for attachment in version.attachments.all()
    ):
        raise Http404
    try:
        archive = version_archive(application, version)
    except FileNotFoundError:
        raise Http404 from None
    version_archive_record(application=application, user=request.user, version=version)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=archive_filename(version),
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
