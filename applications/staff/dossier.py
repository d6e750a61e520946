"""The dossier page of the managers' side, and the actions taken from it.

GET shows the dossier; each action posts to its own URL, calls one service with
the ``seen_version`` the manager saw, and redirects with a success message. A
refusal re-renders the page with the Wagtail error message and the form as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.formatting import euros
from core.time import paris_datetime_short

from .. import permissions, services
from ..enums import ApplicationState
from ..exceptions import ApplicationChanged, ApplicationError
from ..forms.staff import (
    DeclareInadmissibleForm,
    MessageForm,
    RequestComplementsForm,
    StartReviewForm,
)
from ..history import history_entries, state_label, with_activity
from ..models import Application
from ..policies import staff_transitions_allowed
from ..selectors import application_history, version_on_record
from ..services import message_post
from .listing import ManagerRequiredMixin
from .reading import version_reading
from .selectors import (
    activity_on_record,
    application_managed_by,
    emails_about,
)


@dataclass(frozen=True)
class Action:
    name: str  # the URL segment
    transition: str  # the Application method that can_proceed checks
    label: str
    form_class: type
    # An irreversible action: its form leads to a confirmation page, which says
    # what will happen (``consequences``) and posts the form again, confirmed.
    consequences: str = ""
    target_state: str = ""

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.consequences)


ACTIONS = {
    action.name: action
    for action in (
        Action(
            "complements",
            "request_complements",
            _("Request complements"),
            RequestComplementsForm,
        ),
        Action(
            "inadmissible",
            "declare_inadmissible",
            _("Declare inadmissible"),
            DeclareInadmissibleForm,
            consequences=_(
                "The dossier is closed: it will not be reviewed and the applicant can "
                "no longer change it. A decision letter, with the motivation below "
                "and the means and time limits of appeal, is generated and sent to "
                "the applicant when chosen below; the motivation also shows on "
                "their dossier page and in its history. This cannot be undone."
            ),
            target_state=ApplicationState.INADMISSIBLE,
        ),
        Action(
            "review",
            "start_review",
            _("Start the review"),
            StartReviewForm,
            consequences=_(
                "The dossier is declared admissible and its review begins: the "
                "applicant can no longer change it nor send a new version, and is told "
                "by email. Reviewers can then be assigned to it. This cannot be "
                "undone."
            ),
            target_state=ApplicationState.UNDER_REVIEW,
        ),
    )
}


def allowed_actions(user, application: Application) -> list[Action]:
    """The actions this user may take on the dossier now (state and permission)."""
    allowed = set(staff_transitions_allowed(user, application))
    return [action for action in ACTIONS.values() if action.transition in allowed]


def attachment_download_url(application: Application, attachment) -> str:
    """The download view of the espace porteur, which checks managers too."""
    return reverse(
        "applications:attachment_download", args=[application.pk, attachment.pk]
    )


def receipt_url(application: Application, version) -> str:
    return reverse(
        "applications:receipt_download", args=[application.pk, version.number]
    )


class DossierView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/staff/dossier.html"
    header_icon = "folder-open-inverse"
    # The form being posted (bound), shown again as typed when refused.
    posted_action: Action | None = None
    posted_form = None
    message_form = None

    def get(self, request, *args, **kwargs):
        self.application = self.load()
        return super().get(request, *args, **kwargs)

    def load(self) -> Application:
        try:
            return application_managed_by(self.request.user, self.kwargs["pk"])
        except Application.DoesNotExist:
            raise Http404 from None

    def get_page_title(self):
        return self.application.reference

    def get_page_subtitle(self):
        return self.application.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("dossiers_admin:index"), "label": _("Dossiers")},
            {"url": "", "label": self.application.reference},
        ]

    @cached_property
    def version_on_record(self):
        return version_on_record(self.application)

    def action_forms(self) -> list[tuple[Action, object, str]]:
        forms = []
        for action in allowed_actions(self.request.user, self.application):
            if self.posted_action == action:
                form = self.posted_form
            else:
                form = action.form_class(application=self.application)
            url = reverse(
                "dossiers_admin:action", args=[self.application.pk, action.name]
            )
            forms.append((action, form, url))
        return forms

    def answers_context(self) -> dict:
        application, version = self.application, self.version_on_record
        context = version_reading(
            application,
            version,
            file_url=lambda attachment: attachment_download_url(
                application, attachment
            ),
        )
        if version is not None:
            context["archive_url"] = reverse(
                "applications:version_archive", args=[application.pk, version.number]
            )
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        context.update(self.answers_context())
        context.update(
            application=application,
            state_label=state_label(application.state),
            submitted_at=paris_datetime_short(application.submitted_at),
            complements_due_at=paris_datetime_short(application.complements_due_at),
            version=self.version_on_record,
            versions=[
                (
                    version,
                    paris_datetime_short(version.submitted_at),
                    receipt_url(application, version),
                )
                for version in application.versions.all()
            ],
            history=with_activity(
                history_entries(application, application_history(application)),
                activity_on_record(application, self.version_on_record),
            ),
            thread=[
                (message, paris_datetime_short(message.created_at))
                for message in application.thread
            ],
            action_forms=self.action_forms(),
            emails=list(emails_about(application)),
        )
        version = self.version_on_record
        amount = version.requested_amount if version else application.requested_amount
        if amount is not None:
            context["requested_amount"] = euros(amount)
        if permissions.is_manager_of_call(self.request.user, application.call):
            context["message_form"] = self.message_form or MessageForm()
            context["message_url"] = reverse(
                "dossiers_admin:message", args=[application.pk]
            )
        return context


class DossierPostView(DossierView):
    """A form posted from the dossier page; GET falls back to the page."""

    def get(self, request, *args, **kwargs):
        return redirect("dossiers_admin:detail", pk=kwargs["pk"])

    def show_refusal(self, error: ApplicationError) -> None:
        messages.error(self.request, str(error.message))
        for reason in error.reasons:
            messages.error(self.request, str(reason))


class DossierMessageView(DossierPostView):
    def post(self, request, *args, **kwargs):
        self.application = self.load()
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                message_post(
                    application=self.application,
                    user=request.user,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                )
            except ApplicationError as error:
                self.show_refusal(error)
            else:
                messages.success(request, _("Message sent to the applicant."))
                return redirect("dossiers_admin:detail", pk=self.application.pk)
        else:
            messages.error(request, _("The form contains errors: check the fields."))
        self.message_form = form
        return self.render_to_response(self.get_context_data())


class DossierActionView(DossierPostView):
    """POST one action's form: request complements, inadmissible, start review."""

    def post(self, request, *args, **kwargs):
        action = ACTIONS.get(kwargs["action"])
        if action is None:
            raise Http404
        self.application = self.load()
        form = action.form_class(request.POST, application=self.application)
        if form.is_valid():
            if action.needs_confirmation and not form.cleaned_data["confirmed"]:
                return self.confirmation(action, form)
            try:
                self.perform(action, form.cleaned_data)
            except ApplicationError as error:
                form = self.refused(error, action, form)
            else:
                messages.success(request, self.success_message(action))
                return redirect("dossiers_admin:detail", pk=self.application.pk)
        else:
            messages.error(request, _("The form contains errors: check the fields."))
        self.posted_action, self.posted_form = action, form
        return self.render_to_response(self.get_context_data())

    def confirmation(self, action: Action, form):
        """The page that recaps the action and posts it again, confirmed."""
        self.template_name = "applications/staff/confirm_action.html"
        context = self.get_context_data()
        context.update(
            action=action,
            form=form,
            target_state_label=state_label(action.target_state),
            confirm_url=reverse(
                "dossiers_admin:action", args=[self.application.pk, action.name]
            ),
        )
        return self.render_to_response(context)

    def get_page_title(self):
        if self.template_name.endswith("confirm_action.html"):
            return _("Confirm: %(reference)s") % {
                "reference": self.application.reference
            }
        return super().get_page_title()

    def perform(self, action: Action, data: dict) -> None:
        common = {
            "application": self.application,
            "user": self.request.user,
            "seen_version": data["seen_version"],
        }
        if action.name == "complements":
            services.application_request_complements(
                **common, message=data["message"], due_at=data["due_at"]
            )
        elif action.name == "inadmissible":
            services.application_declare_inadmissible(
                **common,
                motivation=data["motivation"],
                notify_now=data["notify"]
                != DeclareInadmissibleForm.NOTIFY_WITH_RELEASE,
            )
        else:
            services.application_start_review(**common)

    def refused(self, error: ApplicationError, action: Action, form):
        """Show the refusal; the form to show again keeps what the manager typed."""
        self.show_refusal(error)
        if not isinstance(error, ApplicationChanged):
            return form
        # The page shown next is read afresh and shows what the other manager
        # did: from now on, that is the version this manager has seen.
        self.application = self.load()
        data = form.data.copy()
        data[form.add_prefix("seen_version")] = self.application.lock_version
        return action.form_class(data, application=self.application)

    def success_message(self, action: Action) -> str:
        texts = {
            "complements": _("Complements requested from the applicant of %(ref)s."),
            "inadmissible": _("Dossier %(ref)s declared inadmissible."),
            "review": _("Review of dossier %(ref)s started."),
        }
        return str(texts[action.name]) % {"ref": self.application.reference}
