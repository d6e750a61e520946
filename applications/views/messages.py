"""The dossier's thread: notifications and messages, and writing to the other side."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import permissions, selectors
from ..exceptions import ApplicationError
from ..services import message_post
from ..services.messages import MESSAGE_BODY_MAX_LENGTH, MESSAGE_SUBJECT_MAX_LENGTH
from .loading import viewable_dossier_or_404


class MessageForm(forms.Form):
    subject = forms.CharField(
        label=gettext_lazy("Subject"),
        max_length=MESSAGE_SUBJECT_MAX_LENGTH,
        error_messages={"required": gettext_lazy("Give the message a subject.")},
    )
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=MESSAGE_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": gettext_lazy("Write the message.")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_messages(request: HttpRequest, pk: int) -> HttpResponse:
    """Applicants of the dossier and managers of its call read and write here."""
    application = viewable_dossier_or_404(request.user, pk)
    form = MessageForm(request.POST or None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            message_post(
                application=application,
                user=request.user,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
            )
        except ApplicationError as refused:
            error = refused
        else:
            messages.success(request, _("Your message was sent."))
            return redirect("applications:dossier_messages", pk=application.pk)
    context = {
        "application": application,
        "call": application.call,
        "thread": selectors.messages_for_application(application),
        "form": form,
        "error": error,
        "is_applicant": permissions.is_applicant_of(request.user, application),
        "body_max_length": MESSAGE_BODY_MAX_LENGTH,
    }
    return render(request, "applications/messages/thread.html", context)
