"""The applicant's dossier pages: create one, read it, fill it in step by step,
submit it, provide complements, withdraw it.

Every page loads the dossier through ``application_for_user``: another
organisation's dossier answers 404. Each POST calls one service; a refusal is shown
with what the user typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_fsm import can_proceed

from calls.models import Call
from calls.publication import is_published
from calls.selectors import call_list
from organisations.selectors import organisations_for_user

from .. import services
from ..changes import grouped
from ..enums import ApplicationState
from ..exceptions import (
    ApplicationError,
    CallNotOffered,
    SubmissionRefused,
    TransitionRefused,
)
from ..forms.dossiers import (
    ComplementsForm,
    DossierCreateForm,
    DossierSummaryForm,
    SectionForm,
    SubmitForm,
    WithdrawForm,
)
from ..history import history_entries
from ..identity import version_lead
from ..models import Application
from ..policies import applicant_actions, editing_problem
from ..questionnaire import answer_sections, iter_sections
from ..record import version_files
from ..selectors import (
    application_history,
    unsubmitted_changes_of,
    version_on_record,
)
from .loading import own_dossier_or_404

TEMPLATES = "applications/dossiers/"

# Loading ------------------------------------------------------------------------


def _detail(application: Application) -> HttpResponse:
    return redirect("applications:dossier_detail", application.pk)


def _detail_context(application: Application) -> dict:
    actions = applicant_actions(application)
    return {
        "application": application,
        "call": application.call,
        "editing_problem": actions.editing_problem,
        "missing": actions.missing,
        "can_edit": actions.can_edit,
        "can_submit": actions.can_submit,
        "can_provide_complements": actions.can_provide_complements,
        "can_withdraw": actions.can_withdraw,
        "sections": answer_sections(
            application.call, application.answers, application.current_attachments
        ),
        "versions": list(application.versions.all()),
        "history": history_entries(application, application_history(application)),
        "seen_version": application.lock_version,
        "governance": actions.governance,
        **_changes_context(application),
    }


def _changes_context(application: Application) -> dict:
    """What changed since the version on record, for the banner."""
    changes = unsubmitted_changes_of(application)
    return {
        "unsubmitted_changes": grouped(changes),
        "unsubmitted_count": len(changes),
        "record_version": version_on_record(application),
    }


def _saved_message(application: Application) -> str:
    """After a save: a submitted dossier's changes are not transmitted yet."""
    if version_on_record(application) is None:
        return _("Your answers are saved.")
    if application.state == ApplicationState.COMPLEMENTS_REQUESTED:
        return _(
            "Your changes are saved but not yet transmitted to the agency: send "
            "the complements to transmit them."
        )
    return _(
        "Your changes are saved but not yet transmitted to the agency: submit a "
        "new version of the dossier to transmit them."
    )


def _render_detail(
    request: HttpRequest, application: Application, *, refused=None
) -> HttpResponse:
    context = {**_detail_context(application), "refused": refused}
    return render(request, TEMPLATES + "detail.html", context)


# Pages -------------------------------------------------------------------------


@login_required
def dossier_create(request: HttpRequest) -> HttpResponse:
    try:
        call = call_list().get(pk=int(request.GET.get("call", "")))
    except (ValueError, Call.DoesNotExist):
        raise Http404(_("No such call.")) from None
    if not call.is_open() or not is_published(call):
        messages.error(
            request,
            _("This call is not open: no dossier can be created.")
            if not call.is_open()
            else CallNotOffered.default_message,
        )
        page = getattr(call, "page", None)
        url = page.get_url(request) if page is not None and page.live else None
        return redirect(url or reverse("applications:home"))
    organisations = organisations_for_user(request.user).order_by("name")
    if not organisations.exists():
        messages.info(
            request,
            _(
                "A dossier is filed on behalf of an organisation: register yours, or "
                "ask to join it, then come back to this call."
            ),
        )
        return redirect("organisations:create")
    error = None
    form = DossierCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                call=call, user=request.user, **form.cleaned_data
            )
        except ApplicationError as refused:
            error = refused
        else:
            messages.success(
                request,
                _("Dossier %(reference)s created. Fill in its first step.")
                % {"reference": application.reference},
            )
            return redirect("applications:dossier_step", application.pk, 1)
    return render(
        request, TEMPLATES + "create.html", {"call": call, "form": form, "error": error}
    )


@login_required
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, own_dossier_or_404(request.user, pk))


@login_required
def dossier_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    application = own_dossier_or_404(request.user, pk)
    version = next((v for v in application.versions.all() if v.number == number), None)
    if version is None:
        raise Http404(_("No such version of this dossier."))
    attachments = list(version.attachments.all())
    return render(
        request,
        TEMPLATES + "version.html",
        {
            "application": application,
            "version": version,
            "attachments": attachments,
            "files": version_files(application, version),
            "sections": answer_sections(application.call, version.answers, attachments),
            "lead": version_lead(version),
        },
    )


def _step_target(application: Application, step: int, count: int, action: str):
    if action != "continue":
        return reverse("applications:dossier_step", args=[application.pk, step])
    if step < count:
        return reverse("applications:dossier_step", args=[application.pk, step + 1])
    return reverse("applications:dossier_detail", args=[application.pk])


