"""Forms of the espace porteur for dossiers: they validate, services write.

A step of the dossier's form is one section of the call's questionnaire; its
fields come from ``applications.answer_fields``, one per question.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from ..answer_fields import AmountField, build_field, from_json, to_json
from ..questionnaire import Question


class DossierCreateForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Lead organisation"),
        help_text=_("The dossier is filed on behalf of this organisation."),
        queryset=Organisation.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title of the project"),
        help_text=_("You can change it until you submit the dossier."),
        max_length=255,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        choices = list(organisations[:2])
        if len(choices) == 1:
            self.fields["organisation"].initial = choices[0].pk


class DossierSummaryForm(forms.Form):
    """The project's title and requested amount, asked on the first step."""

    title = forms.CharField(label=_("Title of the project"), max_length=255)
    requested_amount = AmountField(
        label=_("Requested amount (€)"),
        help_text=_("In euros, with at most two decimals."),
        min_value=0,
        required=False,
    )

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.disabled = read_only


@dataclass(frozen=True)
class Entry:
    """One question of a step: its form field, or (file question) ``None``."""

    question: Question
    field: BoundField | None
    has_file: bool = False


class SectionForm(forms.Form):
    """One step: one field per question of the section, named by its key.

    No field is required (a draft is saved incomplete); each value is validated
    against its question's settings.
    """

    def __init__(
        self,
        *args,
        questions: list[Question],
        call,
        answers: dict,
        files_present: set[str] = frozenset(),
        read_only: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.files_present = files_present
        for question in questions:
            field = build_field(question, call=call)
            if field is None:
                continue
            field.initial = from_json(question, answers.get(question.key))
            field.disabled = read_only
            self.fields[question.key] = field

    def entries(self) -> list[Entry]:
        return [
            Entry(
                question=question,
                field=self[question.key] if question.key in self.fields else None,
                has_file=question.key in self.files_present,
            )
            for question in self.questions
        ]

    def answers(self) -> dict:
        """The step's answers as the dossier stores them (after ``is_valid()``)."""
        return {
            question.key: to_json(question, self.cleaned_data.get(question.key))
            for question in self.questions
            if question.key in self.fields
        }


class SeenVersionForm(forms.Form):
    """The dossier's ``lock_version`` on the page the user acted from."""

    seen_version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class WithdrawForm(SeenVersionForm):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        help_text=_("The agency receives it with the notice of withdrawal."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def declaration_text(application) -> str:
    """The declaration on honour a submission certifies, in the user's language."""
    return _(
        "I certify on my honour that I am authorised to submit this dossier on "
        "behalf of %(organisation)s, and that the information and documents it "
        "contains are accurate and complete."
    ) % {"organisation": application.organisation.name}


class SubmitForm(SeenVersionForm):
    """The confirmation of a submission: the declaration on honour is required."""

    declaration = forms.BooleanField(
        error_messages={
            "required": _(
                "Tick the declaration on honour: the dossier cannot be submitted "
                "without it."
            )
        },
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.application = application
        self.fields["declaration"].label = declaration_text(application)

    def service_arguments(self) -> dict:
        """What the service receives (after ``is_valid()``)."""
        return {
            "seen_version": self.cleaned_data["seen_version"],
            "declaration": declaration_text(self.application),
        }


class ComplementsForm(SubmitForm):
    """The confirmation of the complements: the declaration, and a word to the
    agency, which the managers read in the history and in their notice."""

    comment = forms.CharField(
        label=_("Comment for the agency (optional)"),
        help_text=_(
            "For example, what you added or changed in answer to the request. "
            "The agency reads it with the new version."
        ),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    field_order = ["seen_version", "comment", "declaration"]

    def service_arguments(self) -> dict:
        return {**super().service_arguments(), "comment": self.cleaned_data["comment"]}


class ConfirmForm(forms.Form):
    """An irreversible action's confirmation: the POST must carry ``confirm``."""

    confirm = forms.BooleanField(initial=True, widget=forms.HiddenInput)
