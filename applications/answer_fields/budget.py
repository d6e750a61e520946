"""The budget table question: expenditure lines and income lines by column.

Stored as ``{line label: {column: "1234.00"}}`` for both kinds of line (answers
saved before income lines existed read the same way). Expenditure and income are
totalled apart, by column and overall; the balance (expenditure less income) is
the amount requested from the ARS (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .amounts import AmountField, amount_json, decimal_or_none

EXPENSE = "expense"
INCOME = "income"
TITLES = {
    EXPENSE: lambda: _("Expenditure"),
    INCOME: lambda: _("Income other than the ARS (co-financing)"),
}
TOTAL_LABELS = {
    EXPENSE: lambda: _("Total expenditure"),
    INCOME: lambda: _("Total income"),
}


def budget_lines(settings: dict) -> tuple[list[str], list[str], list[str]]:
    """The question's expenditure lines, income lines and columns."""
    return (
        [str(row) for row in settings.get("rows") or []],
        [str(row) for row in settings.get("income_rows") or []],
        [str(column) for column in settings.get("columns") or []],
    )


def _part(kind: str, labels, columns, values, offset: int, cells) -> dict:
    width = len(columns)
    rows, column_totals = [], [Decimal(0)] * width
    for index, label in enumerate(labels, start=offset):
        row_cells, total = [], Decimal(0)
        for position, column in enumerate(columns):
            flat = index * width + position
            raw = values[flat] if flat < len(values) else None
            amount = decimal_or_none(raw)
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
        rows.append({"label": label, "kind": kind, "cells": row_cells, "total": total})
    return {
        "kind": kind,
        "title": TITLES[kind](),
        "total_label": TOTAL_LABELS[kind](),
        "rows": rows,
        "column_totals": column_totals,
        "totals": _by_column(columns, column_totals),
        "total": sum(column_totals, Decimal(0)),
    }


def _by_column(columns, amounts) -> list[dict]:
    return [
        {"column": column, "amount": amount}
        for column, amount in zip(columns, amounts, strict=True)
    ]


def budget_grid(
    expense_rows, income_rows, columns, values: list, cells: list | None = None
) -> dict:
    """Expenditure and income, each with its rows, column totals and total, and
    the balance (expenditure less income: the amount requested from the ARS).

    ``values`` are the cells row by row, expenditure lines first; ``cells`` (the
    widget's subwidgets, when rendering the form) are attached to their cells.
    """
    expense_rows, income_rows = list(expense_rows), list(income_rows)
    columns = list(columns)
    expense = _part(EXPENSE, expense_rows, columns, values, 0, cells)
    income = _part(INCOME, income_rows, columns, values, len(expense_rows), cells)
    balance = [
        spent - received
        for spent, received in zip(
            expense["column_totals"], income["column_totals"], strict=True
        )
    ]
    return {
        "columns": columns,
        "span": len(columns) + 2,  # the line's label, the columns, its total
        "expense": expense,
        "income": income,
        "has_income": bool(income_rows),
        "parts": [expense, income] if income_rows else [expense],
        "balance": {
            "column_totals": balance,
            "totals": _by_column(columns, balance),
            "total": sum(balance, Decimal(0)),
        },
    }


def stored_budget_grid(settings: dict, table: Any) -> dict:
    """The grid of a stored answer, read against the question's current lines."""
    expense_rows, income_rows, columns = budget_lines(settings)
    table = table if isinstance(table, dict) else {}
    values = []
    for row in expense_rows + income_rows:
        line = table.get(row)
        line = line if isinstance(line, dict) else {}
        values += [line.get(column) for column in columns]
    return budget_grid(expense_rows, income_rows, columns, values)


class BudgetTableWidget(forms.MultiWidget):
    """One text input per cell (line by column), laid out as a table with totals."""

    template_name = "applications/dossiers/widgets/budget_table.html"

    def __init__(self, rows: list[str], columns: list[str], income_rows=(), attrs=None):
        self.expense_rows = list(rows)
        self.income_rows = list(income_rows)
        self.rows = self.expense_rows + self.income_rows
        self.columns = columns
        cell = {"class": "fr-input", "inputmode": "decimal"}
        widgets = [
            forms.TextInput(attrs=cell) for _row in self.rows for _column in columns
        ]
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
            self.expense_rows, self.income_rows, self.columns, values, cells=subwidgets
        )
        return context


class BudgetTableField(forms.MultiValueField):
    widget = BudgetTableWidget

    def __init__(
        self,
        *,
        rows: Iterable[str],
        columns: Iterable[str],
        income_rows: Iterable[str] = (),
        **kwargs,
    ):
        expense_rows = [str(row) for row in rows]
        income = [str(row) for row in income_rows]
        self.rows = expense_rows + income
        self.columns = [str(column) for column in columns]
        self.cells = [(row, column) for row in self.rows for column in self.columns]
        fields = [AmountField(min_value=0, required=False) for _cell in self.cells]
        kwargs["widget"] = BudgetTableWidget(expense_rows, self.columns, income)
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


def budget_table_field(settings: dict, call) -> tuple[forms.Field, str]:
    expense_rows, income_rows, columns = budget_lines(settings)
    field = BudgetTableField(
        rows=expense_rows, columns=columns, income_rows=income_rows
    )
    hint = _("Amounts in euros; the totals are computed when you save.")
    if income_rows:
        hint += " " + _(
            "The amount requested from the ARS is the expenditure less the other "
            "income."
        )
    return field, hint


def budget_json(value) -> dict:
    return {
        row: {column: amount_json(amount) for column, amount in columns.items()}
        for row, columns in (value or {}).items()
    }
