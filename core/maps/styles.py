"""The six fill styles of a map's categories: a light DSFR-palette colour and a
distinct pattern drawn in a dark ink, so a category never rests on colour alone.

Each ink has a contrast of at least 3:1 against its fill, and the outlines
(``OUTLINE``, ``CONTEXT_OUTLINE``) at least 3:1 against the white background.
Patterns are sized to the drawing (``Pattern.size``) so they look the same at
any crop: ``tile_for()`` gives the geometry for a tile of a given size.
"""

from __future__ import annotations

from dataclasses import dataclass

OUTLINE = "#161616"  # DSFR grey-50: 18:1 on white
CONTEXT_OUTLINE = "#7b7b7b"  # 4.2:1 on white
CONTEXT_FILL = "#f6f6f6"


@dataclass(frozen=True)
class FillStyle:
    name: str  # of the pattern, for tests and CSS hooks
    fill: str
    ink: str
    rotate: int  # degrees, applied to the pattern tile
    # In units of the tile's side: lines (x1, y1, x2, y2), dots (cx, cy, r).
    lines: tuple[tuple[float, float, float, float], ...] = ()
    dots: tuple[tuple[float, float, float], ...] = ()
    ink_width: float = 0.0


@dataclass(frozen=True)
class Pattern:
    """A style's pattern laid out for one drawing (or one legend swatch)."""

    id: str
    style: FillStyle
    size: float

    @property
    def lines(self) -> list[tuple[str, str, str, str]]:
        return [tuple(_scaled(v, self.size) for v in line) for line in self.style.lines]

    @property
    def dots(self) -> list[tuple[str, str, str]]:
        return [tuple(_scaled(v, self.size) for v in dot) for dot in self.style.dots]

    @property
    def ink_width(self) -> str:
        return _scaled(self.style.ink_width, self.size)

    @property
    def side(self) -> str:
        return _scaled(1, self.size)

    @property
    def transform(self) -> str:
        return f"rotate({self.style.rotate})" if self.style.rotate else ""


def _scaled(value: float, size: float) -> str:
    return f"{value * size:.3f}".rstrip("0").rstrip(".") or "0"


VERTICAL = ((0.5, 0.0, 0.5, 1.0),)
HORIZONTAL = ((0.0, 0.5, 1.0, 0.5),)
CROSS = (*VERTICAL, *HORIZONTAL)

STYLES: tuple[FillStyle, ...] = (
    FillStyle("diagonal", "#cacafb", "#000091", 45, lines=VERTICAL, ink_width=0.3),
    FillStyle("dots", "#b8fec9", "#18753c", 0, dots=((0.5, 0.5, 0.22),)),
    FillStyle("crosshatch", "#fcc0b0", "#a94645", 45, lines=CROSS, ink_width=0.22),
    FillStyle("horizontal", "#fde39c", "#716043", 0, lines=HORIZONTAL, ink_width=0.3),
    FillStyle("vertical", "#fbb8f6", "#6e445a", 0, lines=VERTICAL, ink_width=0.3),
    FillStyle("antidiagonal", "#e5e5e5", "#3a3a3a", -45, lines=VERTICAL, ink_width=0.3),
)
