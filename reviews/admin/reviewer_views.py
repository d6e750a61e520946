"""The reviewer's pages: their dossiers, a dossier's page (the attestation, then
the version on record, their review, the other reviews and the thread), the
conflict declaration, the files and the thread's messages.

Nothing of a dossier but its reference, call and the names of its organisations
shows before the reviewer attests that they have no conflict of interest.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications.identity import version_lead
from applications.record import recorded_partners
from applications.selectors import version_on_record
from applications.staff.reading import version_reading
from core.files import private_file_response
from core.formatting import number_text
from core.time import paris_datetime, paris_datetime_short

from .. import permissions, services
from ..enums import AssignmentStatus, Recommendation
from ..exceptions import ReviewError
from ..forms.reviewer import ConflictDeclareForm, ThreadMessageForm
from ..selectors import assignments_of_reviewer, peer_reviews, review_thread
from .reviewer_access import (
    ReviewerRequiredMixin,
    assignment_for_reviewer,
    assignment_rows,
    is_overdue,
    own_review,
    status_label,
    total_text,
)


def show_refusal(request, error: ReviewError) -> None:
    messages.error(request, str(error.message))
    for reason in error.reasons:
        messages.error(request, str(reason))


def home_url() -> str:
    return reverse("reviews_admin:reviewer_home")


def assignment_url(assignment) -> str:
    return reverse("reviews_admin:assignment", args=[assignment.pk])


class ReviewerPage(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "clipboard-list"


class ReviewerHomeView(ReviewerPage):
    template_name = "reviews/reviewer/home.html"
    page_title = _("My dossiers to review")

    def get_breadcrumbs_items(self):
        # The header shows the last item: the page's own title, not « Home ».
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = assignment_rows(assignments_of_reviewer(self.request.user))
        return context


# A dossier's page -----------------------------------------------------------------


def review_lines(review, criteria) -> list[dict]:
    """A review's score and comment per criterion, in the grid's order."""
    scores = {score.criterion_id: score for score in review.scores.all()}
    lines = []
    for criterion in criteria:
        score = scores.get(criterion.pk)
        value = score.value if score else None
        lines.append(
            {
                "criterion": criterion,
                "score": "" if value is None else number_text(value),
                "comment": score.comment if score else "",
            }
        )
    return lines


def review_display(review, criteria) -> dict:
    return {
        "review": review,
        "lines": review_lines(review, criteria),
        "total": total_text(review.total),
        "recommendation": (
            str(Recommendation(review.recommendation).label)
            if review.recommendation
            else ""
        ),
        "submitted_at": paris_datetime(review.submitted_at),
        "reviewer_name": (
            review.assignment.reviewer.get_full_name()
            or review.assignment.reviewer.get_username()
        ),
    }


class AssignmentPage(ReviewerPage):
    """A page about one of the reviewer's assignments, loaded scoped to them
    (404 otherwise); its context is the summary every such page shows."""

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_reviewer(request.user):
            return super().dispatch(request, *args, **kwargs)
        self.assignment = assignment_for_reviewer(request.user, kwargs["pk"])
        self.application = self.assignment.application
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return self.application.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": home_url(), "label": _("My dossiers to review")},
            {"url": "", "label": self.application.reference},
        ]

    @cached_property
    def version(self):
        return version_on_record(self.application)

    @cached_property
    def criteria(self) -> list:
        return list(self.application.call.criteria.all())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.assignment
        context.update(
            assignment=assignment,
            application=self.application,
            call=self.application.call,
            due_at=paris_datetime_short(assignment.due_at),
            overdue=is_overdue(assignment),
            status=status_label(assignment),
            pending=assignment.status == AssignmentStatus.PENDING,
        )
        return context


class AssignmentView(AssignmentPage):
    """Before the attestation, the names needed to judge a conflict; after, the
    version on record, the reviewer's review, and (when allowed) the other
    reviews and the thread."""

    template_name = "reviews/reviewer/assignment.html"
    thread_form = None

    def attestation_context(self) -> dict:
        """Only what judging a conflict needs: the organisations' names."""
        version = self.version
        if version is None:
            return {
                "lead_name": self.application.organisation.name,
                "partner_names": [],
            }
        return {
            "lead_name": version_lead(version).name,
            "partner_names": [p.name for p in recorded_partners(version)],
        }

    def dossier_context(self) -> dict:
        """The version on record, read-only (as the managers' page shows it)."""
        return version_reading(
            self.application,
            self.version,
            file_url=lambda attachment: reverse(
                "reviews_admin:attachment_download",
                args=[self.assignment.pk, attachment.pk],
            ),
        )

    def review_context(self) -> dict:
        user, assignment = self.request.user, self.assignment
        review = own_review(assignment)
        context = {
            "review": review,
            "own_review": (
                review_display(review, self.criteria)
                if review is not None and review.is_submitted
                else None
            ),
            "can_score": permissions.can_score(user, assignment),
            "sees_peers": permissions.can_see_peer_reviews(user, assignment),
        }
        if context["sees_peers"]:
            context["peer_reviews"] = [
                review_display(peer, self.criteria) for peer in peer_reviews(assignment)
            ]
            context["thread"] = [
                (message, paris_datetime(message.created_at))
                for message in review_thread(self.application)
            ]
            context["thread_form"] = self.thread_form or ThreadMessageForm()
        return context

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment = self.assignment
        context["version"] = self.version
        if assignment.status == AssignmentStatus.PENDING:
            context.update(self.attestation_context())
        elif permissions.can_read_dossier(self.request.user, assignment):
            context.update(self.dossier_context())
            context.update(self.review_context())
        return context


