"""One form field per question block, and how its answer is stored.

A pure mapping from a question (``applications.questionnaire.Question``) to a
Django form field, with ``to_json`` (cleaned value → what the dossier's answers
JSON stores) and ``from_json`` (stored value → initial value of the field).

No field is required here: a draft may be saved incomplete, and the required
answers are checked at submission (``applications.submission``). Every value is
still validated on the server against the question's settings.

The complex types live in their own modules: ``budget`` (expenditure and income
lines, their totals and the request), ``identifier`` (SIRET, SIREN, FINESS) and
``amounts`` (euros typed the French way).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.models import Territory

from .amounts import AmountField, amount_json
from .budget import budget_grid, budget_json, budget_table_field, stored_budget_grid
from .identifier import identifier_field

if TYPE_CHECKING:
    from calls.models import Call

    from ..questionnaire import Question

__all__ = [
    "AmountField",
    "budget_grid",
    "build_field",
    "from_json",
    "stored_budget_grid",
    "territory_queryset",
    "to_json",
]

# Fields ----------------------------------------------------------------------------


class LongTextField(forms.CharField):
    """Counts a line break as one character, as the browser's counter does."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


def validate_max_selected(limit: int) -> Callable[[list], None]:
    def validate(value: list) -> None:
        if value and len(value) > limit:
            raise ValidationError(
                ngettext(
                    "Choose at most %(limit)d option (you chose %(count)d).",
                    "Choose at most %(limit)d options (you chose %(count)d).",
                    limit,
                )
                % {"limit": limit, "count": len(value)},
                code="max_selected",
            )

    return validate


# Building a question's field ------------------------------------------------------


def territory_queryset(level: str, call: Call | None) -> QuerySet[Territory]:
    """Territories of the level, within the call's territories when it has some.

    A territory counts as within the call when it is one of the call's territories,
    one of their children or one of their grandchildren (a filière may hang from a
    département of the region the call covers).
    """
    queryset = Territory.objects.filter(level=level)
    covered = [territory.pk for territory in call.territories.all()] if call else []
    if covered:
        queryset = queryset.filter(
            Q(pk__in=covered)
            | Q(parent_id__in=covered)
            | Q(parent__parent_id__in=covered)
        )
    return queryset.order_by("name")


def _bounds_hint(low, high) -> str:
    if low is not None and high is not None:
        return _("Between %(min)s and %(max)s.") % {"min": low, "max": high}
    if low is not None:
        return _("At least %(min)s.") % {"min": low}
    if high is not None:
        return _("At most %(max)s.") % {"max": high}
    return ""


def _short_text(settings: dict, call) -> tuple[forms.Field, str]:
    return forms.CharField(max_length=settings.get("max_length") or 255), ""


def _long_text(settings: dict, call) -> tuple[forms.Field, str]:
    limit = settings.get("max_chars") or 3000
    field = LongTextField(max_length=limit, widget=forms.Textarea(attrs={"rows": 8}))
    hint = ngettext(
        "%(count)d character maximum.", "%(count)d characters maximum.", limit
    ) % {"count": limit}
    return field, hint


def _number(settings: dict, call) -> tuple[forms.Field, str]:
    low, high = settings.get("min_value"), settings.get("max_value")
    field = forms.IntegerField(min_value=low, max_value=high)
    hints = [_bounds_hint(low, high)]
    if settings.get("unit"):
        hints.append(_("Unit: %(unit)s.") % {"unit": settings["unit"]})
    return field, " ".join(hint for hint in hints if hint)


def _amount(settings: dict, call) -> tuple[forms.Field, str]:
    high = settings.get("max_amount")
    high = Decimal(str(high)) if high is not None else None
    field = AmountField(min_value=0, max_value=high)
    hint = _("In euros, with at most two decimals.")
    if high is not None:
        hint += " " + _("At most %(max)s €.") % {"max": high}
    return field, hint


