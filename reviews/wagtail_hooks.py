"""The instruction in the Wagtail admin, at /admin/instruction/."""

from django.urls import include, path
from wagtail import hooks

from .admin import manager_hooks, reviewer_hooks  # noqa: F401 - they register hooks
from .admin import urls as admin_urls


@hooks.register("register_admin_urls")
def register_instruction_urls():
    return [path("instruction/", include(admin_urls, namespace="reviews_admin"))]
