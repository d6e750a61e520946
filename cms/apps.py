from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")

    def ready(self) -> None:
        # Registers the pages' context builders (cms.page_context); imported here
        # because the views import the models, which must be loaded first.
        from . import views  # noqa: F401, PLC0415
