"""The arithmetic of the instruction, pure (no queries).

* A reviewer's total on 100: ``100 * sum(weight * score / max_score) / sum(weight)``
  over the call's criteria.
* A dossier's consolidated score: the mean of its submitted reviews' totals;
  its spread: the highest total minus the lowest; flagged when the spread
  exceeds the call's threshold.
* The normalised total of a review: the reviewer's z-score across the call
  (``(total - reviewer's mean) / reviewer's standard deviation``), defined only
  for reviewers with enough reviews.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HUNDRED = Decimal(100)
PLACES = Decimal("0.0001")
SCALE = 10_000  # four decimal places


def quantize(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_UP)


def rounded(value: Fraction) -> Decimal:
    """An exact fraction rounded half up to four decimal places: no
    intermediate rounding (``1/3 + 1/3 + 1/3`` is exactly 1)."""
    scaled = value * SCALE
    units = (
        math.floor(scaled + Fraction(1, 2))
        if scaled >= 0
        else -math.floor(-scaled + Fraction(1, 2))
    )
    return quantize(Decimal(units) / SCALE)


@dataclass(frozen=True)
class GridLine:
    """What the total needs of a criterion."""

    pk: int
    weight: Decimal
    max_score: int


def review_total(grid: Sequence[GridLine], scores: Mapping[int, Decimal]) -> Decimal:
    """The total on 100 of one complete set of scores (``{criterion pk: score}``)."""
    weights = sum((Fraction(Decimal(line.weight)) for line in grid), Fraction(0))
    if not grid or weights <= 0:
        raise ValueError("A grid needs at least one criterion of positive weight.")
    weighted = sum(
        (
            Fraction(Decimal(line.weight))
            * Fraction(Decimal(scores[line.pk]))
            / line.max_score
            for line in grid
        ),
        Fraction(0),
    )
    return rounded(100 * weighted / weights)


@dataclass(frozen=True)
class Consolidated:
    score: Decimal | None
    median: Decimal | None
    spread: Decimal | None
    flagged: bool
    reviews_count: int


def consolidate(totals: Iterable[Decimal], threshold: Decimal) -> Consolidated:
    """The consolidated score of the submitted reviews' ``totals``."""
    totals = [Fraction(Decimal(t)) for t in totals]
    if not totals:
        return Consolidated(None, None, None, False, 0)
    spread = max(totals) - min(totals)
    return Consolidated(
        score=rounded(sum(totals, Fraction(0)) / len(totals)),
        median=rounded(statistics.median(totals)),
        spread=rounded(spread),
        flagged=spread > Fraction(Decimal(threshold)),
        reviews_count=len(totals),
    )


def z_scores(totals: Sequence[Decimal]) -> list[float] | None:
    """Each total's z-score among ``totals`` (one reviewer's), or ``None`` when
    they cannot be standardised (fewer than two, or all equal)."""
    if len(totals) < 2:
        return None
    values = [float(t) for t in totals]
    deviation = statistics.pstdev(values)
    if deviation == 0:
        return None
    mean = statistics.fmean(values)
    return [(value - mean) / deviation for value in values]
