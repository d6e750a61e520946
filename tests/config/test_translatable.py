"""Every user-facing string reaches the French catalogue: makemessages only
extracts the calls it knows by name (``_``, ``gettext``, ``ngettext``,
``pgettext`` and their ``_lazy`` forms), so a translation function imported
under another alias would leave its strings in English on French pages."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = (
    "accounts",
    "applications",
    "calls",
    "cms",
    "core",
    "demo",
    "organisations",
    "reviews",
)
ALIASED = re.compile(
    r"from django\.utils\.translation import .*\b(n?p?gettext(?:_lazy)?) as "
    r"(?!_\b)(\w+)"
)


def test_no_translation_function_hides_under_an_alias():
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        for match in ALIASED.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_alias_check_catches_one():
    assert ALIASED.search("from django.utils.translation import gettext as _gettext")
    assert not ALIASED.search("from django.utils.translation import gettext_lazy as _")
