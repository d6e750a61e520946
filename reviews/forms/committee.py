"""Forms of the committee (Wagtail admin): a session and its members, a
dossier's decision, the same refusal for several dossiers.

They validate input only; the services decide and refuse with a French message
per field (``DecisionRefused.errors``) or with the envelope's reasons
(``EnvelopeExceeded``), which the views attach to these forms' fields.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from calls.forms import DATE_ERROR, INPUT_FORMATS
from calls.widgets import FrenchDateTimeInput
from core.formatting import to_decimal
from core.time import PARIS

from ..enums import COMMITTEE_OUTCOMES, CommitteeRole
from .manager import ConfirmedForm, DossierMultipleChoiceField, reviewer_label

# Free lines for the members from outside the authority's staff.
EXTRA_MEMBERS = 4
# Condition rows offered beyond the decision's recorded conditions.
CONDITION_ROWS = 3


class ParisFrenchDateTimeField(forms.DateTimeField):
    """dd/mm/yyyy hh:mm on the Paris clock, as the call's dates are typed."""

    widget = FrenchDateTimeInput
    input_formats = INPUT_FORMATS
    default_error_messages = {"invalid": DATE_ERROR}

    def to_python(self, value):
        with timezone.override(PARIS):
            return super().to_python(value)

    def prepare_value(self, value):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            return value.astimezone(PARIS).strftime(INPUT_FORMATS[0])
        return value


class DayField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]


class CommitteeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        when = timezone.localtime(obj.held_at, PARIS).strftime("%d/%m/%Y %H:%M")
        return f"{when} — {obj.place}" if obj.place else when


class CommitteeForm(forms.Form):
    """The session: when, where, and who sat. The authority's staff are ticked
    (each with a role); people from outside are typed on the free lines."""

    held_at = ParisFrenchDateTimeField(
        label=_("Date and time of the session"),
        help_text=_("Paris time, dd/mm/yyyy hh:mm."),
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=255)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = list(staff)
        roles = CommitteeRole.choices
        for user in self.staff:
            name = reviewer_label(user)
            self.fields[f"member_{user.pk}"] = forms.BooleanField(
                label=name, required=False
            )
            self.fields[f"role_{user.pk}"] = forms.ChoiceField(
                label=_("Role of %(name)s") % {"name": name},
                choices=roles,
                initial=CommitteeRole.MEMBER,
                required=False,
            )
        for index in range(EXTRA_MEMBERS):
            number = index + 1
            self.fields[f"extra_{index}_name"] = forms.CharField(
                label=_("Name (line %(number)d)") % {"number": number},
                required=False,
                max_length=200,
            )
            self.fields[f"extra_{index}_organisation"] = forms.CharField(
                label=_("Organisation (line %(number)d)") % {"number": number},
                required=False,
                max_length=255,
            )
            self.fields[f"extra_{index}_role"] = forms.ChoiceField(
                label=_("Role (line %(number)d)") % {"number": number},
                choices=roles,
                initial=CommitteeRole.EXPERT,
                required=False,
            )

    def staff_rows(self):
        """``(present, role)`` bound fields of each staff member."""
        return [(self[f"member_{u.pk}"], self[f"role_{u.pk}"]) for u in self.staff]

    def extra_rows(self):
        return [
            (
                self[f"extra_{i}_name"],
                self[f"extra_{i}_organisation"],
                self[f"extra_{i}_role"],
            )
            for i in range(EXTRA_MEMBERS)
        ]

    def clean(self):
        data = super().clean()
        members = []
        for user in self.staff:
            if data.get(f"member_{user.pk}"):
                members.append(
                    {
                        "user": user,
                        "role": data.get(f"role_{user.pk}") or CommitteeRole.MEMBER,
                    }
                )
        for index in range(EXTRA_MEMBERS):
            name = (data.get(f"extra_{index}_name") or "").strip()
            organisation = (data.get(f"extra_{index}_organisation") or "").strip()
            if name:
                members.append(
                    {
                        "name": name,
                        "organisation": organisation,
                        "role": data.get(f"extra_{index}_role") or CommitteeRole.MEMBER,
                    }
                )
            elif organisation:
                self.add_error(
                    f"extra_{index}_name",
                    _("Give the name of the member from this organisation."),
                )
        if not members and not self.errors:
            raise forms.ValidationError(_("Tick or name at least one member present."))
        data["members"] = members
        return data


