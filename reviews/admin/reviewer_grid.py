"""The reviewer's grid: drafts as often as they like, then a submission through
a recap page; a submitted review is read-only.

The recap is what the service would record: the draft is saved first (nothing
typed is lost), then ``review_submit`` runs in a savepoint rolled back at once,
so that the refusals shown before confirming are the service's own.
"""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin import messages

from core.formatting import number_text, to_decimal

from .. import services
from ..enums import AssignmentStatus, Recommendation
from ..exceptions import (
    AttestationRequired,
    ReviewError,
    ReviewLocked,
    ScoresInvalid,
)
from ..forms.reviewer import GridForm, comment_name, score_name
from ..scoring import GridLine, review_total
from .reviewer_access import own_review, total_text
from .reviewer_views import AssignmentPage, assignment_url, review_display, show_refusal


class _DryRun(Exception):
    """Rolls back the savepoint of a submission run only to check it."""


def grid_url(assignment) -> str:
    return reverse("reviews_admin:review_grid", args=[assignment.pk])


class ReviewGridView(AssignmentPage):
    template_name = "reviews/reviewer/grid.html"
    form = None

    def get_page_title(self):
        return _("Evaluation grid: %(reference)s") % {
            "reference": self.application.reference
        }

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-1] = {
            "url": assignment_url(self.assignment),
            "label": self.application.reference,
        }
        return [*items, {"url": "", "label": _("Evaluation grid")}]

    def refused_before_attestation(self):
        """The grid opens only once the reviewer has attested no conflict."""
        if self.assignment.status == AssignmentStatus.PENDING:
            messages.warning(self.request, str(AttestationRequired().message))
            return redirect(assignment_url(self.assignment))
        return None

    @property
    def submitted_review(self):
        review = own_review(self.assignment)
        return review if review is not None and review.is_submitted else None

    def get(self, request, *args, **kwargs):
        refusal = self.refused_before_attestation()
        if refusal is not None:
            return refusal
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        submitted = self.submitted_review
        if submitted is not None:
            context["own_review"] = review_display(submitted, self.criteria)
            return context
        form = self.form or GridForm(
            initial=GridForm.initial_from(own_review(self.assignment)),
            criteria=self.criteria,
        )
        context.update(form=form, grid_url=grid_url(self.assignment))
        return context

    def post(self, request, *args, **kwargs):
        refusal = self.refused_before_attestation()
        if refusal is not None:
            return refusal
        if self.submitted_review is not None:
            messages.error(request, str(ReviewLocked().message))
            return redirect(grid_url(self.assignment))
        self.form = GridForm(request.POST, criteria=self.criteria)
        if not self.form.is_valid():
            messages.error(request, _("The grid contains errors: check the fields."))
            return self.render_to_response(self.get_context_data())
        if "submit" not in request.POST:
            return self.save_draft()
        if not self.form.cleaned_data["confirmed"]:
            return self.recap()
        return self.submit()

    def run(self, service, *, dry_run: bool = False) -> bool:
        """Call ``service`` with the form; False (errors shown) when refused."""
        arguments = self.form.service_arguments()
        try:
            if not dry_run:
                service(assignment=self.assignment, user=self.request.user, **arguments)
                return True
            try:
                with transaction.atomic():
                    service(
                        assignment=self.assignment, user=self.request.user, **arguments
                    )
                    raise _DryRun
            except _DryRun:
                return True
        except ScoresInvalid as error:
            self.form.add_service_errors(error.errors)
            messages.error(self.request, str(error.message))
        except ReviewError as error:
            show_refusal(self.request, error)
        return False

    def save_draft(self):
        if not self.run(services.review_save_draft):
            return self.render_to_response(self.get_context_data())
        messages.success(self.request, _("Your draft is saved."))
        return redirect(grid_url(self.assignment))

    def recap(self):
        """Save the draft, check the submission, and ask for confirmation."""
        if not (
            self.run(services.review_save_draft)
            and self.run(services.review_submit, dry_run=True)
        ):
            return self.render_to_response(self.get_context_data())
        data = self.form.cleaned_data
        scores = {c.pk: to_decimal(data[score_name(c)]) for c in self.criteria}
        total = review_total(
            [GridLine(c.pk, c.weight, c.max_score) for c in self.criteria], scores
        )
        self.template_name = "reviews/reviewer/grid_confirm.html"
        context = self.get_context_data()
        context.update(
            lines=[
                (
                    criterion,
                    number_text(scores[criterion.pk]),
                    data[comment_name(criterion)],
                )
                for criterion in self.criteria
            ],
            total=total_text(total),
            recommendation=Recommendation(data["recommendation"]).label,
            general_comment=data["comment"],
        )
        return self.render_to_response(context)

    def submit(self):
        if not self.run(services.review_submit):
            return self.render_to_response(self.get_context_data())
        messages.success(
            self.request,
            _("Your review of %(reference)s is submitted.")
            % {"reference": self.application.reference},
        )
        return redirect(assignment_url(self.assignment))
