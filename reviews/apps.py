from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reviews"
    verbose_name = _("Instruction")

    def ready(self) -> None:
        from . import receivers  # noqa: PLC0415 (models are loaded now)

        receivers.connect()
