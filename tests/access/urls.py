"""Every URL pattern of the project, read from the URL conf."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Pattern:
    """One URL pattern: its full name (``namespace:name``) or ``None``, and its
    full route as written in the URL conf (regex parts kept as they are)."""

    name: str | None
    route: str

    @property
    def key(self) -> str:
        """How the classification table names it: the name, or the route."""
        return self.name or self.route


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = (
                    f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                )
            yield from _walk(entry, route, inner)
        elif isinstance(entry, URLPattern):
            name = None
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Pattern(name, route)


def project_patterns() -> list[Pattern]:
    """Every pattern, in URL conf order."""
    return list(_walk(get_resolver()))


def cell_ids(patterns: list[Pattern]) -> dict[Pattern, str]:
    """A unique, readable id per pattern: its key, plus its route when two
    patterns share a name (Wagtail names a few pairs alike)."""
    counts = Counter(p.key for p in patterns)
    return {p: p.key if counts[p.key] == 1 else f"{p.key}@{p.route}" for p in patterns}


_CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<parameter>\w+)>")
_SAMPLE_VALUES = {"int": "1", "str": "x", "slug": "x", "path": "x", "uuid": None}


def sample_path(route: str) -> str | None:
    """A path that the route matches, with placeholder values; ``None`` for a
    regex route (which needs an explicit sample)."""
    route = route.replace("^", "").replace("$", "")
    if "(" in route or "\\" in route or "*" in route:
        return None

    def fill(match: re.Match) -> str:
        value = _SAMPLE_VALUES.get(match["converter"] or "str")
        return value or "00000000-0000-0000-0000-000000000000"

    return "/" + _CONVERTER.sub(fill, route)
