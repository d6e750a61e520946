"""The directory's indicators page, /annuaire/indicateurs/: public, for every
role alike (it shows counts of published services and INSEE populations, no
personal data). The world publishes no service, so the page says so (200); an
unknown region is a 404 for everyone.
"""

from __future__ import annotations

from django.urls import reverse

from .expectations import everyone, row

NAME = "directory_indicators:index"

ROWS = [
    row(NAME, note="public: the default region, or none yet", **everyone(200)),
    row(
        NAME,
        id=f"{NAME}-unknown-region",
        note="a region without published services",
        path=lambda o: reverse(NAME) + "?region=zz",
        **everyone(404),
    ),
]
