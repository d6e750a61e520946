"""Shared PDF rendering (``core.pdf``) and calendar arithmetic (``core.time``)."""

from datetime import date

import pytest
from weasyprint.urls import FatalURLFetchingError

from core.pdf import render_pdf
from core.time import add_months


@pytest.mark.django_db
def test_render_pdf_refuses_network_urls(settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"pdf/remote.html": '<img src="http://example.org/x.png">'},
                    )
                ]
            },
        }
    ]
    with pytest.raises(FatalURLFetchingError) as refused:
        render_pdf("pdf/remote.html", {})
    assert str(refused.value.__cause__) == (
        "URI uses disallowed protocol: http://example.org/x.png"
    )


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 11, 22), 2, date(2027, 1, 22)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2027, 12, 31), 2, date(2028, 2, 29)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 1, 15), 12, date(2027, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected
