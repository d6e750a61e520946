from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")

    def ready(self) -> None:
        # Registers the pages' context builders (cms.page_context); imported here
        # because the views import the models, which must be loaded first.
        from . import views  # noqa: F401, PLC0415

        # The call page's admin form (it limits the calls offered to the user's
        # authorities); set here because the models import no forms.
        from .forms import CallPageForm  # noqa: PLC0415
        from .models import CallPage  # noqa: PLC0415

        CallPage.base_form_class = CallPageForm

        from . import signals  # noqa: PLC0415

        signals.connect()
