"""Rendering of emails from ``templates/emails/<template>/``.

Each email has ``subject.txt``, ``body.txt`` and optionally ``body.html``,
rendered in the recipient's language on the Paris clock.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string

from .time import french_on_paris_clock


def render_email(
    template: str, context: Mapping[str, Any], *, language: str = "fr"
) -> tuple[str, str, str]:
    """The ``(subject, body, body_html)`` of ``template``; ``body_html`` is ""
    when the template has no ``body.html``.

    The subject is collapsed to one line (a newline would break the header).
    """
    context = dict(context)
    with french_on_paris_clock(language):
        subject = render_to_string(f"emails/{template}/subject.txt", context)
        body = render_to_string(f"emails/{template}/body.txt", context)
        body_html = ""
        # Only the file's absence is optional: a broken include inside an
        # existing body.html must still fail loudly.
        try:
            html_template = get_template(f"emails/{template}/body.html")
        except TemplateDoesNotExist:
            html_template = None
        if html_template is not None:
            body_html = html_template.render(context)
    return " ".join(subject.split()), body.strip() + "\n", body_html.strip()
