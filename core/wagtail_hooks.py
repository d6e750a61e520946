"""The outbox in the Wagtail admin menu, for managers and administrators."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_urls
from .permissions import can_view_outbox


class OutboxMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view_outbox(request.user)


@hooks.register("register_admin_urls")
def register_outbox_urls():
    return [path("envois/", include(admin_urls, namespace="outbox_admin"))]


@hooks.register("register_admin_menu_item")
def register_outbox_menu_item():
    return OutboxMenuItem(
        _("Outgoing emails"),
        reverse_lazy("outbox_admin:index"),
        name="outbox",
        icon_name="mail",
        order=900,
    )
