"""What every open dataset shares: the licence, the CSV and JSON responses, and
the pagination of the read-only API (``docs/opendata.md``).

* ``csv_response(filename, header, rows, licence=True)``: a CSV download,
  UTF-8 **without** a byte-order mark, comma-separated, quoted as needed
  (RFC 4180, ``\\r\\n`` line ends). No BOM: the files are meant for reuse by
  programs (pandas, csvkit, frictionless, data.gouv.fr's validators), for which
  a BOM glues itself to the first column's name; a spreadsheet user imports
  the file declaring UTF-8 (``docs/opendata.md`` says how).
* ``json_response(payload, filename=None)``: ``{"licence": {...}, **payload}``
  as UTF-8 JSON (accents kept as such); decimals become JSON numbers.
* ``paginate(request, items, default_size=50, max_size=200)``: the page asked
  by ``?page=`` (from 1) of ``?page_size=`` items (capped at ``max_size``),
  and its ``meta`` (``count``, ``page``, ``page_size``, ``pages``, ``next``,
  ``previous`` as absolute URLs or ``None``). A page that does not exist is a
  404 (page 1 of nothing exists: it is empty).

Both responses name the licence in a ``Link: <…>; rel="license"`` header and
allow any origin to read them (``Access-Control-Allow-Origin: *``): the data is
public and the API takes no credentials.
"""

from __future__ import annotations

import csv
import datetime
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

LICENCE_NAME = "Licence Ouverte / Open Licence version 2.0 (Etalab)"
LICENCE_ID = "etalab-2.0"  # its SPDX identifier
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
LICENCE = {"name": LICENCE_NAME, "id": LICENCE_ID, "url": LICENCE_URL}

PAGE_PARAM = "page"
PAGE_SIZE_PARAM = "page_size"


def _with_open_headers(response: HttpResponse, *, licence: bool) -> HttpResponse:
    if licence:
        response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _attachment(response: HttpResponse, filename: str) -> None:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'


def csv_cell(value: Any) -> str:
    """A value as a CSV cell: nothing for ``None``, ISO 8601 for dates, a point
    for decimals, ``true``/``false`` for booleans."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV document (header then rows) as text."""

    class _Lines(list):
        def write(self, line: str) -> None:
            self.append(line)

    lines = _Lines()
    writer = csv.writer(lines, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return "".join(lines)


def csv_response(
    filename: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    licence: bool = True,
) -> HttpResponse:
    """A CSV download of ``header`` and ``rows`` named ``filename``."""
    response = HttpResponse(
        csv_text(header, rows).encode("utf-8"),
        content_type="text/csv; charset=utf-8",
    )
    _attachment(response, filename)
    return _with_open_headers(response, licence=licence)


def json_value(value: Any) -> Any:
    """What ``json`` cannot write by itself: decimals as numbers (whole ones
    as integers), dates as ISO 8601 text."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_response(payload: dict, *, filename: str | None = None) -> HttpResponse:
    """``payload`` with the licence, as JSON; a download when ``filename``."""
    body = json.dumps(
        {"licence": LICENCE, **payload},
        ensure_ascii=False,
        default=json_value,
        indent=None,
    )
    response = HttpResponse(
        body.encode("utf-8"), content_type="application/json; charset=utf-8"
    )
    if filename:
        _attachment(response, filename)
    return _with_open_headers(response, licence=True)


def _positive(value: str | None, default: int) -> int:
    try:
        number = int(value or "")
    except ValueError:
        return default
    return number if number >= 1 else default


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query[PAGE_PARAM] = str(page)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(
    request: HttpRequest,
    items,
    *,
    default_size: int = 50,
    max_size: int = 200,
) -> tuple[list, dict]:
    """The page of ``items`` (a queryset, ordered, or a list) the request asks
    for, and its ``meta``. Two queries for a queryset (its count, its page)."""
    size = min(_positive(request.GET.get(PAGE_SIZE_PARAM), default_size), max_size)
    paginator = Paginator(items, size, allow_empty_first_page=True)
    try:
        page = paginator.page(request.GET.get(PAGE_PARAM) or 1)
    except (EmptyPage, PageNotAnInteger):
        raise Http404(_("This page of results does not exist.")) from None
    meta = {
        "count": paginator.count,
        "page": page.number,
        "page_size": size,
        "pages": paginator.num_pages,
        "next": _page_url(request, page.next_page_number())
        if page.has_next()
        else None,
        "previous": _page_url(request, page.previous_page_number())
        if page.has_previous()
        else None,
    }
    return list(page.object_list), meta
