"""What a scenario measures: a figure, its baseline from the same run, and the
target it is held to."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Literal

Better = Literal["higher", "lower"]


@dataclass(frozen=True)
class Figure:
    """One line of the table (and one JSON line).

    ``value`` and ``baseline`` are medians of ``runs`` and ``baseline_runs``;
    ``ratio`` is ``value / baseline``. ``met`` is ``None`` when the figure is
    recorded without a target (a p95, a query count shown for information).
    """

    scenario: str
    name: str
    unit: str
    runs: tuple[float, ...]
    baseline_name: str
    baseline_runs: tuple[float, ...]
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def value(self) -> float:
        return statistics.median(self.runs)

    @property
    def baseline(self) -> float:
        return statistics.median(self.baseline_runs)

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None

    def as_dict(self) -> dict:
        data = asdict(self)
        data.update(value=self.value, baseline=self.baseline, ratio=self.ratio)
        return data


def ratio_at_least(ratio: float | None, bound: float) -> bool | None:
    """``ratio ≥ bound`` (throughput against its baseline), None without a ratio."""
    return None if ratio is None else ratio >= bound


def ratio_at_most(ratio: float | None, bound: float) -> bool | None:
    """``ratio ≤ bound`` (time against its baseline), None without a ratio."""
    return None if ratio is None else ratio <= bound
