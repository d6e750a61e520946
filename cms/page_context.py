"""What each public page shows, looked up by page type.

Wagtail asks a page model for its template context; the queries and filter forms
that fill it live in ``cms.views``, which imports the models. So that the models
need not import them back, ``cms.views`` registers one builder per page type
here when the app is ready, and the models ask through :func:`build_context`.
"""

from __future__ import annotations

from collections.abc import Callable

ContextBuilder = Callable[..., dict]

_builders: dict[str, ContextBuilder] = {}


def context_builder(page_type: str) -> Callable[[ContextBuilder], ContextBuilder]:
    """Register ``builder(page, request, context) -> context`` for ``page_type``
    (``"app_label.ModelName"``)."""

    def register(builder: ContextBuilder) -> ContextBuilder:
        _builders[page_type.lower()] = builder
        return builder

    return register


def build_context(page, request, context: dict) -> dict:
    """The page's context, completed by its type's builder when it has one."""
    builder = _builders.get(page._meta.label_lower)
    return builder(page, request, context) if builder else context