def _step_forms(application: Application, step: int, questions, data, read_only):
    """The step's questions form and, on step 1, the title and amount form."""
    form = SectionForm(
        data,
        questions=questions,
        call=application.call,
        answers=application.answers,
        files_present={a.question_key for a in application.current_attachments},
        read_only=read_only,
    )
    if step != 1:
        return form, None
    summary = DossierSummaryForm(
        data,
        initial={
            "title": application.title,
            "requested_amount": application.requested_amount,
        },
        read_only=read_only,
    )
    return form, summary


def _step_navigation(application: Application, sections: list, step: int) -> dict:
    steps = [
        {
            "number": number,
            "title": title,
            "url": reverse("applications:dossier_step", args=[application.pk, number]),
        }
        for number, (_index, title, _questions) in enumerate(sections, start=1)
    ]
    return {
        "steps": steps,
        "intro": (
            application.call.questionnaire[step - 1].value.get("intro")
            if sections
            else ""
        ),
        "next_title": steps[step]["title"] if step < len(steps) else "",
        "previous_url": steps[step - 2]["url"] if step > 1 else "",
    }


@login_required
def dossier_step(request: HttpRequest, pk: int, step: int) -> HttpResponse:
    application = own_dossier_or_404(request.user, pk)
    sections = list(iter_sections(application.call))
    count = max(len(sections), 1)  # step 1 always holds the title and the amount
    if not 1 <= step <= count:
        raise Http404(_("No such step."))
    _index, title, questions = sections[step - 1] if sections else (0, "", [])
    problem = editing_problem(application, at=timezone.now())
    data = request.POST if request.method == "POST" else None
    form, summary = _step_forms(application, step, questions, data, problem is not None)
    error = None
    # Both forms are validated so that every error shows at once.
    if data is not None and all(
        [form.is_valid(), summary is None or summary.is_valid()]
    ):
        try:
            services.application_update(
                application=application,
                user=request.user,
                answers=form.answers(),
                **(summary.cleaned_data if summary else {}),
            )
        except ApplicationError as refused:
            error = refused
        else:
            messages.success(request, _saved_message(application))
            action = data.get("action", "")
            return redirect(_step_target(application, step, count, action))
    return render(
        request,
        TEMPLATES + "step.html",
        {
            **_step_navigation(application, sections, step),
            "application": application,
            "step": step,
            "count": count,
            "title": title or _("The project"),
            "form": form,
            "summary_form": summary,
            "editing_problem": problem,
            "error": error,
            **_changes_context(application),
        },
    )


def _documents(application: Application) -> list[dict]:
    """The call's required documents, each with the files the dossier holds now."""
    current = list(application.current_attachments)
    return [
        {
            "document": document,
            "files": [a for a in current if a.required_document_id == document.pk],
        }
        for document in application.call.required_documents.all()
    ]


def _confirm_version(
    request: HttpRequest, pk: int, *, form_class, allowed: str, service, success
) -> HttpResponse:
    """The recap and confirmation of a new version (submit, send complements).

    GET shows what will be sent and the form; POST needs the form valid (the
    declaration on honour ticked) to run ``service``. ``allowed`` names the
    ``applicant_actions`` flag that offers the action now.
    """
    application = own_dossier_or_404(request.user, pk)
    if request.method == "POST":
        form = form_class(request.POST, application=application)
        if form.is_valid():
            try:
                version = service(
                    application=application,
                    user=request.user,
                    **form.service_arguments(),
                )
            except SubmissionRefused as refused:
                return _render_detail(request, application, refused=refused)
            except ApplicationError as refused:
                messages.error(request, str(refused))
                return _detail(application)
            messages.success(request, success % {"number": version.number})
            return _detail(application)
    else:
        form = form_class(
            application=application,
            initial={"seen_version": application.lock_version},
        )
    context = _detail_context(application)
    return render(
        request,
        TEMPLATES + "confirm_version.html",
        {
            **context,
            "allowed": context[allowed],
            "complements": allowed == "can_provide_complements",
            "form": form,
            "partners": list(application.partners.all()),
            "documents": _documents(application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_version(
        request,
        pk,
        form_class=SubmitForm,
        allowed="can_submit",
        service=services.application_submit,
        success=_(
            "Your dossier is submitted (version %(number)d). The acknowledgement of "
            "receipt will arrive by email; it is also available on this page."
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def dossier_provide_complements(request: HttpRequest, pk: int) -> HttpResponse:
    return _confirm_version(
        request,
        pk,
        form_class=ComplementsForm,
        allowed="can_provide_complements",
        service=services.application_provide_complements,
        success=_(
            "Your complements are sent to the agency (version %(number)d). The "
            "acknowledgement of receipt will arrive by email; it is also available "
            "on this page."
        ),
    )


@login_required
def dossier_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = own_dossier_or_404(request.user, pk)
    if not can_proceed(application.withdraw):
        messages.error(request, TransitionRefused.default_message)
        return _detail(application)
    error = None
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            try:
                services.application_withdraw(
                    application=application, user=request.user, **form.cleaned_data
                )
            except ApplicationError as refused:
                error = refused
                # The page now shows the dossier as it is: the reason typed stays.
                application = own_dossier_or_404(request.user, pk)
                form = WithdrawForm(
                    {
                        "reason": form.cleaned_data["reason"],
                        "seen_version": application.lock_version,
                    }
                )
            else:
                messages.success(request, _("Your dossier is withdrawn."))
                return _detail(application)
    else:
        form = WithdrawForm(initial={"seen_version": application.lock_version})
    return render(
        request,
        TEMPLATES + "withdraw.html",
        {"application": application, "form": form, "error": error},
    )
