"""Coverage and overlaps of a call's dossiers, for its managers (Wagtail admin).

The index lists the calls the manager acts on; the call page shows the overlaps
between competing dossiers, the coverage table and a schematic map. The figures
come from ``applications.coverage`` (pure); this module loads the rows in a fixed
number of queries and lays the map out on the grid shipped in
``applications/static/applications/maps/<region>.json`` (one cell per territory,
placed roughly where it lies: no outline, not to scale).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from calls.enums import TerritoryLevel
from calls.models import Call

from ..coverage import (
    LEVEL_RANK,
    CoverageRow,
    TerritoryTree,
)
from .listing import ManagerRequiredMixin
from .selectors import call_for_manager, calls_with_counts, coverage_for_call

MAPS_DIR = Path(__file__).resolve().parent.parent / "static" / "applications" / "maps"
CELL_WIDTH, CELL_HEIGHT, GAP, MARGIN = 210, 100, 8, 4
LINE_HEIGHT, PLATE_INSET = 19, 10
LEVEL_LABELS = dict(TerritoryLevel.choices)


# The schematic map ----------------------------------------------------------------


@lru_cache(maxsize=1)
def region_maps() -> dict[str, dict]:
    """The shipped map grids by region code, each with its file name as slug."""
    maps = {}
    for path in sorted(MAPS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        maps[data["region"]] = {**data, "slug": path.stem}
    return maps


@dataclass(frozen=True)
class MapCell:
    """A territory's rectangle; ``row`` is None for a territory outside the call,
    drawn greyed for orientation. Its text sits on a white plate, readable over
    the hatching."""

    name: str
    row: CoverageRow | None
    x: int
    y: int
    width: int
    height: int
    count_text: str
    marks_text: str = ""

    @property
    def line_count(self) -> int:
        return 3 if self.marks_text else 2

    @property
    def text_x(self) -> int:
        return self.x + self.width // 2

    @property
    def plate_x(self) -> int:
        return self.x + PLATE_INSET

    @property
    def plate_width(self) -> int:
        return self.width - 2 * PLATE_INSET

    @property
    def plate_height(self) -> int:
        return self.line_count * LINE_HEIGHT + 8

    @property
    def plate_y(self) -> int:
        return self.y + (self.height - self.plate_height) // 2

    @property
    def name_y(self) -> int:
        return self.plate_y + LINE_HEIGHT

    @property
    def count_y(self) -> int:
        return self.name_y + LINE_HEIGHT

    @property
    def marks_y(self) -> int:
        return self.count_y + LINE_HEIGHT


@dataclass(frozen=True)
class CoverageMap:
    slug: str
    region_name: str
    level: str
    level_label: str
    width: int
    height: int
    cells: list[MapCell]

    @property
    def dom_id(self) -> str:
        return f"coverage-map-{self.slug}-{self.level}"

    @property
    def title(self) -> str:
        return gettext("Schematic map of %(region)s: %(level)s") % {
            "region": self.region_name,
            "level": self.level_label,
        }

    @property
    def description(self) -> str:
        rows = [cell.row for cell in self.cells if cell.row is not None]
        return gettext(
            "Not to scale: each rectangle is a territory, placed roughly where it "
            "lies; greyed rectangles are outside the call. %(total)s territories "
            "of the call: %(covered)s covered, %(uncovered)s not covered, "
            "%(overlaps)s with an overlap, %(recognised)s recognised."
        ) % {
            "total": len(rows),
            "covered": sum(row.is_covered for row in rows),
            "uncovered": sum(not row.is_covered for row in rows),
            "overlaps": sum(row.is_overlap for row in rows),
            "recognised": sum(row.is_recognised for row in rows),
        }


def count_text(row: CoverageRow) -> str:
    if not row.count:
        return gettext("(no dossier)")
    return ngettext("(%(count)s dossier)", "(%(count)s dossiers)", row.count) % {
        "count": row.count
    }


def marks_text(row: CoverageRow) -> str:
    marks = []
    if row.is_overlap:
        marks.append(gettext("Overlap"))
    if row.is_recognised:
        marks.append(gettext("Recognised"))
    if not row.is_covered:
        marks.append(gettext("Not covered"))
    return " · ".join(marks)


def _box(spec: dict) -> dict:
    columns, lines = spec.get("w", 1), spec.get("h", 1)
    return {
        "x": MARGIN + spec["x"] * (CELL_WIDTH + GAP),
        "y": MARGIN + spec["y"] * (CELL_HEIGHT + GAP),
        "width": columns * CELL_WIDTH + (columns - 1) * GAP,
        "height": lines * CELL_HEIGHT + (lines - 1) * GAP,
    }


def _cell(row: CoverageRow, spec: dict) -> MapCell:
    return MapCell(
        name=row.territory.name,
        row=row,
        count_text=count_text(row),
        marks_text=marks_text(row),
        **_box(spec),
    )


def _context_cells(tree: TerritoryTree, level: str, layer: dict, drawn: set) -> list:
    """The layer's other territories (known, not in the call), greyed."""
    by_code = {t.code: t for t in tree.by_id.values() if t.level == level}
    return [
        MapCell(
            name=by_code[code].name,
            row=None,
            count_text=gettext("(not in this call)"),
            **_box(spec),
        )
        for code, spec in layer["cells"].items()
        if code not in drawn and code in by_code
    ]


