"""The managers' actions on one assignment or one review: remove, replace,
override a detected conflict, reopen a submitted review.

Each is a form with a required reason (GET shows it), then a confirmation page
that recaps the consequence (the form posted without ``confirmed``), then the
service (the form posted again, confirmed). A refusal shows the form again as
typed with the service's French message and reasons.
"""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.time import paris_datetime_short

from .. import services
from ..conflicts import detect_conflicts
from ..exceptions import ReviewError
from ..forms.manager import ReasonForm, ReplaceForm
from ..models import Assignment
from ..selectors import eligible_reviewers
from .manager_common import (
    ManagerSectionMixin,
    assignment_or_404,
    call_breadcrumbs,
    end_of_day,
    form_errors_message,
    person_name,
    review_or_404,
    show_refusal,
)
from .manager_dossier import progress_label


class ConfirmedActionView(ManagerSectionMixin, WagtailAdminTemplateMixin, TemplateView):
    """GET the form; POST it (recap); POST it confirmed (the service)."""

    template_name = "reviews/manager/action.html"
    header_icon = "tasks"
    form_class = ReasonForm
    action_label = ""
    consequences = ""
    success_message = ""
    danger = False

    def load(self):
        raise NotImplementedError

    def get_form(self, data=None):
        return self.form_class(data)

    def perform(self, data: dict):
        raise NotImplementedError

    def setup_object(self):
        self.obj = self.load()
        self.assignment = getattr(self.obj, "assignment", self.obj)
        self.application = self.assignment.application
        self.call = self.application.call

    def get(self, request, *args, **kwargs):
        self.setup_object()
        return self.render_page(self.get_form())

    def post(self, request, *args, **kwargs):
        self.setup_object()
        form = self.get_form(request.POST)
        if not form.is_valid():
            form_errors_message(request)
            return self.render_page(form)
        if not form.cleaned_data.get("confirmed"):
            return self.render_page(form, confirming=True)
        try:
            self.perform(form.cleaned_data)
        except ReviewError as error:
            reasons = show_refusal(request, error)
            return self.render_page(form, refusal=error.message, reasons=reasons)
        messages.success(request, self.success_message)
        return redirect("reviews_admin:dossier", pk=self.application.pk)

    def recap(self) -> list[tuple[str, str]]:
        assignment = self.assignment
        rows = [
            (_("Dossier"), f"{self.application.reference} — {self.application.title}"),
            (_("Lead organisation"), self.application.organisation.name),
            (_("Reviewer"), person_name(assignment.reviewer)),
            (_("Status"), progress_label(assignment)),  # « Submitted », « Draft »…
        ]
        if assignment.due_at:
            rows.append((_("Due date"), paris_datetime_short(assignment.due_at)))
        return rows

    def render_page(self, form, *, confirming=False, refusal="", reasons=()):
        context = self.get_context_data(
            form=form,
            confirming=confirming,
            refusal=refusal,
            reasons=list(reasons),
            recap=self.recap(),
            consequences=self.consequences,
            action_label=self.action_label,
            danger=self.danger,
            application=self.application,
            action_url=self.request.path,
            cancel_url=reverse("reviews_admin:dossier", args=[self.application.pk]),
        )
        return self.render_to_response(context)

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return self.application.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *call_breadcrumbs(
                self.call,
                (
                    reverse("reviews_admin:dossier", args=[self.application.pk]),
                    self.application.reference,
                ),
                ("", self.action_label),
            ),
        ]


class AssignmentRemoveView(ConfirmedActionView):
    action_label = _("Remove the reviewer")
    consequences = _(
        "The reviewer is taken off the dossier and told by email; their review, "
        "draft or submitted, no longer counts in the consolidated score. The "
        "assignment stays on record with the reason. This cannot be undone: to "
        "bring them back, assign them again."
    )
    success_message = _("The reviewer was removed from the dossier.")
    danger = True

    def load(self):
        return assignment_or_404(self.request.user, self.kwargs["pk"])

    def perform(self, data):
        services.assignment_remove(
            assignment=self.obj, user=self.request.user, reason=data["reason"]
        )


class AssignmentReplaceView(ConfirmedActionView):
    form_class = ReplaceForm
    action_label = _("Replace the reviewer")
    consequences = _(
        "The current reviewer is taken off the dossier (their review no longer "
        "counts) and the new reviewer is assigned in their place; both are told "
        "by email. This cannot be undone."
    )
    success_message = _("The reviewer was replaced.")

    def load(self):
        return assignment_or_404(self.request.user, self.kwargs["pk"])

    def candidates(self):
        """Eligible reviewers of the call not already on the dossier."""
        taken = Assignment.objects.current().filter(application=self.application)
        return eligible_reviewers(self.call).exclude(pk__in=taken.values("reviewer_id"))

    def get_form(self, data=None):
        return ReplaceForm(data, reviewers=self.candidates())

    def recap(self):
        rows = super().recap()
        form = getattr(self, "_form", None)
        if form is not None and form.is_valid():
            rows.append((_("New reviewer"), person_name(form.cleaned_data["reviewer"])))
            conflicts = detect_conflicts(
                form.cleaned_data["reviewer"], self.application
            )
            rows += [(_("Detected conflict"), c.reason) for c in conflicts]
        return rows

    def render_page(self, form, **kwargs):
        self._form = form
        return super().render_page(form, **kwargs)

    def perform(self, data):
        services.assignment_replace(
            assignment=self.obj,
            reviewer=data["reviewer"],
            user=self.request.user,
            reason=data["reason"],
            due_at=end_of_day(data.get("due_at")) or self.kept_due_at(),
        )

    def kept_due_at(self):
        """The replaced reviewer's due date, while it is still ahead."""
        due_at = self.obj.due_at
        return due_at if due_at and due_at > timezone.now() else None


class ConflictOverrideView(ConfirmedActionView):
    action_label = _("Override the detected conflict")
    consequences = _(
        "The tie Sillon detected is recorded as not being a conflict of interest: "
        "the reviewer stays on the dossier and the assignment is no longer "
        "flagged. The reason is logged."
    )
    success_message = _("The detected conflict was overridden.")

    def load(self):
        return assignment_or_404(self.request.user, self.kwargs["pk"])

    def recap(self):
        rows = super().recap()
        conflicts = detect_conflicts(self.assignment.reviewer, self.application)
        rows += [(_("Detected conflict"), c.reason) for c in conflicts]
        return rows

    def perform(self, data):
        services.conflict_override(
            assignment=self.obj, user=self.request.user, reason=data["reason"]
        )


class ReviewReopenView(ConfirmedActionView):
    action_label = _("Reopen the review")
    consequences = _(
        "The review goes back to draft: the reviewer can change it and must "
        "submit it again; until then it no longer counts in the consolidated "
        "score. The reviewer is told by email, with the reason."
    )
    success_message = _("The review was reopened.")

    def load(self):
        return review_or_404(self.request.user, self.kwargs["pk"])

    def recap(self):
        rows = super().recap()
        review = self.obj
        if review.total is not None:
            rows.append((_("Total on 100"), f"{review.total:.1f}".replace(".", ",")))
        if review.submitted_at:
            rows.append(
                (_("Review submitted at"), paris_datetime_short(review.submitted_at))
            )
        return rows

    def perform(self, data):
        services.review_reopen(
            review=self.obj, user=self.request.user, reason=data["reason"]
        )