class AssignmentAcceptView(AssignmentPage):
    """POST: the reviewer attests they have no conflict of interest."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            services.assignment_accept(assignment=self.assignment, user=request.user)
        except ReviewError as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                _(
                    "You attested that you have no conflict of interest with "
                    "%(reference)s: its content is now open to you."
                )
                % {"reference": self.application.reference},
            )
        return redirect(assignment_url(self.assignment))


class ConflictDeclareView(AssignmentPage):
    """The form (a required reason), then a confirmation page that recaps what
    happens, then ``conflict_declare``."""

    template_name = "reviews/reviewer/conflict_declare.html"

    def get_page_title(self):
        return _("Declare a conflict of interest: %(reference)s") % {
            "reference": self.application.reference
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ConflictDeclareForm())
        return context

    def post(self, request, *args, **kwargs):
        form = ConflictDeclareForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        if not form.cleaned_data["confirmed"]:
            self.template_name = "reviews/reviewer/conflict_confirm.html"
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.conflict_declare(
                assignment=self.assignment,
                user=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ReviewError as error:
            show_refusal(request, error)
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(
            request,
            _(
                "Your conflict of interest with %(reference)s is declared: the "
                "dossier is no longer in your list and the managers of the call "
                "have been told."
            )
            % {"reference": self.application.reference},
        )
        return redirect(home_url())


class ThreadPostView(AssignmentView):
    """POST a message to the dossier's reviewers; a refusal shows the page again
    with the message as typed."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not permissions.can_see_peer_reviews(request.user, self.assignment):
            raise Http404
        form = ThreadMessageForm(request.POST)
        if form.is_valid():
            try:
                services.review_message_post(
                    application=self.application,
                    user=request.user,
                    body=form.cleaned_data["body"],
                )
            except ReviewError as error:
                show_refusal(request, error)
            else:
                messages.success(request, _("Your message was posted."))
                return redirect(assignment_url(self.assignment) + "#thread")
        else:
            messages.error(request, _("The form contains errors: check the fields."))
        self.thread_form = form
        return self.render_to_response(self.get_context_data())


@method_decorator(never_cache, name="dispatch")
class AttachmentDownloadView(ReviewerRequiredMixin, View):
    """A file of the version on record of a dossier the reviewer has accepted;
    every download is logged. 404 for anything else."""

    http_method_names = ["get"]

    def get(self, request, pk: int, attachment_pk: int):
        assignment = assignment_for_reviewer(request.user, pk)
        try:
            attachment = services.reviewer_attachment(
                assignment=assignment, user=request.user, attachment_pk=attachment_pk
            )
        except ReviewError:
            raise Http404 from None
        response = private_file_response(
            attachment.file, attachment.original_name, attachment.content_type
        )
        services.reviewer_download_record(
            assignment=assignment, user=request.user, attachment=attachment
        )
        return response
