"""The dossier's files: the upload page and the downloads of files and receipts.

Every private file is served through Django after the permission check, and
another organisation's dossier, file or receipt answers 404, never 403.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core.files import private_file_response

from .. import permissions
from ..exceptions import ApplicationError
from ..models import Application, Attachment
from ..policies import editing_problem
from ..questionnaire import iter_questions
from ..services import (
    attachment_add,
    download_record,
    receipt_filename,
)
from ..uploads import accept_attribute, rename_notice, type_labels
from .loading import (
    own_dossier_or_404,
    viewable_dossier_or_404,
    viewable_version_or_404,
)

# The upload page ---------------------------------------------------------------------


@dataclass
class Slot:
    """One file the dossier holds or should hold: a required document or a file
    question, with its current file."""

    key: str
    label: str
    help_text: str
    mandatory: bool
    allowed_types: list[str]
    max_size_mb: int
    current: Attachment | None
    required_document: object | None = None
    question_key: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def allowed_types_display(self) -> str:
        return type_labels(self.allowed_types)

    @property
    def accept(self) -> str:
        return accept_attribute(self.allowed_types)


def attachment_slots(application: Application) -> list[Slot]:
    current = application.current_attachments  # prefetched by the selector
    by_document = {a.required_document_id: a for a in current if a.required_document_id}
    by_question = {a.question_key: a for a in current if a.question_key}
    slots = [
        Slot(
            key=f"document-{document.pk}",
            label=document.label,
            help_text=document.help_text,
            mandatory=document.mandatory,
            allowed_types=list(document.allowed_types),
            max_size_mb=document.max_size_mb,
            current=by_document.get(document.pk),
            required_document=document,
        )
        for document in application.call.required_documents.all()
    ]
    slots += [
        Slot(
            key=f"question-{question.key}",
            label=question.label,
            help_text=question.settings.get("help_text") or "",
            mandatory=question.required,
            allowed_types=list(question.settings.get("allowed_types") or ["pdf"]),
            max_size_mb=int(question.settings.get("max_size_mb") or 10),
            current=by_question.get(question.key),
            question_key=question.key,
        )
        for question in iter_questions(application.call)
        if question.kind == "file"
    ]
    return slots


class UploadForm(forms.Form):
    slot = forms.CharField(max_length=120)
    # Empty files reach check_upload, which explains the refusal like the others.
    file = forms.FileField(
        allow_empty_file=True,
        error_messages={"required": gettext_lazy("Choose a file to upload.")},
    )


def _upload(request: HttpRequest, application: Application, slots: list[Slot]):
    """Handle the posted file; a redirect on success, else the page's error."""
    form = UploadForm(request.POST, request.FILES)
    slot = next((s for s in slots if s.key == request.POST.get("slot")), None)
    if slot is None:
        return None, ApplicationError(_("Choose the document this file is for."))
    if not form.is_valid():
        slot.errors = [str(e) for errors in form.errors.values() for e in errors]
        return None, None
    uploaded_file = form.cleaned_data["file"]
    try:
        attachment = attachment_add(
            application=application,
            user=request.user,
            uploaded_file=uploaded_file,
            required_document=slot.required_document,
            question_key=slot.question_key,
        )
    except ValidationError as error:
        slot.errors = list(error.messages)
        return None, None
    except ApplicationError as error:
        return None, error
    messages.success(
        request,
        _("The file « %(name)s » was added to « %(label)s ».")
        % {"name": attachment.original_name, "label": slot.label},
    )
    notice = rename_notice(
        uploaded_file.name, attachment.original_name, attachment.content_type
    )
    if notice:
        messages.warning(request, notice)
    return redirect("applications:dossier_attachments", pk=application.pk), None


@login_required
@require_http_methods(["GET", "POST"])
def dossier_attachments(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_dossier_or_404(request.user, pk)
    slots = attachment_slots(application)
    error = None
    if request.method == "POST":
        response, error = _upload(request, application, slots)
        if response is not None:
            return response
    context = {
        "application": application,
        "call": application.call,
        "slots": slots,
        "missing": [s for s in slots if s.mandatory and s.current is None],
        "editing_problem": editing_problem(application),
        "error": error,
        "failed_slot": next((s for s in slots if s.errors), None),
    }
    return render(request, "applications/files/attachments.html", context)


# Downloads -----------------------------------------------------------------------


@login_required
@require_GET
@never_cache
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int):
    application = viewable_dossier_or_404(request.user, pk)
    attachment = get_object_or_404(
        Attachment, pk=attachment_pk, application=application
    )
    if not permissions.can_download_attachment(request.user, application, attachment):
        raise Http404
    if permissions.attachment_quarantined(request.user, application, attachment):
        return render(
            request,
            "applications/files/quarantined.html",
            {"application": application, "attachment": attachment},
            status=409,
        )
    response = private_file_response(
        attachment.file, attachment.original_name, attachment.content_type
    )
    download_record(application=application, user=request.user, attachment=attachment)
    return response


@login_required
@require_GET
@never_cache
def receipt_download(request: HttpRequest, pk: int, number: int):
    version = viewable_version_or_404(request.user, pk, number)
    application = version.application
    if not version.receipt:
        raise Http404
    response = private_file_response(
        version.receipt, receipt_filename(version), "application/pdf"
    )
    download_record(application=application, user=request.user, version=version)
    return response
