"""Hypothesis strategies for what a user, a broken browser or a hand-made request
can send to a form: each field left out, sent as the page holds it, or replaced
by something generated for its kind (unicode with NUL bytes, very long text,
huge or negative numbers, malformed dates, options the page does not offer),
and for a file input small generated files with generated names.

``post_data(form)`` draws the POST body as a dict of lists (the shape the test
client and ``urlencode(…, doseq=True)`` take).
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import strategies as st

from .html_forms import SCRIPT, Field, Form

# Text a form must refuse politely, whatever its field.
TRICKY = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "0",
    "-1",
    "-0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "9" * 40,
    "-" + "9" * 40,
    "1,5",
    "1 000,50",
    "0.001",
    "2026-02-30",
    "30/02/2026",
    "2026-13-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "31/12/9999 23:59",
    "01/01/0001 00:00",
    "2026-06-01T25:61",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "../../etc/passwd",
    "%00",
    "null",
    "[]",
    "{}",
    '{"a":',
    "\u202e\u200b",
    "\U0001d54f" * 100,
    "a" * 100_000,
)

_TEXT = st.one_of(
    st.text(max_size=40),  # every code point but surrogates, NUL and controls too
    st.text(min_size=1, max_size=8).map(lambda s: s * 1500),  # long
    st.sampled_from(TRICKY),
)
_NUMBER = st.one_of(
    st.integers().map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
)
_DATE = st.one_of(
    st.dates().map(datetime.date.isoformat),
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
    st.datetimes().map(lambda d: d.strftime("%d/%m/%Y %H:%M")),
)
_EMAIL = st.emails()
_BY_KIND = {
    "number": _NUMBER,
    "range": _NUMBER,
    "date": _DATE,
    "datetime-local": _DATE,
    "time": _DATE,
    "month": _DATE,
    "email": _EMAIL,
}
# The ones a browser sends as one of the page's values.
_CHOICES = {"select", "radio", "checkbox"}
# The ones a user types into.
_TYPED = {"text", "textarea", "search", "tel", "url", "password", *_BY_KIND}

_FILE_NAMES = st.tuples(
    st.text(
        alphabet=st.characters(exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from(["pdf", "odt", "ods", "xlsx", "docx", "csv", "txt", "exe", ""]),
).map(lambda parts: f"{parts[0]}.{parts[1]}" if parts[1] else parts[0])
_FILE_CONTENTS = st.one_of(
    st.binary(max_size=2048),
    st.binary(max_size=512).map(lambda b: b"%PDF-1.7\n" + b),
    st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b),
    st.text(max_size=300).map(lambda s: ("finess;nom\n" + s).encode()),
)


def junk(kind: str) -> st.SearchStrategy[str]:
    """A value typed by someone who ignores what the field asks for."""
    by_kind = _BY_KIND.get(kind)
    return st.one_of(by_kind, _TEXT) if by_kind is not None else _TEXT


def uploads() -> st.SearchStrategy[SimpleUploadedFile]:
    return st.builds(
        SimpleUploadedFile,
        name=_FILE_NAMES,
        content=_FILE_CONTENTS,
        content_type=st.sampled_from(["application/pdf", "application/octet-stream"]),
    )


def _chosen(field: Field) -> st.SearchStrategy[list[str]]:
    """Values among the page's: several for a multiple choice, one otherwise."""
    offered = st.sampled_from(field.values)
    if field.multiple:
        return st.lists(offered, max_size=len(field.values) + 1)
    return offered.map(lambda value: [value])


def field_values(field: Field, *, mangle_hidden: bool) -> st.SearchStrategy[list]:
    """What is sent for ``field``: an empty list when left out."""
    kept = st.just(list(field.checked))
    left_out = st.just([])
    if field.kind == SCRIPT or (field.kind == "hidden" and not mangle_hidden):
        return kept
    if field.kind == "file":
        return st.one_of(left_out, st.lists(uploads(), min_size=1, max_size=2))
    if field.kind == "submit":
        return st.sampled_from([[], *([value] for value in field.values)])
    mangled = st.lists(junk(field.kind), min_size=1, max_size=2)
    if field.kind == "hidden":
        # Mostly as the page holds it (CSRF token, formset management, ids).
        return st.sampled_from([kept] * 6 + [left_out, mangled]).flatmap(lambda s: s)
    options = [kept, left_out, mangled]
    if field.kind in _CHOICES and field.values:
        options.append(_chosen(field))
    if field.kind in _TYPED:
        options.append(junk(field.kind).map(lambda value: [value]))
    return st.one_of(options)


def post_data(form: Form, *, mangle_hidden: bool) -> st.SearchStrategy[dict]:
    """A POST body for ``form``, without the fields left out; its hidden fields
    as the page holds them unless ``mangle_hidden``."""
    return st.fixed_dictionaries(
        {
            field.name: field_values(field, mangle_hidden=mangle_hidden)
            for field in form.fields
        }
    ).map(lambda data: {name: values for name, values in data.items() if values})
