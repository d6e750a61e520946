"""The call's form in the Wagtail admin: only the user's own authorities, French
dates, and a confirmation before a closing date that would close the call now or
fall before dossiers already submitted."""

from __future__ import annotations

from django import forms
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.forms import WagtailAdminModelForm

from core.time import paris_datetime_short

from .permissions import authorities_for
from .widgets import FRENCH_DATETIME_FORMAT, FrenchDateTimeInput

DATE_ERROR = _(
    "Enter a valid date and time in the format dd/mm/yyyy hh:mm, "
    "for example 01/03/2027 09:00."
)
# A call's dates fall within these years; 01/01/0001 is a typo, and one that no
# database query can hold once turned to UTC (SQLite raised OverflowError).
FIRST_YEAR, LAST_YEAR = 2000, 2099
# French first; ISO stays accepted for the tests and the API.
INPUT_FORMATS = [FRENCH_DATETIME_FORMAT, "%d/%m/%Y %H:%M:%S", "%Y-%m-%d %H:%M"]


def _within_years(value) -> None:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise forms.ValidationError(
            _("Enter a date between the years %(first)s and %(last)s."),
            code="out_of_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


# What a reviewer's total depends on: relabelling or reordering is harmless.
SCORING_FIELDS = frozenset({"weight", "max_score"})


class CallAdminForm(WagtailAdminModelForm):
    """Offers, and accepts, only the authorities the user belongs to: a manager
    cannot hand a call to another authority, nor take one from it."""

    confirm_closing = forms.BooleanField(
        label=_("I confirm this closing date"),
        required=False,
        help_text=_(
            "Asked only when the new closing date is in the past or before "
            "dossiers already submitted."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("authority")
        if field is not None:
            field.queryset = authorities_for(self.for_user)
            field.error_messages["invalid_choice"] = _(
                "Choose an authority you belong to: you can only manage the calls "
                "of your own authority."
            )
        for name in ("opens_at", "closes_at"):
            field = self.fields.get(name)
            if field is None:
                continue
            field.input_formats = INPUT_FORMATS
            field.widget = FrenchDateTimeInput()
            field.error_messages["invalid"] = DATE_ERROR
            field.validators.append(_within_years)
            field.help_text = _("Paris time, dd/mm/yyyy hh:mm.")

    def clean(self):
        cleaned = super().clean()
        closes_at = cleaned.get("closes_at")
        opens_at = cleaned.get("opens_at")
        if closes_at is None or "closes_at" not in self.changed_data:
            return cleaned
        if opens_at is not None and closes_at <= opens_at:
            return cleaned  # the model refuses it with its own message
        warnings = self.closing_warnings(closes_at)
        if warnings and not cleaned.get("confirm_closing"):
            self.add_error("closes_at", " ".join(str(w) for w in warnings))
            self.add_error(
                "confirm_closing",
                _("Check this box to save this closing date anyway."),
            )
        return cleaned

    def is_valid(self) -> bool:
        valid = super().is_valid()
        if valid and self.grid_changed_after_scoring():
            self.add_error(
                None,
                _(
                    "The evaluation grid cannot change: reviewers have already "
                    "scored dossiers of this call against it. Their totals would no "
                    "longer add up."
                ),
            )
            return False
        return valid

    def grid_changed_after_scoring(self) -> bool:
        """Whether the criteria formset adds, drops or reweighs a criterion of a
        grid reviewers scored against."""
        formset = getattr(self, "formsets", {}).get("criteria")
        if formset is None or not self.instance.pk:
            return False
        if not self.instance.criteria.filter(scores__isnull=False).exists():
            return False
        kept = {
            form.instance.pk
            for form in formset.forms
            if form.instance.pk and form not in formset.deleted_forms
        }
        existing = set(self.instance.criteria.values_list("pk", flat=True))
        if existing != kept:
            return True
        return any(
            set(form.changed_data) & SCORING_FIELDS
            for form in formset.forms
            if form not in formset.deleted_forms
        )

    def closing_warnings(self, closes_at) -> list:
        warnings = []
        if closes_at <= timezone.now():
            warnings.append(
                _(
                    "This closing date is in the past: the call will be closed "
                    "as soon as it is saved."
                )
            )
        if self.instance.pk:
            last = self.instance.applications.aggregate(
                last=Max("versions__submitted_at")
            )["last"]
            if last is not None and closes_at <= last:
                count = (
                    self.instance.applications.filter(
                        versions__submitted_at__gte=closes_at
                    )
                    .distinct()
                    .count()
                )
                warnings.append(
                    ngettext(
                        "%(count)s dossier was submitted at or after this date "
                        "(the last on %(last)s).",
                        "%(count)s dossiers were submitted at or after this date "
                        "(the last on %(last)s).",
                        count,
                    )
                    % {"count": count, "last": paris_datetime_short(last)}
                )
        return warnings
