"""The call's form in the Wagtail admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .permissions import authorities_for


class CallAdminForm(WagtailAdminModelForm):
    """Offers, and accepts, only the authorities the user belongs to: a manager
    cannot hand a call to another authority, nor take one from it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("authority")
        if field is not None:
            field.queryset = authorities_for(self.for_user)
            field.error_messages["invalid_choice"] = _(
                "Choose an authority you belong to: you can only manage the calls "
                "of your own authority."
            )
