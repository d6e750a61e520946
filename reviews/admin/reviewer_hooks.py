"""Wagtail hooks of the reviewers' side (menu, dashboard panel)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from ..permissions import is_reviewer
from ..selectors import assignments_of_reviewer
from .reviewer_access import assignment_rows


class ReviewersMenuItem(MenuItem):
    def is_shown(self, request):
        return is_reviewer(request.user)


class AssignedDossiersPanel(Component):
    """The dashboard's list of the dossiers assigned to the reviewer, and nothing
    else: their due dates, their status, a link to each."""

    name = "reviews_assigned_dossiers"
    template_name = "reviews/reviewer/panel.html"
    order = 50

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        return {"rows": assignment_rows(assignments_of_reviewer(self.user))}


@hooks.register("construct_homepage_panels")
def add_assigned_dossiers_panel(request, panels):
    if is_reviewer(request.user):
        panels.append(AssignedDossiersPanel(request.user))


@hooks.register("register_admin_menu_item")
def register_reviewer_home_menu_item():
    return ReviewersMenuItem(
        _("My dossiers to review"),
        reverse_lazy("reviews_admin:reviewer_home"),
        name="reviewer-dossiers",
        icon_name="clipboard-list",
        order=205,
    )


@hooks.register("register_admin_menu_item")
def register_interests_menu_item():
    return ReviewersMenuItem(
        _("My declarations of interests"),
        reverse_lazy("reviews_admin:interests"),
        name="reviewer-interests",
        icon_name="doc-full",
        order=206,
    )
