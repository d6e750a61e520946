"""Private files served by Django, once the caller has checked the permission."""

from __future__ import annotations

from django.http import FileResponse, Http404


def private_file_response(file, filename: str, content_type: str) -> FileResponse:
    """A download of ``file`` under ``filename``; 404 when the file is missing.

    The caller checks who may read it; the response is never cached by a shared
    cache and never sniffed into another type by the browser.
    """
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
