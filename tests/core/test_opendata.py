"""The open data's shared responses: CSV without BOM, JSON with its licence,
the API's pagination (sizes capped, links, 404 past the end)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.http import Http404
from django.test import RequestFactory

from core.opendata import (
    LICENCE_NAME,
    LICENCE_URL,
    csv_response,
    csv_text,
    json_response,
    paginate,
)

LINK = f'<{LICENCE_URL}>; rel="license"'


def test_csv_response_is_utf8_without_bom_with_licence_link():
    response = csv_response(
        "resultats.csv",
        ["nom", "montant", "date", "vide", "oui"],
        [
            [
                "Centre hospitalier de Cornouaille, Quimper",
                Decimal("1234.50"),
                datetime.date(2025, 10, 30),
                None,
                True,
            ],
            [
                "Filière « Cœur de Breizh »",
                Decimal("80000.00"),
                datetime.date(2025, 11, 2),
                "",
                False,
            ],
        ],
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="resultats.csv"'
    assert response["Link"] == LINK
    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.content.startswith(b"\xef\xbb\xbf")
    assert response.content.decode("utf-8") == (
        "nom,montant,date,vide,oui\r\n"
        '"Centre hospitalier de Cornouaille, Quimper",1234.50,2025-10-30,,true\r\n'
        "Filière « Cœur de Breizh »,80000.00,2025-11-02,,false\r\n"
    )


def test_csv_response_without_licence_has_no_link():
    response = csv_response("x.csv", ["a"], [], licence=False)
    assert "Link" not in response
    assert response.content == b"a\r\n"


def test_csv_text_quotes_quotes_and_newlines():
    assert csv_text(["a", "b"], [['dit "oui"', "deux\nlignes"]]) == (
        'a,b\r\n"dit ""oui""","deux\nlignes"\r\n'
    )


def test_json_response_carries_the_licence_and_numbers():
    response = json_response(
        {
            "montant": Decimal("80000.00"),
            "taux": Decimal("0.45"),
            "le": datetime.date(2025, 10, 30),
            "nom": "Cœur de Breizh",
        },
        filename="resultats.json",
    )
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="resultats.json"'
    assert response["Link"] == LINK
    assert "Cœur".encode() in response.content  # not \u-escaped
    assert json.loads(response.content) == {
        "licence": {"name": LICENCE_NAME, "id": "etalab-2.0", "url": LICENCE_URL},
        "montant": 80000,
        "taux": 0.45,
        "le": "2025-10-30",
        "nom": "Cœur de Breizh",
    }


def test_json_response_without_filename_is_shown_not_downloaded():
    assert "Content-Disposition" not in json_response({})


def test_json_response_refuses_what_it_cannot_write():
    with pytest.raises(TypeError):
        json_response({"x": object()})


def request(query=""):
    return RequestFactory().get(f"/donnees/api/v1/appels/?{query}")


def test_paginate_first_page_with_next_link():
    items, meta = paginate(request("page_size=2&q=x"), list(range(5)))
    assert items == [0, 1]
    assert meta == {
        "count": 5,
        "page": 1,
        "page_size": 2,
        "pages": 3,
        "next": "http://testserver/donnees/api/v1/appels/?page_size=2&q=x&page=2",
        "previous": None,
    }


def test_paginate_last_page_with_previous_link():
    items, meta = paginate(request("page=3&page_size=2"), list(range(5)))
    assert items == [4]
    assert meta["next"] is None
    assert meta["previous"] == (
        "http://testserver/donnees/api/v1/appels/?page=2&page_size=2"
    )


@pytest.mark.parametrize(
    ("query", "size"),
    [("", 50), ("page_size=500", 200), ("page_size=0", 50), ("page_size=x", 50)],
)
def test_paginate_page_size_default_and_cap(query, size):
    items, meta = paginate(request(query), list(range(300)))
    assert meta["page_size"] == size
    assert len(items) == size


def test_paginate_custom_sizes():
    _items, meta = paginate(
        request("page_size=30"), list(range(100)), default_size=10, max_size=20
    )
    assert meta["page_size"] == 20
    _items, meta = paginate(request(), list(range(100)), default_size=10)
    assert meta["page_size"] == 10


def test_paginate_empty_list_has_an_empty_first_page():
    items, meta = paginate(request(), [])
    assert items == []
    assert meta["count"] == 0
    assert meta["pages"] == 1


@pytest.mark.parametrize("page", ["4", "0", "-1", "deux"])
def test_paginate_page_out_of_range_is_404(page):
    with pytest.raises(Http404):
        paginate(request(f"page={page}&page_size=2"), list(range(5)))
