from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    name = "calls"
    verbose_name = _("Calls for applications")

    def ready(self) -> None:
        from . import signals  # noqa: PLC0415 (models are loaded now)

        signals.connect()
