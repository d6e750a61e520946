"""Putting reviewers on a call's dossiers: by hand (``assign``: chosen dossiers
by chosen reviewers), or let Sillon distribute them (``distribute``: a preview,
then the confirmation).

Both are all or nothing. ``assign`` calls ``assignment_create`` for each pair in
one transaction and rolls everything back when one pair is refused, listing every
refusal with its reasons. ``distribute`` previews by running
``assignments_distribute`` in a transaction it rolls back: nothing is written and
no email goes out, as the outbox sends only once a transaction commits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications.enums import ApplicationState
from applications.models import Application

from .. import services
from ..exceptions import ConflictOfInterest, ReviewError
from ..forms.manager import AssignForm, DistributeForm, reviewer_label
from ..selectors import eligible_reviewers, reviewer_loads
from .manager_common import (
    ManagerSectionMixin,
    call_breadcrumbs,
    call_or_404,
    end_of_day,
    form_errors_message,
    person_name,
    show_refusal,
)


@dataclass(frozen=True)
class Refusal:
    application: Application
    reviewer: object
    message: str
    reasons: list[str]
    conflict: bool


def dossiers_under_review(call):
    return (
        Application.objects.filter(call=call, state=ApplicationState.UNDER_REVIEW)
        .select_related("organisation")
        .annotate(
            active_reviewers=Count(
                "assignments",
                filter=Q(assignments__status__in=["pending", "accepted"]),
            )
        )
        .order_by("reference")
    )


class CallFormView(ManagerSectionMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "group"

    def setup_call(self):
        self.call = call_or_404(self.request.user, self.kwargs["call_pk"])
        self.loads = reviewer_loads(self.call)
        self.reviewers = eligible_reviewers(self.call)

    def get_page_subtitle(self):
        return self.call.reference

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *call_breadcrumbs(self.call, ("", self.get_page_title())),
        ]

    def render_page(self, **context):
        context.setdefault("call", self.call)
        context.setdefault(
            "table_url", reverse("reviews_admin:table", args=[self.call.pk])
        )
        return self.render_to_response(self.get_context_data(**context))


class AssignView(CallFormView):
    template_name = "reviews/manager/assign.html"
    page_title = _("Assign reviewers")

    def get_form(self, data=None):
        dossiers = dossiers_under_review(self.call)
        form = AssignForm(
            data, applications=dossiers, reviewers=self.reviewers, loads=self.loads
        )
        if data is None:
            wanted = self.request.GET.get("dossier", "")
            if wanted.isdigit():
                form.initial["applications"] = [int(wanted)]
            else:
                form.initial["applications"] = [
                    d.pk for d in dossiers if d.active_reviewers < self.call.min_reviews
                ]
        return form

    def get(self, request, *args, **kwargs):
        self.setup_call()
        return self.render_page(form=self.get_form())

    def post(self, request, *args, **kwargs):
        self.setup_call()
        form = self.get_form(request.POST)
        if not form.is_valid():
            form_errors_message(request)
            return self.render_page(form=form)
        data = form.cleaned_data
        created, refusals = self.assign_all(data)
        if refusals:
            messages.error(
                request,
                _("No assignment was made: %(count)d pair(s) were refused.")
                % {"count": len(refusals)},
            )
            return self.render_page(form=form, refusals=refusals)
        messages.success(
            request,
            ngettext(
                "%(count)d assignment made; the reviewers are told by email.",
                "%(count)d assignments made; the reviewers are told by email.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect("reviews_admin:table", call_pk=self.call.pk)

    def assign_all(self, data) -> tuple[list, list[Refusal]]:
        """Every pair in one transaction, rolled back if one is refused."""
        created, refusals = [], []
        with transaction.atomic():
            for application in data["applications"]:
                for reviewer in data["reviewers"]:
                    try:
                        created.append(
                            services.assignment_create(
                                application=application,
                                reviewer=reviewer,
                                user=self.request.user,
                                due_at=end_of_day(data.get("due_at")),
                                override_reason=data.get("override_reason", ""),
                            )
                        )
                    except ReviewError as error:
                        refusals.append(
                            Refusal(
                                application=application,
                                reviewer=reviewer,
                                message=str(error.message),
                                reasons=[str(r) for r in error.reasons],
                                conflict=isinstance(error, ConflictOfInterest),
                            )
                        )
            if refusals:
                transaction.set_rollback(True)
        return ([] if refusals else created), refusals


class DistributeView(CallFormView):
    template_name = "reviews/manager/distribute.html"
    page_title = _("Distribute the dossiers")

    def get_form(self, data=None):
        return DistributeForm(
            data, call=self.call, reviewers=self.reviewers, loads=self.loads
        )

    def get(self, request, *args, **kwargs):
        self.setup_call()
        return self.render_page(form=self.get_form())

    def post(self, request, *args, **kwargs):
        self.setup_call()
        form = self.get_form(request.POST)
        if not form.is_valid():
            form_errors_message(request)
            return self.render_page(form=form)
        data = form.cleaned_data
        if "edit" in request.POST:  # back from the preview, the choices kept
            return self.render_page(form=form)
        if not data["confirmed"]:
            return self.preview(form)
        try:
            created = self.distribute(data)
        except ReviewError as error:
            reasons = show_refusal(request, error)
            return self.render_page(form=form, refusal=error.message, reasons=reasons)
        messages.success(
            request,
            ngettext(
                "%(count)d assignment made; the reviewers are told by email.",
                "%(count)d assignments made; the reviewers are told by email.",
                len(created),
            )
            % {"count": len(created)},
        )
        return redirect("reviews_admin:table", call_pk=self.call.pk)

    def distribute(self, data):
        return services.assignments_distribute(
            call=self.call,
            reviewers=list(data["reviewers"]),
            user=self.request.user,
            per_dossier=data["per_dossier"],
            due_at=end_of_day(data.get("due_at")),
            cap=data.get("cap"),
        )

    def preview(self, form):
        """The plan the service would make, computed then rolled back."""
        try:
            with transaction.atomic():
                plan = [
                    (a.application, a.reviewer)
                    for a in self.distribute(form.cleaned_data)
                ]
                transaction.set_rollback(True)
        except ReviewError as error:
            reasons = show_refusal(self.request, error)
            return self.render_page(form=form, refusal=error.message, reasons=reasons)
        by_dossier: dict = {}
        for application, reviewer in plan:
            by_dossier.setdefault(application, []).append(person_name(reviewer))
        added = Counter(reviewer.pk for _a, reviewer in plan)
        loads = [
            (
                reviewer_label(reviewer),
                self.loads.get(reviewer.pk, 0),
                added.get(reviewer.pk, 0),
                self.loads.get(reviewer.pk, 0) + added.get(reviewer.pk, 0),
            )
            for reviewer in form.cleaned_data["reviewers"]
        ]
        return self.render_page(
            form=form,
            confirming=True,
            plan=sorted(by_dossier.items(), key=lambda item: item[0].reference),
            plan_loads=loads,
            plan_count=len(plan),
        )
