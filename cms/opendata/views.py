"""The open data's downloads and read-only API (GET only, no sign-in).

A call is known here once its public page is live; its results once they are
released: before that, its results' URLs are 404, like an unknown call's.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from calls.models import Authority
from core.opendata import csv_response, json_response, paginate
from reviews.opendata.scdl import scdl_export

from .datasets import (
    CALL_COLUMNS,
    RESULT_COLUMNS,
    call_csv_row,
    call_record,
    figures_record,
    laureate_csv_row,
    laureate_record,
)
from .selectors import figures_for_pages, public_call_pages, public_results

API_PAGE_SIZE = 50
API_MAX_PAGE_SIZE = 200


def _call_records(request: HttpRequest, pages) -> list[dict]:
    figures = figures_for_pages(pages)
    return [
        call_record(
            page,
            figures=figures.get(page.call_id),
            absolute=request.build_absolute_uri,
        )
        for page in pages
    ]


@require_GET
def calls_csv(request: HttpRequest) -> HttpResponse:
    records = _call_records(request, list(public_call_pages()))
    return csv_response(
        "appels.csv", CALL_COLUMNS, [call_csv_row(record) for record in records]
    )


@require_GET
def calls_json(request: HttpRequest) -> HttpResponse:
    records = _call_records(request, list(public_call_pages()))
    return json_response({"appels": records}, filename="appels.json")


@require_GET
def api_calls(request: HttpRequest) -> HttpResponse:
    pages, meta = paginate(
        request,
        public_call_pages(),
        default_size=API_PAGE_SIZE,
        max_size=API_MAX_PAGE_SIZE,
    )
    return json_response({"meta": meta, "results": _call_records(request, pages)})


def _results_or_404(request: HttpRequest, reference: str):
    found = public_results(reference)
    if found is None:
        raise Http404(_("No published results for this call."))
    page, results = found
    page.results_released = True
    call = call_record(
        page, figures=results.figures, absolute=request.build_absolute_uri
    )
    laureates = [laureate_record(l_, reference) for l_ in results.laureates]
    return call, laureates, results


@require_GET
def results_csv(request: HttpRequest, reference: str) -> HttpResponse:
    _call, laureates, _results = _results_or_404(request, reference)
    return csv_response(
        f"resultats-{reference}.csv",
        RESULT_COLUMNS,
        [laureate_csv_row(record) for record in laureates],
    )


@require_GET
def results_json(request: HttpRequest, reference: str) -> HttpResponse:
    call, laureates, results = _results_or_404(request, reference)
    return json_response(
        {
            "appel": call,
            "chiffres": figures_record(results.figures),
            "laureats": laureates,
        },
        filename=f"resultats-{reference}.json",
    )


@require_GET
def api_results(request: HttpRequest, reference: str) -> HttpResponse:
    call, laureates, results = _results_or_404(request, reference)
    page, meta = paginate(
        request, laureates, default_size=API_PAGE_SIZE, max_size=API_MAX_PAGE_SIZE
    )
    return json_response(
        {
            "appel": call,
            "chiffres": figures_record(results.figures),
            "meta": meta,
            "results": page,
        }
    )


@require_GET
def scdl_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The authority's awards in the SCDL « subventions » format; a 409 that
    says why when it cannot be valid (no SIRET for the authority, a
    beneficiary's SIRET invalid) rather than an invalid file."""
    authority = get_object_or_404(Authority, slug=slug)
    export = scdl_export(authority)
    if export.problems:
        return HttpResponse(
            "\n".join([_("This file cannot be published yet:"), *export.problems]),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    return csv_response(export.filename, export.header, export.rows)