def amount_initial(value) -> str:
    """The recorded amount in the French form the field accepts back."""
    number = to_decimal(value)
    if number is None:
        return ""
    return f"{number:f}".replace(".", ",")


class AmountField(forms.CharField):
    """Euros typed the French way (« 12 000,50 »)."""

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None
        amount = to_decimal(value)
        if amount is None or not amount.is_finite():
            raise forms.ValidationError(
                _("Enter an amount in euros, for example 12 000,50.")
            )
        return amount


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[(o.value, o.label) for o in COMMITTEE_OUTCOMES],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    amount = AmountField(
        label=_("Amount awarded (€)"),
        required=False,
        help_text=_("For an acceptance, with or without conditions."),
    )
    duration_months = forms.IntegerField(
        label=_("Duration (months)"), required=False, min_value=1, max_value=120
    )
    motivation = forms.CharField(
        label=_("Reasons"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_(
            "Mandatory for a refusal and for an acceptance with conditions: they "
            "will be written in the decision letter."
        ),
    )
    opinion = forms.CharField(
        label=_("Committee's opinion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
    )
    committee = CommitteeChoiceField(
        label=_("Committee session"), queryset=None, required=False
    )
    confirm_over_envelope = forms.BooleanField(
        label=_("I confirm going over the call's envelope"), required=False
    )
    over_envelope_reason = forms.CharField(
        label=_("Reason for going over the envelope"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Recorded in the dossier's activity log."),
    )

    # The service's field names, to this form's.
    ERROR_FIELDS = {
        "outcome": "outcome",
        "amount": "amount",
        "duration_months": "duration_months",
        "motivation": "motivation",
        "conditions": "condition_0_text",
        "over_envelope_reason": "over_envelope_reason",
    }

    def __init__(self, *args, committees, conditions_count=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = _("No session chosen")
        self.condition_rows_count = conditions_count + CONDITION_ROWS
        for index in range(self.condition_rows_count):
            number = index + 1
            self.fields[f"condition_{index}_text"] = forms.CharField(
                label=_("Condition %(number)d") % {"number": number},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"condition_{index}_due_on"] = DayField(
                label=_("Due date of condition %(number)d") % {"number": number},
                required=False,
            )

    def main_fields(self):
        names = ["outcome", "amount", "duration_months"]
        return [self[name] for name in names]

    def text_fields(self):
        return [self[name] for name in ("motivation", "opinion", "committee")]

    def condition_rows(self):
        return [
            (self[f"condition_{i}_text"], self[f"condition_{i}_due_on"])
            for i in range(self.condition_rows_count)
        ]

    def clean(self):
        data = super().clean()
        conditions = []
        for index in range(self.condition_rows_count):
            text = (data.get(f"condition_{index}_text") or "").strip()
            due_on = data.get(f"condition_{index}_due_on")
            if text:
                conditions.append({"text": text, "due_on": due_on})
            elif due_on:
                self.add_error(
                    f"condition_{index}_text",
                    _("Write the condition this due date is for."),
                )
        data["conditions"] = conditions
        return data

    def add_service_errors(self, errors: dict) -> None:
        for name, messages in errors.items():
            field = self.ERROR_FIELDS.get(name)
            for message in messages:
                self.add_error(field, str(message))

    @staticmethod
    def initial_of(decision) -> dict:
        if decision is None:
            return {}
        initial = {
            "outcome": decision.outcome,
            "amount": amount_initial(decision.amount),
            "duration_months": decision.duration_months,
            "motivation": decision.motivation,
            "opinion": decision.opinion,
            "committee": decision.committee_id,
            "confirm_over_envelope": bool(decision.over_envelope_reason),
            "over_envelope_reason": decision.over_envelope_reason,
        }
        for index, condition in enumerate(decision.conditions.all()):
            initial[f"condition_{index}_text"] = condition.text
            initial[f"condition_{index}_due_on"] = condition.due_on
        return initial


class BulkRefusalForm(ConfirmedForm):
    applications = DossierMultipleChoiceField(
        label=_("Dossiers to refuse"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one dossier.")},
    )
    motivation = forms.CharField(
        label=_("Common reasons for the refusal"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text=_(
            "Written in each dossier's decision letter (CRPA L211-2 and L211-5). "
            "Each decision stays editable until the decisions are released."
        ),
    )
    committee = CommitteeChoiceField(
        label=_("Committee session"), queryset=None, required=False
    )

    def __init__(self, *args, applications, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = _("No session chosen")
