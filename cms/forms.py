from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from calls.enums import CallKind, CallStatus
from calls.permissions import calls_visible_to

SELECT = {"class": "fr-select"}


class CallFilterForm(forms.Form):
    """The filters of the call index (GET); an invalid value is simply dropped."""

    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All statuses")), *CallStatus.choices],
        widget=forms.Select(attrs=SELECT),
    )
    kind = forms.ChoiceField(
        label=_("Kind of call"),
        required=False,
        choices=[("", _("All kinds")), *CallKind.choices],
        widget=forms.Select(attrs=SELECT),
    )
    authority = forms.ModelChoiceField(
        label=_("Authority"),
        required=False,
        queryset=None,
        empty_label=_("All authorities"),
        to_field_name="slug",
        widget=forms.Select(attrs=SELECT),
    )

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities


class CallPageForm(WagtailAdminPageForm):
    """A call's page may only present a call of the user's own authorities (the
    administrators': any call)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("call")
        if field is not None:
            field.queryset = calls_visible_to(self.for_user)
            field.error_messages["invalid_choice"] = _(
                "Choose a call of your own authority."
            )
