"""A call's instruction for its managers: the instruction table (filters,
search, sort, pagination), the rankings (raw and normalised), the exports, and
a reviewer's declarations of interests."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from applications.permissions import REVIEWERS_GROUP
from calls.permissions import authority_ids_of
from core.time import paris_datetime_short

from ..exports import export_response
from ..forms.manager import InstructionFilterForm
from ..models import InterestDeclaration
from ..selectors import (
    Progress,
    instruction_rows,
    instruction_table,
    normalised_ranking,
    progress_label,
    ranking_for_call,
)
from .manager_common import ManagerSectionMixin, call_breadcrumbs, call_or_404
from .manager_dossier import decimal_text

PER_PAGE = 25
EXPORT_TABLES = ("classement", "instruction")
EXPORT_FORMATS = ("csv", "xlsx")


def export_links(call) -> list[tuple[str, str]]:
    labels = {
        ("classement", "csv"): _("Ranking (CSV)"),
        ("classement", "xlsx"): _("Ranking (XLSX)"),
        ("instruction", "csv"): _("Instruction table (CSV)"),
        ("instruction", "xlsx"): _("Instruction table (XLSX)"),
    }
    return [
        (
            label,
            reverse("reviews_admin:export", args=[call.pk, table, fmt]),
        )
        for (table, fmt), label in labels.items()
    ]


class CallPageView(ManagerSectionMixin, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ol"

    def get(self, request, *args, **kwargs):
        self.call = call_or_404(request.user, kwargs["call_pk"])
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return f"{self.call.reference} — {self.call.title}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(call=self.call, export_links=export_links(self.call))
        return context


class InstructionTableView(CallPageView):
    template_name = "reviews/manager/table.html"
    page_title = _("Instruction table")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *call_breadcrumbs(self.call)[:-1],
            {
                "url": "",
                "label": self.call.reference,
            },
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = InstructionFilterForm(
            self.request.GET or None,
            progress_choices=[(p, progress_label(p)) for p in Progress.ALL],
        )
        filters = form.filters() if form.is_bound else {"order": "reference"}
        applications = instruction_table(self.call, **filters)
        paginator = Paginator(applications, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("page"))
        rows = instruction_rows(page.object_list, self.call)
        kept = [
            (key, value)
            for key, value in self.request.GET.items()
            if key != "page" and value
        ]
        context.update(
            filter_form=form,
            rows=[self.display(row) for row in rows],
            page_obj=page,
            paginator=paginator,
            page_query=urlencode(kept),
            sort_links=self.sort_links(kept, filters.get("order", "reference")),
            threshold_text=decimal_text(self.call.spread_threshold),
            is_filtered=bool(kept),
        )
        return context

    def sort_links(self, kept, current):
        base = [(k, v) for k, v in kept if k != "order"]
        links = {}
        for name, order in (("score", "-score"), ("spread", "-spread")):
            links[name] = "?" + urlencode([*base, ("order", order)])
            links[f"{name}_current"] = current == order
        return links

    @staticmethod
    def display(row):
        return {
            "row": row,
            "score": decimal_text(row.score),
            "median": decimal_text(row.median),
            "spread": decimal_text(row.spread),
            "reviewers": [
                {
                    "cell": cell,
                    "due_at": paris_datetime_short(cell.due_at),
                    "pending": cell.assignment.status == "pending",
                }
                for cell in row.reviewers
            ],
        }


class RankingView(CallPageView):
    template_name = "reviews/manager/ranking.html"
    page_title = _("Ranking")

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            *call_breadcrumbs(self.call, ("", _("Ranking"))),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        raw = ranking_for_call(self.call)
        normalised = normalised_ranking(self.call)
        context.update(
            raw_rows=[
                {
                    "row": row,
                    "score": decimal_text(row.score),
                    "spread": decimal_text(row.spread),
                }
                for row in raw
            ],
            normalised=normalised,
            normalised_rows=[
                {
                    "row": row,
                    "normalised": (
                        "—"
                        if row.normalised is None
                        else f"{row.normalised:+.2f}".replace(".", ",")
                    ),
                    "score": decimal_text(row.score),
                }
                for row in normalised.rows
            ],
            reviewers=[
                {
                    "norm": norm,
                    "mean": decimal_text(norm.mean),
                    "stdev": "—"
                    if norm.stdev is None
                    else f"{norm.stdev:.1f}".replace(".", ","),
                }
                for norm in normalised.reviewers
            ],
            not_normalised=[n for n in normalised.reviewers if not n.qualifies],
        )
        return context


class ExportView(ManagerSectionMixin, View):
    """The ranking or the instruction table, as CSV or XLSX (streamed)."""

    def get(self, request, *args, **kwargs):
        table, fmt = kwargs["table"], kwargs["fmt"]
        if table not in EXPORT_TABLES or fmt not in EXPORT_FORMATS:
            raise Http404
        call = call_or_404(request.user, kwargs["call_pk"])
        return export_response(table, call, fmt)


class ReviewerInterestsView(
    ManagerSectionMixin, WagtailAdminTemplateMixin, TemplateView
):
    """A reviewer's declarations of interests, read-only. Only reviewers who are
    staff of an authority the manager is staff of (any reviewer for an
    administrator); anyone else is a 404."""

    template_name = "reviews/manager/reviewer_interests.html"
    header_icon = "user"
    page_title = _("Declarations of interests")

    def get(self, request, *args, **kwargs):
        reviewers = get_user_model().objects.filter(
            groups__name=REVIEWERS_GROUP, is_active=True
        )
        if not request.user.is_superuser:
            reviewers = reviewers.filter(authorities__in=authority_ids_of(request.user))
        self.reviewer = reviewers.distinct().filter(pk=kwargs["user_pk"]).first()
        if self.reviewer is None:
            raise Http404
        return super().get(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.reviewer.get_full_name() or self.reviewer.get_username()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        declarations = InterestDeclaration.objects.filter(reviewer=self.reviewer)
        context.update(
            reviewer=self.reviewer,
            declarations=[
                (d, d.since.strftime("%d/%m/%Y"), paris_datetime_short(d.updated_at))
                for d in declarations
            ],
        )
        return context
