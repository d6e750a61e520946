"""The public page of the directory's indicators, one region at a time."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.maps import LegendEntry, MapArea, departements_map

from .indicator_selectors import indicator_regions, region_report_for
from .indicators import BANDS, Place, RegionReport

MAP_DOM_ID = "carte-lits-usp"


def _chosen_region(regions: list[Place], code: str | None) -> Place | None:
    """The region asked for by its code, or the first; 404 for an unknown code."""
    if not code:
        return regions[0] if regions else None
    for region in regions:
        if region.code == code:
            return region
    raise Http404(_("No indicators for this region."))


def indicator_map(report: RegionReport):
    """The départements of the region by their band of USP beds per 100,000."""
    return departements_map(
        [
            MapArea(code=area.code, label=area.label, category=area.category)
            for area in report.areas
        ],
        title=_("USP beds per 100,000 inhabitants by département, %(region)s")
        % {"region": report.region.name},
        description=_(
            "Each département of the region is drawn with the band of its USP "
            "beds per 100,000 inhabitants; the national recommendation is 3."
        ),
        legend=[LegendEntry(key=key, label=str(label)) for key, label in BANDS],
        dom_id=MAP_DOM_ID,
    )


def indicators(request: HttpRequest) -> HttpResponse:
    regions = indicator_regions()
    region = _chosen_region(regions, request.GET.get("region"))
    report = region_report_for(region) if region else None
    return render(
        request,
        "directory/indicators.html",
        {
            "regions": regions,
            "region": region,
            "report": report,
            "indicator_map": indicator_map(report) if report else None,
        },
    )
