"""The arithmetic of the instruction, on hand-computed values (no database)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from reviews.scoring import GridLine, consolidate, review_total, rounded, z_scores

D = Decimal
WORKED = [GridLine(1, D(3), 4), GridLine(2, D(1), 10)]


def test_review_total_worked_example_is_exact():
    # 100 * (3 * 4/4 + 1 * 5/10) / 4 = 87.5; 100 * (3 * 2/4 + 1 * 10/10) / 4 = 62.5
    assert review_total(WORKED, {1: D(4), 2: D(5)}) == D("87.5")
    assert review_total(WORKED, {1: D(2), 2: D(10)}) == D("62.5")
    assert str(review_total(WORKED, {1: D(4), 2: D(5)})) == "87.5000"


def test_review_total_extremes():
    assert review_total(WORKED, {1: D(0), 2: D(0)}) == D(0)
    assert review_total(WORKED, {1: D(4), 2: D(10)}) == D(100)


def test_review_total_decimal_weights():
    # 100 * (1.5 * 3/4 + 0.25 * 2.5/10) / 1.75 = 100 * 1.1875 / 1.75 = 67.857142…
    grid = [GridLine(1, D("1.5"), 4), GridLine(2, D("0.25"), 10)]
    assert review_total(grid, {1: D(3), 2: D("2.5")}) == D("67.8571")


def test_review_total_has_no_intermediate_rounding():
    # Each criterion 1/3 of its maximum: exactly 33.3333…, and three thirds of
    # the maximum are exactly 100 (decimal division would give 99.9999…).
    grid = [GridLine(pk, D(1), 3) for pk in (1, 2, 3)]
    assert review_total(grid, {1: D(1), 2: D(1), 3: D(1)}) == D("33.3333")
    assert review_total(grid, {1: D(3), 2: D(3), 3: D(3)}) == D(100)
    grid = [GridLine(1, D(1), 3), GridLine(2, D(2), 3)]
    assert review_total(grid, {1: D(1), 2: D(2)}) == D("55.5556")  # 500/9


def test_review_total_rounds_half_up():
    # A total of exactly half a unit of the fourth decimal is rounded up.
    grid = [GridLine(1, D(1), 20000)]
    assert review_total(grid, {1: D(1)}) == D("0.0050")
    grid = [GridLine(1, D(1), 2000)]
    assert review_total(grid, {1: D("0.01")}) == D("0.0005")
    grid = [GridLine(1, D(1), 4000)]
    assert review_total(grid, {1: D("0.01")}) == D("0.0003")  # 0.00025 → up


def test_review_total_needs_a_grid():
    with pytest.raises(ValueError):
        review_total([], {})


def test_rounded_is_symmetric_around_zero():
    assert rounded(Fraction(1, 20000)) == D("0.0001")
    assert rounded(Fraction(-1, 20000)) == D("-0.0001")
    assert rounded(Fraction(-1, 30000)) == D("0")


@pytest.mark.parametrize(
    ("threshold", "flagged"),
    [(D(20), True), (D(25), False), (D(30), False), (D("24.99"), True)],
)
def test_consolidate_worked_example(threshold, flagged):
    result = consolidate([D("87.5"), D("62.5")], threshold)
    assert result.score == D("75.0")
    assert result.median == D("75.0")
    assert result.spread == D("25.0")
    assert result.flagged is flagged
    assert result.reviews_count == 2


def test_consolidate_one_review():
    result = consolidate([D("62.5")], D(20))
    assert (result.score, result.median, result.spread) == (D("62.5"), D("62.5"), 0)
    assert result.flagged is False
    assert result.reviews_count == 1


def test_consolidate_median_differs_from_mean():
    result = consolidate([D(90), D(80), D(10)], D(20))
    assert result.score == D(60)
    assert result.median == D(80)
    assert result.spread == D(80)
    assert result.flagged is True


def test_consolidate_mean_is_rounded_once():
    # (33.3333 + 33.3333 + 33.3334) / 3 = 33.33333…
    result = consolidate([D("33.3333"), D("33.3333"), D("33.3334")], D(20))
    assert result.score == D("33.3333")
    result = consolidate([D("10.0001"), D("10.0000")], D(20))
    assert result.score == D("10.0001")  # 10.00005 rounded half up
    assert result.median == D("10.0001")


def test_consolidate_nothing():
    result = consolidate([], D(20))
    assert (result.score, result.median, result.spread) == (None, None, None)
    assert result.flagged is False
    assert result.reviews_count == 0


def test_z_scores():
    assert z_scores([D(50), D(70)]) == [-1.0, 1.0]
    assert z_scores([D(50)]) is None
    assert z_scores([D(60), D(60), D(60)]) is None
    values = z_scores([D(40), D(60), D(80)])
    assert values[1] == 0.0
    assert values[0] == pytest.approx(-1.2247, abs=1e-4)
