"""Amounts in euros: typed the French way, stored as strings with two decimals."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

CENT = Decimal("0.01")
AMOUNT_MAX_DIGITS = 14  # as Application.requested_amount
SPACES = (" ", "\u00a0", "\u202f")


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


def decimal_or_none(value: Any) -> Decimal | None:
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


def amount_json(value) -> str | None:
    return None if value is None else format(value.quantize(CENT), "f")
