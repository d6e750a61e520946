"""The POST forms of a page, read from its HTML as a browser would submit them.

A form is its action (the page's own path when it names none), whether it sends
files, and its fields: each with its name, its kind (the input's type,
``select``, ``textarea`` or ``submit`` for a named button) and what a browser
offers for it (the value it holds, the options of a select or a radio group).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

# Inputs a browser never sends, or sends only when clicked (a named button is a
# ``submit`` field of its own).
_NOT_SENT = {"reset", "button", "image"}
# A submit button, or a field where Enter submits the form.
_SUBMITTING = {
    "submit",
    "image",
    "text",
    "email",
    "number",
    "password",
    "search",
    "tel",
    "url",
    "date",
    "datetime-local",
    "time",
    "month",
}
# The kind of a field the page's script writes: always sent as it is.
SCRIPT = "script"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text, hidden, number, date, checkbox, radio, file, select, script…
    values: tuple[str, ...] = ()  # what the page offers, first the one it holds
    multiple: bool = False  # a select multiple or a group of checkboxes
    checked: tuple[str, ...] = ()  # the values the page sends as it stands


@dataclass(frozen=True)
class Form:
    action: str  # a path, with its query string
    multipart: bool
    fields: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def signature(self) -> tuple:
        """Two forms alike post the same names to the same place."""
        return (self.action, tuple(sorted(f.name for f in self.fields)))


def post_forms(html: str, page: str) -> list[Form]:
    """The ``<form method="post">`` of ``html`` (served at the path ``page``)
    that post to this site."""
    soup = BeautifulSoup(html, "html.parser")
    forms = []
    for tag in soup.find_all("form"):
        if (tag.get("method") or "get").lower() != "post":
            continue
        action = urljoin("http://testserver" + page, tag.get("action") or page)
        parts = urlsplit(action)
        if parts.netloc != "testserver":
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not _submittable(tag):
            continue
        multipart = (tag.get("enctype") or "").lower() == "multipart/form-data"
        forms.append(Form(path, multipart, tuple(_fields(tag))))
    return forms


def _submittable(form) -> bool:
    """Whether a user without the page's script can send it: a submit button,
    or a field where Enter submits (a form of hidden fields and a checkbox is
    the script's, e.g. Wagtail's editing-session ping)."""
    for tag in form.find_all(["button", "input"]):
        kind = tag.get("type") or ("submit" if tag.name == "button" else "text")
        if kind.lower() in _SUBMITTING:
            return True
    return False


def _fields(form) -> list[Field]:
    return _typed_fields(form) + _stream_fields(form)


def _stream_fields(form) -> list[Field]:
    """A Wagtail StreamField is an empty ``<div>`` whose blocks Wagtail's script
    turns into fields; sent here as the script sends an empty stream. Wagtail
    reads the count it writes unchecked: a body without it is Wagtail's 500."""
    return [
        Field(f"{div['id']}-count", SCRIPT, ("0",), checked=("0",))
        for div in form.find_all("div", attrs={"data-controller": "w-block"})
        if div.get("id") and not div.find_parent("template")
    ]


def _typed_fields(form) -> list[Field]:
    groups: dict[str, list] = {}
    for tag in form.find_all(["input", "select", "textarea", "button"]):
        name = tag.get("name")
        # A <template>'s fields (an empty formset row) are the script's to copy.
        if name and not tag.find_parent("template"):
            groups.setdefault(name, []).append(tag)
    return [f for name, tags in groups.items() if (f := _field(name, tags))]


def _field(name: str, tags: list) -> Field | None:
    first = tags[0]
    if first.name == "select":
        options = [o.get("value", o.get_text()) for o in first.find_all("option")]
        chosen = [
            o.get("value", o.get_text())
            for o in first.find_all("option")
            if o.has_attr("selected")
        ]
        multiple = first.has_attr("multiple")
        if not chosen and options and not multiple:
            chosen = options[:1]
        return Field(name, "select", tuple(options), multiple, tuple(chosen))
    if first.name == "textarea":
        text = first.get_text()
        return Field(name, "textarea", (text,), checked=(text,))
    kind = (first.get("type") or "text").lower()
    if first.name == "button":
        kind = "submit" if kind in ("submit", "") else kind
    if kind in _NOT_SENT:
        return None
    values = tuple(
        t.get("value", "on" if kind in ("checkbox", "radio") else "") for t in tags
    )
    if kind in ("checkbox", "radio"):
        checked = tuple(t.get("value", "on") for t in tags if t.has_attr("checked"))
        return Field(name, kind, values, kind == "checkbox" and len(tags) > 1, checked)
    if kind == "submit":
        return Field(name, kind, values)
    return Field(name, kind, values, len(tags) > 1, values)
