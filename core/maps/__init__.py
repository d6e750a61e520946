"""Accessible server-side maps of French départements (see ``departements.py``)."""

from .departements import (
    DepartementsMap,
    LegendEntry,
    LegendItem,
    MapArea,
    MapRow,
    Shape,
    departements_map,
    outlines,
)

__all__ = [
    "DepartementsMap",
    "LegendEntry",
    "LegendItem",
    "MapArea",
    "MapRow",
    "Shape",
    "departements_map",
    "outlines",
]
