"""Maps of French départements, drawn server-side from the shipped outlines.

``departements_map()`` takes plain data (areas with a code, a label, a category
and maybe a link, and the legend) and returns what the template
``core/includes/departements_map.html`` draws: the viewBox cropped to the focus,
the areas and their neighbours (muted, hidden from assistive technologies), the
legend with its patterns and the rows of the text alternative.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .geometry import Box, path_box
from .styles import STYLES, FillStyle, Pattern

DATA_FILE = Path(__file__).resolve().parent / "data" / "france_departments.json"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.fr"
MARGIN = 0.08  # of the focus box's larger side, on every side
MINIMUM_SIDE = 60.0  # user units: Paris alone still shows its surroundings
PATTERN_TILES = 48  # pattern tiles across the drawing's larger side
SWATCH_TILE = 8.0


@dataclass(frozen=True)
class Outline:
    code: str
    name: str
    path: str
    box: Box


@dataclass(frozen=True)
class Outlines:
    view_box: Box
    by_code: dict[str, Outline]

    def order(self, code: str) -> tuple:
        """INSEE order (2A and 2B after 19), codes not drawn at the end."""
        codes = list(self.by_code)
        return (0, codes.index(code), "") if code in self.by_code else (1, 0, code)


@lru_cache(maxsize=1)
def outlines() -> Outlines:
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return Outlines(
        view_box=Box.parse(data["viewBox"]),
        by_code={
            code: Outline(code, item["name"], item["path"], path_box(item["path"]))
            for code, item in data["departements"].items()
        },
    )


@dataclass(frozen=True)
class MapArea:
    code: str  # INSEE département code: "29", "2A", "01"
    label: str  # accessible name (e.g. "Finistère (29) : 3 services")
    category: str = ""  # key of a LegendEntry; "" = drawn as context
    href: str = ""  # when set the area is a link


@dataclass(frozen=True)
class LegendEntry:
    key: str
    label: str  # e.g. "Reconnue", "2 dossiers ou plus"


@dataclass(frozen=True)
class LegendItem:
    key: str
    label: str
    style: FillStyle
    pattern: Pattern  # in the map's <defs>
    swatch: Pattern  # in the legend's own small SVG


@dataclass(frozen=True)
class Shape:
    """A drawn département: an area given (``area`` set) or a muted neighbour."""

    code: str
    path: str
    area: MapArea | None = None
    pattern_id: str = ""  # "" for context and uncategorised areas


@dataclass(frozen=True)
class MapRow:
    """One line of the text alternative."""

    code: str
    name: str  # the département's name, or its code when it is not drawn
    label: str
    category_label: str
    href: str
    is_drawn: bool


@dataclass(frozen=True)
class DepartementsMap:
    dom_id: str
    title: str
    description: str
    view_box: str
    width: int
    height: int
    shapes: tuple[Shape, ...]
    legend: tuple[LegendItem, ...]
    rows: tuple[MapRow, ...]

    @property
    def title_id(self) -> str:
        return f"{self.dom_id}-titre"

    @property
    def desc_id(self) -> str:
        return f"{self.dom_id}-description"

    @property
    def has_links(self) -> bool:
        return any(shape.area and shape.area.href for shape in self.shapes)

    @property
    def role(self) -> str:
        """``img`` unless areas are links: an image's children are presentational,
        so links inside one would be neither announced nor reachable."""
        return "group" if self.has_links else "img"

    @property
    def has_context(self) -> bool:
        return any(shape.area is None for shape in self.shapes)

    @property
    def licence_url(self) -> str:
        return LICENCE_URL


def _legend(entries: Sequence[LegendEntry], dom_id: str, tile: float) -> tuple:
    if len(entries) > len(STYLES):
        raise ValueError(f"A map has at most {len(STYLES)} legend entries.")
    keys = [entry.key for entry in entries]
    if len(set(keys)) != len(keys) or "" in keys:
        raise ValueError("Legend keys must be distinct and not empty.")
    return tuple(
        LegendItem(
            key=entry.key,
            label=entry.label,
            style=style,
            pattern=Pattern(f"{dom_id}-motif-{index}", style, tile),
            swatch=Pattern(f"{dom_id}-legende-{index}", style, SWATCH_TILE),
        )
        for index, (entry, style) in enumerate(zip(entries, STYLES, strict=False))
    )


def _frame(data: Outlines, focus_codes: list[str]) -> Box:
    boxes = [data.by_code[code].box for code in focus_codes if code in data.by_code]
    if not boxes:
        return data.view_box
    around = Box.around(boxes)
    margin = MARGIN * max(around.width, around.height)
    return around.grown(margin, MINIMUM_SIDE, within=data.view_box)


def departements_map(
    areas: Iterable[MapArea],
    *,
    title: str,
    description: str = "",
    legend: Sequence[LegendEntry] = (),
    focus: Iterable[str] | None = None,
    dom_id: str = "carte",
) -> DepartementsMap:
    data = outlines()
    areas = list(areas)
    by_code = {area.code: area for area in areas}
    if len(by_code) != len(areas):
        raise ValueError("Each département appears at most once on a map.")
    frame = _frame(data, list(by_code if focus is None else focus))
    tile = max(frame.width, frame.height) / PATTERN_TILES
    items = _legend(legend, dom_id, tile)
    patterns = {item.key: item.pattern.id for item in items}
    labels = {item.key: item.label for item in items}
    unknown = {area.category for area in areas} - {"", *patterns}
    if unknown:
        raise ValueError(f"Categories missing from the legend: {sorted(unknown)}")
    context = [
        Shape(outline.code, outline.path)
        for outline in data.by_code.values()
        if outline.code not in by_code and outline.box.intersects(frame)
    ]
    drawn = [
        Shape(code, data.by_code[code].path, area, patterns.get(area.category, ""))
        for code, area in by_code.items()
        if code in data.by_code
    ]
    rows = [
        MapRow(
            code=area.code,
            name=data.by_code[area.code].name
            if area.code in data.by_code
            else area.code,
            label=area.label,
            category_label=labels.get(area.category, ""),
            href=area.href,
            is_drawn=area.code in data.by_code,
        )
        for area in areas
    ]
    return DepartementsMap(
        dom_id=dom_id,
        title=title,
        description=description,
        view_box=frame.view_box(),
        width=round(frame.width),
        height=round(frame.height),
        # Areas after their neighbours, so their outlines are drawn on top.
        shapes=(*context, *sorted(drawn, key=lambda s: data.order(s.code))),
        legend=items,
        rows=tuple(sorted(rows, key=lambda row: data.order(row.code))),
    )
