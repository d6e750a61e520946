"""Forms of the managers' actions on a dossier (Wagtail admin).

They validate input only; the services decide whether the action is allowed and
refuse with a French message (a past due date, an empty motivation…). Each form
carries ``seen_version``, the dossier's ``lock_version`` as the manager saw it, so
that two managers acting at once cannot overwrite each other.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.time import PARIS


class ParisDateTimeField(forms.DateTimeField):
    """A date and time typed in Europe/Paris, whatever the admin user's time zone.

    A time that does not exist or happens twice on a daylight-saving change is
    refused by Django's ``from_current_timezone``.
    """

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def to_python(self, value):
        with timezone.override(PARIS):
            return super().to_python(value)

    def prepare_value(self, value):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            return value.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")
        return value


class ActionForm(forms.Form):
    seen_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    # Set by the confirmation page: an irreversible action runs only with it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, application=None, **kwargs):
        super().__init__(*args, **kwargs)
        if application is not None and not self.is_bound:
            self.initial.setdefault("seen_version", application.lock_version)


class RequestComplementsForm(ActionForm):
    prefix = "complements"

    message = forms.CharField(
        label=_("What is missing"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("The applicant receives this message by email."),
    )
    due_at = ParisDateTimeField(
        label=_("Due date (Europe/Paris)"),
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
        ),
        help_text=_("The applicant can complete the dossier until this moment."),
    )


class DeclareInadmissibleForm(ActionForm):
    prefix = "inadmissible"
    NOTIFY_NOW, NOTIFY_WITH_RELEASE = "now", "with_release"

    motivation = forms.CharField(
        label=_("Motivation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "The decision letter gives these reasons, with the means and time "
            "limits of appeal; the applicant also reads them on the dossier's page."
        ),
    )
    notify = forms.ChoiceField(
        label=_("Decision letter"),
        choices=[
            (NOTIFY_NOW, _("Send the letter now")),
            (
                NOTIFY_WITH_RELEASE,
                _("Send it with the release of the call's decisions"),
            ),
        ],
        initial=NOTIFY_NOW,
        required=False,  # not posted: sent now
        widget=forms.RadioSelect,
    )

    def clean_notify(self) -> str:
        return self.cleaned_data.get("notify") or self.NOTIFY_NOW


class StartReviewForm(ActionForm):
    """Nothing to type: the confirmation page asks the manager to confirm."""

    prefix = "review"


class MessageForm(forms.Form):
    prefix = "message"

    subject = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}))
