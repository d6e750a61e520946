"""Forms of the managers' side of the instruction (Wagtail admin).

They validate input only; the services decide and refuse with a French message
(a reviewer with a conflict of interest, a distribution that cannot hold…).
Irreversible actions carry ``confirmed``, set by their confirmation page.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.time import PARIS


def reviewer_label(user) -> str:
    return user.get_full_name() or user.get_username()


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return reviewer_label(obj)


class ReviewerMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Reviewers, each labelled with their current load when the view gives it
    (``loads``: {user pk: active assignments in the call})."""

    def __init__(self, *args, loads=None, **kwargs):
        self.loads = loads or {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        load = self.loads.get(obj.pk, 0)
        return _("%(name)s — %(load)d dossier(s) in this call") % {
            "name": reviewer_label(obj),
            "load": load,
        }


class DossierMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.reference} — {obj.title}"


class DueDateField(forms.DateField):
    """A day (jj/mm/aaaa, or the browser's date picker); the reviews are due at
    the end of that day in Paris."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    input_formats = ["%Y-%m-%d", "%d/%m/%Y"]

    def validate(self, value):
        super().validate(value)
        if value is not None and value < timezone.now().astimezone(PARIS).date():
            raise forms.ValidationError(_("The due date must be in the future."))


class ConfirmedForm(forms.Form):
    # Set by the confirmation page: the action runs only with it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReasonForm(ConfirmedForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("Recorded in the dossier's activity log."),
    )


class ReplaceForm(ReasonForm):
    reviewer = ReviewerChoiceField(
        label=_("New reviewer"), queryset=None, empty_label=None
    )
    due_at = DueDateField(label=_("Due date"), required=False)

    def __init__(self, *args, reviewers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["reviewer"].empty_label = "—"
        # The field order: who, by when, why.
        self.order_fields(["reviewer", "due_at", "reason"])


class AssignForm(forms.Form):
    applications = DossierMultipleChoiceField(
        label=_("Dossiers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    reviewers = ReviewerMultipleChoiceField(
        label=_("Reviewers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    due_at = DueDateField(label=_("Due date"), required=False)
    override_reason = forms.CharField(
        label=_("Reason for overriding a detected conflict of interest"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "Only when Sillon detected a conflict that is a false positive: the "
            "assignment is then made and the reason logged. Leave empty otherwise."
        ),
    )

    def __init__(self, *args, applications, reviewers, loads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].loads = loads or {}


class _MinReviews:
    def __init__(self, minimum: int):
        self.minimum = minimum

    def __call__(self, value):
        if value is not None and value < self.minimum:
            raise forms.ValidationError(
                _("Each dossier of this call needs at least %(min)d reviewers."),
                params={"min": self.minimum},
            )

    def __eq__(self, other):
        return isinstance(other, _MinReviews) and other.minimum == self.minimum


class DistributeForm(ConfirmedForm):
    reviewers = ReviewerMultipleChoiceField(
        label=_("Reviewers"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    per_dossier = forms.IntegerField(label=_("Reviewers per dossier"))
    cap = forms.IntegerField(
        label=_("At most this many dossiers per reviewer"),
        required=False,
        min_value=1,
        help_text=_("Counting the dossiers they already review in this call."),
    )
    due_at = DueDateField(label=_("Due date"), required=False)

    def __init__(self, *args, call, reviewers, loads=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = reviewers
        self.fields["reviewers"].loads = loads or {}
        per_dossier = self.fields["per_dossier"]
        per_dossier.validators.append(_MinReviews(call.min_reviews))
        per_dossier.widget.attrs["min"] = call.min_reviews
        per_dossier.help_text = _(
            "At least %(min)d, the minimum of reviews this call requires."
        ) % {"min": call.min_reviews}
        if not self.is_bound:
            self.initial.setdefault("per_dossier", call.min_reviews)
            self.initial.setdefault("reviewers", [r.pk for r in reviewers])


class ConsensusNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Consensus note for the committee"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
    )


class ThreadMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the reviewers"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class InstructionFilterForm(forms.Form):
    """The instruction table's filters, search and sort (a GET form)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    progress = forms.ChoiceField(label=_("Progress"), required=False)
    flagged = forms.ChoiceField(
        label=_("Disagreement"),
        required=False,
        choices=[
            ("", _("All dossiers")),
            ("1", _("Reviewers disagree")),
            ("0", _("No disagreement")),
        ],
    )
    order = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("reference", _("Reference")),
            ("-score", _("Score, highest first")),
            ("score", _("Score, lowest first")),
            ("-spread", _("Disagreement (spread), highest first")),
        ],
    )

    def __init__(self, *args, progress_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["progress"].choices = [("", _("All")), *progress_choices]

    def filters(self) -> dict:
        """The selector's keyword arguments (invalid values are ignored)."""
        self.is_valid()  # cleaned_data then holds the valid fields only
        data = self.cleaned_data
        flagged = {"1": True, "0": False}.get(data.get("flagged", ""))
        return {
            "search": data.get("q", ""),
            "progress": data.get("progress", ""),
            "flagged": flagged,
            "order": data.get("order") or "reference",
        }
