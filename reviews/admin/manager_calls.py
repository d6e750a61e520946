"""The managers' entry to the instruction: their calls with dossiers in
instruction, and where each stands."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..selectors import calls_in_instruction
from .manager_common import ManagerSectionMixin


class CallsView(ManagerSectionMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "reviews/manager/calls.html"
    page_title = _("Instruction")
    header_icon = "list-ol"

    def get_breadcrumbs_items(self):
        # The header shows the last item: the page's own title, not « Home ».
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calls"] = calls_in_instruction(self.request.user)
        return context
