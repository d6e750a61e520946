"""The dossiers in the Wagtail admin: a "Dossiers" menu item for managers, the
list of submitted dossiers and the dossier page with the manager's actions."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .staff import urls as staff_urls
from .staff.selectors import is_manager


class ManagersMenuItem(MenuItem):
    def is_shown(self, request):
        return is_manager(request.user)


@hooks.register("register_admin_urls")
def register_dossier_urls():
    return [path("dossiers/", include(staff_urls, namespace="dossiers_admin"))]


@hooks.register("register_admin_menu_item")
def register_dossiers_menu_item():
    return ManagersMenuItem(
        _("Dossiers"),
        reverse_lazy("dossiers_admin:index"),
        name="dossiers",
        icon_name="folder-open-inverse",
        order=210,
    )


@hooks.register("register_admin_menu_item")
def register_coverage_menu_item():
    return ManagersMenuItem(
        _("Coverage and overlaps"),
        reverse_lazy("dossiers_admin:coverage_index"),
        name="coverage",
        icon_name="site",
        order=211,
    )
