"""The public pages of the annuaire numérique: the directory page's content
(registered in ``cms.page_context``, loaded by ``DirectoryConfig.ready``), a
service's page and a recognised filière's page."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse

from cms.context_processors import request_navigation_pages
from cms.page_context import context_builder
from core.opendata import LICENCE_URL

from .forms import DirectorySearchForm, kept_search, querystring
from .search_map import search_map, search_map_areas
from .selectors import (
    counts_by_departement,
    directory_facets,
    recognised_filiere,
    recognised_filieres,
    search_services,
    service_for_page,
    services_in_filiere,
)

PAGE_SIZE = 20


@dataclass(frozen=True)
class PageLink:
    """An entry of the pagination: a page number with its link, or a gap."""

    number: int | None
    url: str = ""
    current: bool = False


def _page_url(params: dict[str, str], number: int) -> str:
    return querystring(params, page=number if number > 1 else None) or "?"


def _pagination(results, params: dict[str, str]) -> dict:
    """The DSFR pagination's links, each keeping the search."""
    paginator = results.paginator
    links = [
        PageLink(None)
        if number == paginator.ELLIPSIS
        else PageLink(number, _page_url(params, number), number == results.number)
        for number in paginator.get_elided_page_range(
            results.number, on_each_side=1, on_ends=1
        )
    ]
    return {
        "page_links": links,
        "first_url": _page_url(params, 1),
        "previous_url": _page_url(params, results.number - 1),
        "next_url": _page_url(params, results.number + 1),
        "last_url": _page_url(params, paginator.num_pages),
    }


def _map(departements, filters: dict, params: dict[str, str]):
    """The map counts the search in every département (its own filter aside),
    so it shows where else to look; each area narrows the search to it."""
    elsewhere = {
        name: value for name, value in filters.items() if name != "departement"
    }
    areas = search_map_areas(
        departements,
        counts_by_departement(search_services(**elsewhere)),
        lambda departement: querystring(
            params, departement=departement.code, page=None
        ),
    )
    return search_map(areas)


@context_builder("directory.DirectoryPage")
def directory_page_context(page, request, context: dict) -> dict:
    facets = directory_facets()
    form = DirectorySearchForm(
        request.GET or None,
        kinds=facets.kinds,
        filieres=facets.filieres,
        departements=facets.departements,
    )
    filters = form.filters()
    params = form.params()
    results = Paginator(search_services(**filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    list_params = {**params, "page": str(results.number) if results.number > 1 else ""}
    context.update(
        form=form,
        results=results,
        **_pagination(results, params),
        search_query=querystring(params),
        service_query=querystring(list_params),
        is_search=bool(params),
        search_map=_map(facets.departements, filters, params),
        recognised=recognised_filieres(),
        licence_url=LICENCE_URL,
    )
    return context


def _directory_link(request, search: dict[str, str]) -> dict:
    # The page the navigation links to as well: one lookup for both.
    directory = request_navigation_pages(request).directory
    if directory is None:
        return {"directory": None, "directory_url": ""}
    return {
        "directory": directory,
        "directory_url": (directory.get_url(request) or "") + querystring(search),
    }


def service_detail(request, pk: int, slug: str):
    """A published service's page; its canonical URL names it by its slug."""
    service = service_for_page(pk)
    if service is None:
        raise Http404
    search = kept_search(request.GET)
    url = reverse("directory:service", args=[service.pk, service.slug])
    if slug != service.slug:
        return HttpResponsePermanentRedirect(url + querystring(search))
    recognised = recognised_filiere(service.filiere_id) if service.filiere_id else None
    return render(
        request,
        "directory/service_page.html",
        {
            "service": service,
            "canonical_url": request.build_absolute_uri(url),
            "recognised": recognised,
            **_directory_link(request, search),
        },
    )


def filiere_detail(request, pk: int, slug: str):
    """A filière recognised by a released decision: its lead, its partners (as
    organisations) and its services. Nothing before the release."""
    recognised = recognised_filiere(pk)
    if recognised is None:
        raise Http404
    if slug != recognised.slug:
        url = reverse("directory:filiere", args=[pk, recognised.slug])
        return HttpResponsePermanentRedirect(url)
    return render(
        request,
        "directory/filiere_page.html",
        {
            "recognised": recognised,
            "services": services_in_filiere(recognised.territory),
            **_directory_link(request, {}),
        },
    )
