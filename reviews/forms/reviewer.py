"""Forms of the reviewers' side: the conflict declaration, the grid, the thread
and the declaration of interests.

They validate input only; the services decide and refuse with French messages
(the grid's bounds and required comments come from ``ScoresInvalid.errors``),
which the views attach to the fields here.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.formatting import to_decimal

from ..enums import InterestNature, Recommendation


class AccessibleErrorsMixin:
    """The summary of a form's errors, for the top of the page. Django links
    each field to its help text and error (``aria-describedby`` to
    ``<id>_helptext`` and ``<id>_error``, ``aria-invalid``); the templates give
    those ids to the messages."""

    def error_summary(self) -> list[tuple[str, str, str]]:
        """``(anchor, label, message)`` of every error, for the summary at the
        top of the page; the form's own errors have no anchor."""
        summary = [("", "", str(message)) for message in self.non_field_errors()]
        for name, errors in self.errors.items():
            if name not in self.fields:
                continue
            for message in errors:
                summary.append((self[name].auto_id, self[name].label, str(message)))
        return summary


class ConflictDeclareForm(AccessibleErrorsMixin, forms.Form):
    reason = forms.CharField(
        label=_("Your conflict of interest with this dossier"),
        help_text=_(
            "The tie you have with the lead organisation or a partner (employment, "
            "governance role, relative…). The managers of the call read it."
        ),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the conflict of interest.")},
    )
    # Set by the confirmation page: the declaration runs only with it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ThreadMessageForm(AccessibleErrorsMixin, forms.Form):
    body = forms.CharField(
        label=_("Your message to the other reviewers"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your message.")},
    )


# The grid ---------------------------------------------------------------------


def score_name(criterion) -> str:
    return f"score-{criterion.pk}"


def comment_name(criterion) -> str:
    return f"comment-{criterion.pk}"


class ScoreInput(forms.NumberInput):
    """A number input (0 to the maximum, by hundredths) that gives a score typed
    with a French decimal comma back with a point, and a value that is not a
    number back as typed, in a text input, so that nothing typed is lost."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["attrs"].pop("maxlength", None)  # not an attribute of a number input
        if value not in (None, ""):
            number = to_decimal(value)
            if number is None or not number.is_finite():
                widget["type"] = "text"
                widget["attrs"] = {
                    k: v
                    for k, v in widget["attrs"].items()
                    if k not in ("min", "max", "step")
                }
                widget["attrs"]["inputmode"] = "decimal"
            else:
                # 3.50 shows as 3.5 and 3.00 as 3: the score as typed.
                widget["value"] = format(number.normalize(), "f")
        return context


class GridForm(AccessibleErrorsMixin, forms.Form):
    """A score and a comment per criterion of the call's grid, a general comment
    and a recommendation. Every field may be blank: a draft may be partial; the
    service says what a submission lacks."""

    comment = forms.CharField(
        label=_("General comment"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        required=False,
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )
    # Set by the recap page: the submission runs only with it.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[score_name(criterion)] = forms.CharField(
                label=_("Score for « %(criterion)s » (out of %(max)d)")
                % {"criterion": criterion, "max": criterion.max_score},
                required=False,
                max_length=20,
                widget=ScoreInput(
                    attrs={
                        "min": 0,
                        "max": criterion.max_score,
                        "step": "0.01",
                        "inputmode": "decimal",
                    }
                ),
            )
            self.fields[comment_name(criterion)] = forms.CharField(
                label=_("Comment on « %(criterion)s »") % {"criterion": criterion},
                required=False,
                max_length=20000,
                help_text=_("Required for a score below half of the maximum."),
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    @classmethod
    def initial_from(cls, review) -> dict:
        """The saved draft as the form's initial values."""
        if review is None:
            return {}
        initial = {"comment": review.comment, "recommendation": review.recommendation}
        for score in review.scores.all():
            if score.value is not None:
                initial[f"score-{score.criterion_id}"] = str(score.value)
            initial[f"comment-{score.criterion_id}"] = score.comment
        return initial

    def rows(self) -> list[tuple]:
        """``(criterion, score field, comment field)`` in the grid's order."""
        return [
            (criterion, self[score_name(criterion)], self[comment_name(criterion)])
            for criterion in self.criteria
        ]

    def service_arguments(self) -> dict:
        """What ``review_save_draft`` and ``review_submit`` take (raw scores:
        the service reads the French decimal comma)."""
        data = self.cleaned_data
        return {
            "scores": {c.pk: data.get(score_name(c), "") for c in self.criteria},
            "comments": {c.pk: data.get(comment_name(c), "") for c in self.criteria},
            "comment": data.get("comment", ""),
            "recommendation": data.get("recommendation", ""),
        }

    def add_service_errors(self, errors: dict) -> None:
        """Attach ``ScoresInvalid.errors`` to their fields: a criterion's to its
        score, or to its comment when the comment is what is missing."""
        by_pk = {c.pk: c for c in self.criteria}
        comment_missing = gettext(
            "Explain a score below half of the maximum in a comment."
        )
        for key, messages in errors.items():
            criterion = by_pk.get(key)
            for message in messages:
                if key in ("comment", "recommendation"):
                    name = key
                elif criterion is None:
                    name = None
                elif str(message) == comment_missing:
                    name = comment_name(criterion)
                else:
                    name = score_name(criterion)
                self.add_error(name, str(message))


# Declarations of interests ------------------------------------------------------


class InterestForm(AccessibleErrorsMixin, forms.Form):
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=255,
        error_messages={"required": _("Give the organisation's name.")},
    )
    identifier = forms.CharField(
        label=_("SIREN or SIRET"),
        max_length=20,
        help_text=_("9 digits (SIREN) or 14 digits (SIRET); spaces are ignored."),
        error_messages={
            "required": _(
                "Give the organisation's SIREN (9 digits) or SIRET (14 digits)."
            )
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nature = forms.ChoiceField(
        label=_("Nature of the tie"),
        choices=[("", "---------"), *InterestNature.choices],
        error_messages={"required": _("Choose the nature of the tie.")},
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    since = forms.DateField(
        label=_("Since"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Give the date the tie began."),
            "invalid": _("Enter a valid date."),
        },
    )

    @classmethod
    def initial_from(cls, declaration) -> dict:
        return {
            "organisation_name": declaration.organisation_name,
            "identifier": declaration.siret or declaration.siren,
            "nature": declaration.nature,
            "details": declaration.details,
            "since": declaration.since,
        }

    def clean_identifier(self) -> str:
        digits = "".join(ch for ch in self.cleaned_data["identifier"] if ch.isdigit())
        if len(digits) not in (9, 14) or len(digits) != len(
            self.cleaned_data["identifier"].replace(" ", "").replace("\u00a0", "")
        ):
            raise forms.ValidationError(
                _("Give the organisation's SIREN (9 digits) or SIRET (14 digits).")
            )
        return digits

    def service_fields(self) -> dict:
        """The fields ``interest_declare`` and ``interest_update`` take."""
        data = self.cleaned_data
        identifier = data["identifier"]
        return {
            "organisation_name": data["organisation_name"],
            "siren": identifier[:9],
            "siret": identifier if len(identifier) == 14 else "",
            "nature": data["nature"],
            "details": data.get("details", ""),
            "since": data["since"],
        }
