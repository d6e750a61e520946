from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Shared services")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registered on import: antivirus its deploy check, lookups integer __in.
        from . import antivirus, lookups  # noqa: F401, PLC0415