def _date(settings: dict, call) -> tuple[forms.Field, str]:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    field = forms.DateField(widget=widget, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    return field, _("Format: dd/mm/yyyy.")


def _choices(settings: dict) -> list[tuple[str, str]]:
    return [(str(choice), str(choice)) for choice in settings.get("choices") or []]


def _choice(settings: dict, call) -> tuple[forms.Field, str]:
    return forms.ChoiceField(choices=_choices(settings), widget=forms.RadioSelect), ""


def _multiple_choice(settings: dict, call) -> tuple[forms.Field, str]:
    limit = settings.get("max_selected")
    field = forms.MultipleChoiceField(
        choices=_choices(settings),
        widget=forms.CheckboxSelectMultiple,
        validators=[validate_max_selected(limit)] if limit else [],
    )
    hint = ""
    if limit:
        hint = ngettext(
            "Choose at most %(limit)d option.",
            "Choose at most %(limit)d options.",
            limit,
        ) % {"limit": limit}
    return field, hint


def _territory(settings: dict, call) -> tuple[forms.Field, str]:
    queryset = territory_queryset(settings.get("level") or "filiere", call)
    if settings.get("multiple"):
        field = forms.ModelMultipleChoiceField(
            queryset=queryset, widget=forms.CheckboxSelectMultiple
        )
        return field, _("You may choose several territories.")
    field = forms.ModelChoiceField(
        queryset=queryset, empty_label=_("Choose a territory")
    )
    return field, ""


BUILDERS: dict[str, Callable[[dict, Any], tuple[forms.Field, str]]] = {
    "short_text": _short_text,
    "long_text": _long_text,
    "number": _number,
    "amount": _amount,
    "date": _date,
    "choice": _choice,
    "multiple_choice": _multiple_choice,
    "territory": _territory,
    "budget_table": budget_table_field,
    "identifier": identifier_field,
}


def build_field(question: Question, *, call: Call | None = None) -> forms.Field | None:
    """The form field answering the question; ``None`` for a file question (files
    are uploaded on the dossier's attachments page)."""
    builder = BUILDERS.get(question.kind)
    if builder is None:
        return None
    field, hint = builder(question.settings, call)
    field.label = question.label
    field.required = False
    field.required_to_submit = question.required
    help_text = str(question.settings.get("help_text") or "").strip()
    field.help_text = " ".join(part for part in (help_text, hint) if part)
    return field


# Stored values ----------------------------------------------------------------------


def to_json(question: Question, value: Any) -> Any:
    """The cleaned value of the question's field, as the answers JSON stores it."""
    kind = question.kind
    if kind in {"short_text", "long_text", "choice", "identifier"}:
        return value or ""
    if kind == "number":
        return value
    if kind == "amount":
        return amount_json(value)
    if kind == "date":
        return value.isoformat() if value else None
    if kind == "multiple_choice":
        return list(value or [])
    if kind == "territory":
        if question.settings.get("multiple"):
            return [territory.pk for territory in value or []]
        return value.pk if value is not None else None
    if kind == "budget_table":
        return budget_json(value)
    return None


def from_json(question: Question, stored: Any) -> Any:
    """The field's initial value from the stored answer; never fails on an answer
    stored under an earlier version of the question."""
    try:
        return _from_json(question, stored)
    except (TypeError, ValueError, InvalidOperation):
        return None


def _from_json(question: Question, stored: Any) -> Any:
    kind = question.kind
    if kind in {"short_text", "long_text", "choice", "identifier"}:
        return "" if stored is None else str(stored)
    if stored is None or stored == "":
        return [] if kind == "multiple_choice" else None
    if kind == "number":
        return int(stored)
    if kind == "amount":
        return Decimal(str(stored))
    if kind == "date":
        return datetime.date.fromisoformat(stored)
    if kind == "multiple_choice":
        return [str(item) for item in stored] if isinstance(stored, list) else []
    if kind == "territory":
        if question.settings.get("multiple"):
            return [int(pk) for pk in stored] if isinstance(stored, list) else []
        return int(stored)
    if kind == "budget_table":
        return stored if isinstance(stored, dict) else None
    return None
