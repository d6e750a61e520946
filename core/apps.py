from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import antivirus  # noqa: F401, PLC0415 (registers its deploy check)
