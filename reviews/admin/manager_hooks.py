"""Wagtail hooks of the managers' side (menu)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from applications.staff.selectors import is_manager


class InstructionMenuItem(MenuItem):
    """Shown to managers (« Gestionnaires ») and administrators only."""

    def is_shown(self, request):
        return is_manager(request.user)


@hooks.register("register_admin_menu_item")
def register_instruction_menu_item():
    return InstructionMenuItem(
        _("Instruction"),
        reverse_lazy("reviews_admin:calls"),
        name="instruction",
        icon_name="list-ol",
        order=212,
    )
