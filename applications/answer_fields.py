"""One form field per question block, and how its answer is stored.

A pure mapping from a question (``applications.questionnaire.Question``) to a
Django form field, with ``to_json`` (cleaned value → what the dossier's answers
JSON stores) and ``from_json`` (stored value → initial value of the field).

No field is required here: a draft may be saved incomplete, and the required
answers are checked at submission (``applications.submission``). Every value is
still validated on the server against the question's settings.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.models import Territory

if TYPE_CHECKING:
    from calls.models import Call

    from .questionnaire import Question

CENT = Decimal("0.01")
AMOUNT_MAX_DIGITS = 14  # as Application.requested_amount
SPACES = (" ", "\u00a0", "\u202f")


# Fields ----------------------------------------------------------------------------


class LongTextField(forms.CharField):
    """Counts a line break as one character, as the browser's counter does."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if isinstance(value, str) else value


class AmountField(forms.DecimalField):
    """An amount in euros: « 1 234,56 » and « 1234.56 » are both understood."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", AMOUNT_MAX_DIGITS)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            for space in SPACES:
                value = value.replace(space, "")
        return super().to_python(value)


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


class BudgetTableWidget(forms.MultiWidget):
    """One text input per cell (row by column), laid out as a table with totals."""

    template_name = "applications/dossiers/widgets/budget_table.html"

    def __init__(self, rows: list[str], columns: list[str], attrs=None):
        self.rows = rows
        self.columns = columns
        cell = {"class": "fr-input", "inputmode": "decimal"}
        widgets = [forms.TextInput(attrs=cell) for _row in rows for _column in columns]
        super().__init__(widgets, attrs)

    def decompress(self, value):
        value = value if isinstance(value, dict) else {}
        return [
            (value.get(row) if isinstance(value.get(row), dict) else {}).get(column)
            for row in self.rows
            for column in self.columns
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        subwidgets = context["widget"]["subwidgets"]
        values = [subwidget["value"] for subwidget in subwidgets]
        context["widget"]["grid"] = budget_grid(
            self.rows, self.columns, values, cells=subwidgets
        )
        return context


class BudgetTableField(forms.MultiValueField):
    widget = BudgetTableWidget

    def __init__(self, *, rows: Iterable[str], columns: Iterable[str], **kwargs):
        self.rows = [str(row) for row in rows]
        self.columns = [str(column) for column in columns]
        self.cells = [(row, column) for row in self.rows for column in self.columns]
        fields = [AmountField(min_value=0, required=False) for _cell in self.cells]
        kwargs["widget"] = BudgetTableWidget(self.rows, self.columns)
        super().__init__(fields, require_all_fields=False, required=False, **kwargs)

    def clean(self, value):
        # Each error names its cell, which the default clean() does not do.
        if isinstance(value, dict) or not isinstance(value, list | tuple):
            value = self.widget.decompress(value)
        size = len(self.cells)
        value = (list(value) + [None] * size)[:size]
        cleaned, errors = [], []
        cells = zip(self.cells, self.fields, value, strict=True)
        for (row, column), field, raw in cells:
            try:
                cleaned.append(field.clean(raw))
            except ValidationError as error:
                errors += [
                    _("%(row)s, %(column)s: %(error)s")
                    % {"row": row, "column": column, "error": message}
                    for message in error.messages
                ]
        if errors:
            raise ValidationError(errors)
        table = self.compress(cleaned)
        self.validate(table)
        self.run_validators(table)
        return table

    def compress(self, data_list):
        table: dict[str, dict[str, Decimal]] = {}
        for (row, column), amount in zip(self.cells, data_list, strict=True):
            if amount is not None:
                table.setdefault(row, {})[column] = amount
        return table


def _decimal(value: Any) -> Decimal | None:
    """A typed or stored amount, or ``None`` when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).replace(",", ".")
    for space in SPACES:
        text = text.replace(space, "")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() else None


def budget_grid(rows, columns, values: list, cells: list | None = None) -> dict:
    """Rows with their cells and totals, column totals and the grand total.

    ``values`` are the cells row by row; ``cells`` (the widget's subwidgets, when
    rendering the form) are attached to the cells they belong to.
    """
    width = len(columns)
    grid_rows, column_totals = [], [Decimal(0)] * width
    for index, row in enumerate(rows):
        row_cells, total = [], Decimal(0)
        for position, column in enumerate(columns):
            flat = index * width + position
            raw = values[flat] if flat < len(values) else None
            amount = _decimal(raw)
            total += amount or 0
            column_totals[position] += amount or 0
            row_cells.append(
                {
                    "column": column,
                    "value": raw,
                    "amount": amount,
                    "widget": cells[flat] if cells else None,
                }
            )
        grid_rows.append({"label": row, "cells": row_cells, "total": total})
    return {
        "columns": list(columns),
        "rows": grid_rows,
        "column_totals": column_totals,
        "total": sum(column_totals, Decimal(0)),
    }


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


def _budget_table(settings: dict, call) -> tuple[forms.Field, str]:
    field = BudgetTableField(
        rows=settings.get("rows") or [], columns=settings.get("columns") or []
    )
    return field, _("Amounts in euros; the totals are computed when you save.")


BUILDERS: dict[str, Callable[[dict, Any], tuple[forms.Field, str]]] = {
    "short_text": _short_text,
    "long_text": _long_text,
    "number": _number,
    "amount": _amount,
    "date": _date,
    "choice": _choice,
    "multiple_choice": _multiple_choice,
    "territory": _territory,
    "budget_table": _budget_table,
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


def _amount_json(value) -> str | None:
    return None if value is None else format(value.quantize(CENT), "f")


def to_json(question: Question, value: Any) -> Any:
    """The cleaned value of the question's field, as the answers JSON stores it."""
    kind = question.kind
    if kind in {"short_text", "long_text", "choice"}:
        return value or ""
    if kind == "number":
        return value
    if kind == "amount":
        return _amount_json(value)
    if kind == "date":
        return value.isoformat() if value else None
    if kind == "multiple_choice":
        return list(value or [])
    if kind == "territory":
        if question.settings.get("multiple"):
            return [territory.pk for territory in value or []]
        return value.pk if value is not None else None
    if kind == "budget_table":
        return {
            row: {column: _amount_json(amount) for column, amount in columns.items()}
            for row, columns in (value or {}).items()
        }
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
    if kind in {"short_text", "long_text", "choice"}:
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
