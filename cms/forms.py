from django import forms
from django.utils.translation import gettext_lazy as _

from calls.enums import CallKind, CallStatus


class CallFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All statuses")), *CallStatus.choices],
    )
    kind = forms.ChoiceField(
        label=_("Kind of call"), required=False,
        choices=[("", _("All kinds")), *CallKind.choices],
    )
    authority = forms.ModelChoiceField(
        label=_("Authority"), required=False, queryset=None, empty_label=_("All authorities"),
        to_field_name="slug",
    )

    def __init__(self, *args, authorities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities
