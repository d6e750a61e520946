"""A dossier's instruction, for its managers: the reviewers and their reviews,
the chart of the criteria's scores, the consolidated score, the consensus note,
the reviewers' thread, and the completion of the review.

The consensus note and the thread's messages post to their own URLs
(``consensus_note``, ``manager_thread_post``); a refusal or an invalid form
shows the page again with the form as typed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications.enums import ApplicationState
from core.time import paris_datetime_short

from .. import services
from ..charts import criterion_chart_svg
from ..conflicts import detect_conflicts
from ..enums import AssignmentStatus, ReviewerProgress, ReviewStatus
from ..exceptions import ReviewError
from ..forms.manager import ConfirmedForm, ConsensusNoteForm, ThreadMessageForm
from ..models import Assignment, ConsensusNote, ReviewMessage
from ..scoring import consolidate
from ..selectors import criterion_chart
from ..selectors.notification import manager_decision_notice
from .manager_common import (
    ManagerSectionMixin,
    application_or_404,
    call_breadcrumbs,
    form_errors_message,
    person_name,
    show_refusal,
)


def progress_of(assignment: Assignment) -> str:
    """What the table says of one reviewer on one dossier."""
    if assignment.status == AssignmentStatus.CONFLICT:
        return ReviewerProgress.CONFLICT
    review = getattr(assignment, "review", None)
    if review is None:
        return ReviewerProgress.TO_DO
    if review.status == ReviewStatus.SUBMITTED:
        return ReviewerProgress.SUBMITTED
    return ReviewerProgress.DRAFT


def progress_label(assignment: Assignment) -> str:
    if assignment.status == AssignmentStatus.PENDING:
        return str(AssignmentStatus.PENDING.label)
    return str(ReviewerProgress(progress_of(assignment)).label)


def decimal_text(value, places: int = 1) -> str:
    """« 87,5 »: a score the French way; « — » without one."""
    if value is None:
        return "—"
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    # Half up, as ``floatformat`` rounds the reviewers' totals beside it.
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return f"{number:f}".replace(".", ",")


@dataclass
class ReviewerBlock:
    assignment: Assignment
    name: str
    progress: str
    due_at: str
    review: object = None
    scores: list = field(default_factory=list)  # [(criterion, Score | None)]
    conflicts: list = field(default_factory=list)  # [French reasons]

    @property
    def submitted(self) -> bool:
        return self.review is not None and self.review.status == ReviewStatus.SUBMITTED


def reviewer_blocks(application, criteria) -> list[ReviewerBlock]:
    assignments = (
        Assignment.objects.current()
        .filter(application=application)
        .select_related("reviewer", "review")
        .prefetch_related("review__scores")
    )
    blocks = []
    for assignment in assignments:
        review = getattr(assignment, "review", None)
        by_criterion = (
            {s.criterion_id: s for s in review.scores.all()} if review else {}
        )
        conflicts = []
        if assignment.is_active and not assignment.conflict_override_reason:
            conflicts = [
                c.reason for c in detect_conflicts(assignment.reviewer, application)
            ]
        blocks.append(
            ReviewerBlock(
                assignment=assignment,
                name=person_name(assignment.reviewer),
                progress=progress_label(assignment),
                due_at=paris_datetime_short(assignment.due_at),
                review=review,
                scores=[(c, by_criterion.get(c.pk)) for c in criteria],
                conflicts=conflicts,
            )
        )
    return blocks


class DossierInstructionView(
    ManagerSectionMixin, WagtailAdminTemplateMixin, TemplateView
):
    template_name = "reviews/manager/dossier.html"
    header_icon = "doc-full-inverse"
    note_form = None
    message_form = None

    def get(self, request, *args, **kwargs):
        self.application = application_or_404(request.user, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return self.application.reference

    def get_page_subtitle(self):
        return self.application.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *call_breadcrumbs(self.application.call, ("", self.application.reference)),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        call = application.call
        criteria = list(call.criteria.all())
        blocks = reviewer_blocks(application, criteria)
        totals = [
            b.review.total
            for b in blocks
            if b.submitted and b.assignment.status == AssignmentStatus.ACCEPTED
        ]
        consolidated = consolidate(totals, call.spread_threshold)
        chart = criterion_chart(application)
        note = ConsensusNote.objects.filter(application=application).first()
        in_instruction = application.state == ApplicationState.UNDER_REVIEW
        context.update(
            application=application,
            call=call,
            criteria=criteria,
            blocks=blocks,
            consolidated=consolidated,
            score_text=decimal_text(consolidated.score),
            median_text=decimal_text(consolidated.median),
            spread_text=decimal_text(consolidated.spread),
            threshold_text=decimal_text(call.spread_threshold),
            frozen=getattr(application, "consolidation", None),
            chart=chart,
            chart_svg=criterion_chart_svg(
                chart,
                names=True,
                title=_("Scores per criterion of %(reference)s")
                % {"reference": application.reference},
            ),
            chart_rows=chart.table_rows(),
            note=note,
            note_updated_at=paris_datetime_short(note.updated_at) if note else "",
            note_form=self.note_form
            or ConsensusNoteForm(initial={"text": note.text if note else ""}),
            thread=[
                (m, person_name(m.author), paris_datetime_short(m.created_at))
                for m in ReviewMessage.objects.filter(
                    application=application
                ).select_related("author")
            ],
            message_form=self.message_form or ThreadMessageForm(),
            in_instruction=in_instruction,
            dossier_admin_url=reverse("dossiers_admin:detail", args=[application.pk]),
            decision_notice=manager_decision_notice(application),
        )
        return context


class DossierPostView(DossierInstructionView):
    """A form posted from the dossier page; GET falls back to the page."""

    def get(self, request, *args, **kwargs):
        return redirect("reviews_admin:dossier", pk=kwargs["pk"])

    def post(self, request, *args, **kwargs):
        self.application = application_or_404(request.user, kwargs["pk"])
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(form.cleaned_data)
            except ReviewError as error:
                show_refusal(request, error)
            else:
                messages.success(request, self.success_message)
                return redirect("reviews_admin:dossier", pk=self.application.pk)
        else:
            form_errors_message(request)
        setattr(self, self.form_attribute, form)
        return self.render_to_response(self.get_context_data())


class ConsensusNoteView(DossierPostView):
    form_class = ConsensusNoteForm
    form_attribute = "note_form"
    success_message = _("The consensus note was saved.")

    def perform(self, data):
        services.consensus_note_save(
            application=self.application, user=self.request.user, text=data["text"]
        )


class ThreadPostView(DossierPostView):
    form_class = ThreadMessageForm
    form_attribute = "message_form"
    success_message = _("Message posted to the reviewers' thread.")

    def perform(self, data):
        services.review_message_post(
            application=self.application, user=self.request.user, body=data["body"]
        )


class CompleteView(ManagerSectionMixin, WagtailAdminTemplateMixin, TemplateView):
    """Recap (the reviews in, the score that will be frozen), then confirm."""

    template_name = "reviews/manager/complete.html"
    header_icon = "doc-full-inverse"
    page_title = _("Complete the review")

    def load(self):
        self.application = application_or_404(self.request.user, self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self.load()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.load()
        form = ConfirmedForm(request.POST)
        if not (form.is_valid() and form.cleaned_data["confirmed"]):
            return self.render_to_response(self.get_context_data())
        try:
            services.application_complete_review(
                application=self.application, user=request.user
            )
        except ReviewError as error:
            reasons = show_refusal(request, error)
            return self.render_to_response(
                self.get_context_data(refusal=error.message, reasons=reasons)
            )
        messages.success(
            request, _("The review of the dossier is completed; its score is frozen.")
        )
        return redirect("reviews_admin:dossier", pk=self.application.pk)

    def get_page_subtitle(self):
        return self.application.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *call_breadcrumbs(
                self.application.call,
                (
                    reverse("reviews_admin:dossier", args=[self.application.pk]),
                    self.application.reference,
                ),
                ("", _("Complete the review")),
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        application = self.application
        call = application.call
        blocks = reviewer_blocks(application, [])
        submitted = [
            b
            for b in blocks
            if b.submitted and b.assignment.status == AssignmentStatus.ACCEPTED
        ]
        consolidated = consolidate(
            [b.review.total for b in submitted], call.spread_threshold
        )
        problems = []
        if application.state == ApplicationState.UNDER_REVIEW:
            problems = services.completion_problems(application)
        else:
            problems = [_("The review of this dossier is already completed.")]
        context.update(
            application=application,
            blocks=blocks,
            submitted=submitted,
            consolidated=consolidated,
            score_text=decimal_text(consolidated.score),
            median_text=decimal_text(consolidated.median),
            spread_text=decimal_text(consolidated.spread),
            problems=[str(p) for p in problems],
            confirm_url=reverse("reviews_admin:complete", args=[application.pk]),
            cancel_url=reverse("reviews_admin:dossier", args=[application.pk]),
            **{k: v for k, v in kwargs.items() if k in ("refusal", "reasons")},
        )
        return context
