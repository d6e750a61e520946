"""An email's context kept as JSON, so that the outbox renders it when it sends.

Model instances are kept as references (``{"__model__": "app_label.modelname",
"pk": ...}``) and read again when loaded, so the email shows the data as it is
when sent; dates, datetimes, times, Decimals, UUIDs and safe strings are tagged;
lists, tuples and dicts are walked. Only values known to come back as they went
are kept: anything else (a set, a lazy translation, an enum member, an unsaved
instance…) makes the context unserialisable, and the outbox then sends the text
rendered at enqueue.

Models are resolved through the app registry: core imports no app.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.apps import apps
from django.db import models
from django.utils.safestring import SafeString, mark_safe

MODEL = "__model__"
DICT = "__dict__"
# Tagged scalars: their exact type, the tag, how they are written and read back.
SCALARS: dict[type, tuple[str, Callable[[Any], str], Callable[[str], Any]]] = {
    datetime: ("__datetime__", datetime.isoformat, datetime.fromisoformat),
    date: ("__date__", date.isoformat, date.fromisoformat),
    time: ("__time__", time.isoformat, time.fromisoformat),
    Decimal: ("__decimal__", str, Decimal),
    UUID: ("__uuid__", str, UUID),
    SafeString: ("__safe__", str, mark_safe),
}
READERS = {tag: read for tag, _write, read in SCALARS.values()}
TAGS = frozenset({MODEL, DICT, *READERS})


class Unserialisable(TypeError):
    """A context value that would not come back as it went."""


class ContextGone(LookupError):
    """A model instance the context refers to no longer exists."""


def context_dump(context: Mapping[str, Any]) -> dict | None:
    """``context`` as JSON, or ``None`` when some value cannot be kept."""
    try:
        return _dump_dict(context)
    except Unserialisable:
        return None


def _dump_dict(value: Mapping) -> dict:
    if not all(type(key) is str for key in value):
        raise Unserialisable("A context key is not a string.")
    dumped = {key: _dump(item) for key, item in value.items()}
    # A dict of the caller's that looks like a tag is wrapped, never misread.
    return {DICT: dumped} if TAGS.intersection(dumped) else dumped


def _dump(value: Any) -> Any:
    kind = type(value)
    if value is None or kind in (str, bool, int):
        return value
    if kind is float:
        if not math.isfinite(value):
            raise Unserialisable("A float that JSON cannot hold.")
        return value
    if kind in SCALARS:
        tag, write, _read = SCALARS[kind]
        return {tag: write(value)}
    if kind in (list, tuple):
        return [_dump(item) for item in value]
    if kind is dict:
        return _dump_dict(value)
    if isinstance(value, models.Model):
        if value.pk is None or value._state.adding:
            raise Unserialisable("An unsaved model instance.")
        return {MODEL: value._meta.label_lower, "pk": _dump(value.pk)}
    raise Unserialisable(f"A {kind.__name__} cannot be kept.")


def context_load(data: Mapping[str, Any]) -> dict:
    """The context ``data`` stands for, its instances read again (one query per
    model). Raises ``ContextGone`` when one of them was deleted, and
    ``LookupError`` when its model no longer exists."""
    wanted: dict[str, set] = {}
    _collect(data, wanted)
    rows = {
        label: apps.get_model(label)._base_manager.in_bulk(pks)
        for label, pks in wanted.items()
    }
    return _load(data, rows)


def _collect(value: Any, wanted: dict[str, set]) -> None:
    if isinstance(value, list):
        for item in value:
            _collect(item, wanted)
    elif isinstance(value, dict):
        if MODEL in value:
            wanted.setdefault(value[MODEL], set()).add(_load(value["pk"], {}))
            return
        if list(value) == [DICT]:
            value = value[DICT]
        for item in value.values():
            _collect(item, wanted)


def _load(value: Any, rows: Mapping[str, Mapping]) -> Any:
    if isinstance(value, list):
        return [_load(item, rows) for item in value]
    if not isinstance(value, dict):
        return value
    if MODEL in value:
        label, pk = value[MODEL], _load(value["pk"], rows)
        try:
            return rows[label][pk]
        except KeyError:
            raise ContextGone(f"{label} {pk} no longer exists.") from None
    if len(value) == 1:
        ((tag, item),) = value.items()
        if tag in READERS:
            return READERS[tag](item)
        if tag == DICT:
            value = item
    return {key: _load(item, rows) for key, item in value.items()}
