"""Forms of the dossier's governance: they validate, ``services`` writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from calls.enums import PartnerCategory
from organisations.forms import SiretField
from organisations.identifiers import normalise_finess, validate_finess

from ..services.commitments import DECLINE_REASON_MAX_LENGTH


def _category_choices(empty_label) -> list[tuple[str, str]]:
    return [("", empty_label), *PartnerCategory.choices]


class PartnerForm(forms.Form):
    name = forms.CharField(label=_("Name of the partner organisation"), max_length=255)
    siret = SiretField()
    finess = forms.CharField(
        label=_("FINESS number (optional)"),
        help_text=_("9 characters, when the organisation has one."),
        max_length=15,
        required=False,
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=_category_choices(_("Choose a category")),
    )
    role = forms.CharField(
        label=_("Role in the governance"),
        help_text=_(
            "For example: member of the steering body, referral of patients, "
            "training of the teams."
        ),
        max_length=255,
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        help_text=_("The person who will confirm the commitment."),
        max_length=200,
    )
    contact_email = forms.EmailField(
        label=_("Contact email"),
        help_text=_("The link to confirm the commitment is sent to this address."),
        max_length=254,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "partner")
        super().__init__(*args, **kwargs)
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"

    def clean_finess(self) -> str:
        value = normalise_finess(self.cleaned_data.get("finess", ""))
        if value:
            validate_finess(value)
        return value


class LeadCategoryForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category of the lead organisation"),
        choices=_category_choices(_("Choose a category")),
    )

    def __init__(self, *args, allowed: list[str] | None = None, **kwargs):
        kwargs.setdefault("prefix", "lead")
        super().__init__(*args, **kwargs)
        if allowed:
            labels = dict(PartnerCategory.choices)
            self.fields["category"].help_text = _(
                "This call accepts a lead of these categories: %(allowed)s."
            ) % {"allowed": ", ".join(str(labels.get(c, c)) for c in allowed)}


class SteeringMemberForm(forms.Form):
    name = forms.CharField(label=_("Name of the member"), max_length=200)
    function = forms.CharField(label=_("Function"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=255)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "member")
        super().__init__(*args, **kwargs)


class CommitmentLetterForm(forms.Form):
    # Empty files reach check_upload, which explains the refusal like the others.
    file = forms.FileField(
        label=_("Signed commitment letter (PDF)"),
        help_text=_("PDF only. Size limit: 10 MB."),
        allow_empty_file=True,
        error_messages={"required": _("Choose a file to upload.")},
    )


class PartnerAnswerForm(forms.Form):
    """The partner's answer on its public page, and why it declines (optional)."""

    answer = forms.ChoiceField(
        choices=[("confirm", _("Confirm")), ("decline", _("Decline"))]
    )
    reason = forms.CharField(
        label=_("If you decline, tell the lead organisation why (optional)"),
        help_text=_(
            "For example: the role does not match what was agreed, the contact "
            "person is not the right one. The lead organisation and the agency "
            "read it."
        ),
        max_length=DECLINE_REASON_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _(
                "Keep the reason to %(limit_value)d characters at most "
                "(it has %(show_value)d)."
            )
        },
    )

    def clean(self):
        cleaned = super().clean()
        # A confirmation has no reason: what was typed before choosing is dropped.
        if cleaned.get("answer") == "confirm":
            cleaned["reason"] = ""
        return cleaned
