from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Palliative-care directory")

    def ready(self) -> None:
        # Registers the directory page's context builder (cms.page_context);
        # imported here because the views import the models.
        from . import signals, views  # noqa: F401, PLC0415

        signals.connect()
