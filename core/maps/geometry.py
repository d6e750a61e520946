"""Boxes around SVG outlines: enough path parsing to crop a map to its areas.

The shipped outlines use straight segments only (``m``/``l``/``h``/``v``/``z`` and
their absolute forms); a curve command is refused rather than measured wrongly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"[A-Za-z]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
COMMANDS = set("MmLlHhVvZz")


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @classmethod
    def parse(cls, view_box: str) -> Box:
        x, y, width, height = (float(value) for value in view_box.split())
        return cls(x, y, width, height)

    @classmethod
    def around(cls, boxes) -> Box:
        boxes = list(boxes)
        left = min(box.x for box in boxes)
        top = min(box.y for box in boxes)
        right = max(box.right for box in boxes)
        bottom = max(box.bottom for box in boxes)
        return cls(left, top, right - left, bottom - top)

    def intersects(self, other: Box) -> bool:
        return (
            self.x < other.right
            and other.x < self.right
            and self.y < other.bottom
            and other.y < self.bottom
        )

    def grown(self, margin: float, minimum: float, within: Box) -> Box:
        """This box with ``margin`` on every side, at least ``minimum`` wide and
        high (centred), kept inside ``within``."""
        width = max(self.width + 2 * margin, minimum)
        height = max(self.height + 2 * margin, minimum)
        x = self.x + self.width / 2 - width / 2
        y = self.y + self.height / 2 - height / 2
        left, top = max(x, within.x), max(y, within.y)
        right = min(x + width, within.right)
        bottom = min(y + height, within.bottom)
        return Box(left, top, right - left, bottom - top)

    def view_box(self) -> str:
        return " ".join(
            _number(value) for value in (self.x, self.y, self.width, self.height)
        )


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def path_points(path: str) -> list[tuple[float, float]]:
    """Every vertex of a straight-segment path, in absolute coordinates."""
    tokens = TOKEN.findall(path)
    if not tokens or tokens[0] not in "Mm":
        raise ValueError("A path must start with a moveto command.")
    try:
        return list(_vertices(tokens))
    except IndexError:
        raise ValueError("A path command lacks a coordinate.") from None


def _vertices(tokens: list[str]):
    x = y = start_x = start_y = 0.0
    command, index, first = "", 0, True
    while index < len(tokens):
        token = tokens[index]
        if token.isalpha():
            if token not in COMMANDS:
                raise ValueError(f"Unsupported path command: {token}")
            command, index, first = token, index + 1, True
            if command in "Zz":
                x, y = start_x, start_y
            continue
        if command in "Zz":
            raise ValueError("A number follows a closepath command.")
        relative = command.islower()
        if command in "Hh":
            x, index = float(token) + (x if relative else 0), index + 1
        elif command in "Vv":
            y, index = float(token) + (y if relative else 0), index + 1
        else:
            dx, dy = float(token), float(tokens[index + 1])
            index += 2
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            if command in "Mm" and first:
                start_x, start_y = x, y
        first = False
        yield x, y


def path_box(path: str) -> Box:
    points = path_points(path)
    xs = [x for x, _y in points]
    ys = [y for _x, y in points]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
