"""Forms of the release (Wagtail admin): the explicit confirmation that
releases a call's decisions, and the correction of a released decision (the
decision's fields, its reason, and the confirmation CRPA L242-1 asks for when
it takes back what an acceptance granted).

They validate input only: ``decisions_release`` and ``decision_correct``
decide, and their per-field errors (``DecisionRefused.errors``) are attached
here by the views.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .committee import DecisionForm
from .manager import ConfirmedForm

# Stated where a correction takes back what an acceptance granted.
L242_1_WARNING = _(
    "The withdrawal of a decision that created rights is possible only if it is "
    "illegal, within four months of its issue (CRPA L242-1)."
)


class ReleaseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I have checked the decisions and their letters: release them and "
            "notify the applicants."
        ),
        error_messages={
            "required": _("Tick the confirmation to release the decisions.")
        },
    )


class CorrectionForm(ConfirmedForm, DecisionForm):
    reason = forms.CharField(
        label=_("Reason for the correction"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Recorded in the dossier's activity log."),
        error_messages={"required": _("Give the reason for the correction.")},
    )
    confirm_withdrawal = forms.BooleanField(
        label=_(
            "I confirm that the decision is illegal and that it was issued less "
            "than four months ago"
        ),
        required=False,
        help_text=L242_1_WARNING,
    )

    ERROR_FIELDS = {
        **DecisionForm.ERROR_FIELDS,
        "reason": "reason",
        "confirm_withdrawal": "confirm_withdrawal",
    }