def coverage_maps(
    tree: TerritoryTree, rows: list[CoverageRow]
) -> tuple[list[CoverageMap], list[CoverageRow]]:
    """One map per (region, level) with placed territories, and the rows that
    have no position (they are in the table only)."""
    maps = region_maps()
    placed: dict[tuple[str, str], list[MapCell]] = {}
    unplaced = []
    for row in rows:
        region = tree.region_of(row.territory)
        grid = maps.get(region.code) if region is not None else None
        layer = (grid or {}).get("layers", {}).get(row.territory.level)
        spec = (layer or {}).get("cells", {}).get(row.territory.code)
        if spec is None:
            unplaced.append(row)
            continue
        placed.setdefault((region.code, row.territory.level), []).append(
            _cell(row, spec)
        )
    result = []
    for (code, level), cells in sorted(
        placed.items(),
        key=lambda item: (maps[item[0][0]]["slug"], LEVEL_RANK.get(item[0][1], 9)),
    ):
        layer = maps[code]["layers"][level]
        drawn = {cell.row.territory.code for cell in cells}
        cells = [*_context_cells(tree, level, layer, drawn), *cells]
        result.append(
            CoverageMap(
                slug=maps[code]["slug"],
                region_name=maps[code]["name"],
                level=level,
                level_label=str(LEVEL_LABELS.get(level, level)),
                width=2 * MARGIN + layer["columns"] * (CELL_WIDTH + GAP) - GAP,
                height=2 * MARGIN + layer["rows"] * (CELL_HEIGHT + GAP) - GAP,
                cells=cells,
            )
        )
    return result, unplaced


# Views ----------------------------------------------------------------------------


class CoverageIndexView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/staff/coverage/index.html"
    page_title = _("Coverage and overlaps")
    header_icon = "site"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["calls"] = list(calls_with_counts(self.request.user))
        return context


class CallCoverageView(ManagerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "applications/staff/coverage/call.html"
    header_icon = "site"

    def get(self, request, *args, **kwargs):
        try:
            self.call = call_for_manager(request.user, kwargs["call_pk"])
        except Call.DoesNotExist:
            raise Http404 from None
        return super().get(request, *args, **kwargs)

    def get_page_title(self):
        return gettext("Coverage and overlaps: %(call)s") % {
            "call": self.call.reference
        }

    def get_page_subtitle(self):
        return self.call.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("dossiers_admin:coverage_index"),
                "label": _("Coverage and overlaps"),
            },
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tree, coverage = coverage_for_call(self.request.user, self.call)
        maps, unplaced = coverage_maps(tree, coverage.rows)
        context.update(
            call=self.call,
            coverage=coverage,
            maps=maps,
            unplaced=unplaced,
            dossiers_url=reverse("dossiers_admin:index") + f"?call={self.call.pk}",
        )
        return context
