"""The scores of a dossier's counted reviews per criterion, for the chart
(``reviews.charts``) and the text table beside it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from calls.models import Criterion

from ..models import Score
from ._annotations import counted_reviews
from .instruction import reviewer_name


@dataclass(frozen=True)
class ChartCriterion:
    pk: int
    label: str
    max_score: int


@dataclass(frozen=True)
class ChartReviewer:
    pk: int  # the reviewer's user pk
    label: str  # « Instructeur 1 »…, in the order the reviews were submitted
    name: str


@dataclass(frozen=True)
class ChartTableRow:
    criterion: ChartCriterion
    values: list[Decimal | None]  # in the order of ``CriterionChart.reviewers``
    mean: Decimal | None


@dataclass(frozen=True)
class CriterionChart:
    application_pk: int
    criteria: list[ChartCriterion]
    reviewers: list[ChartReviewer]
    values: dict[int, dict[int, Decimal | None]]  # [reviewer pk][criterion pk]

    def value(self, reviewer: ChartReviewer, criterion: ChartCriterion):
        return self.values.get(reviewer.pk, {}).get(criterion.pk)

    def table_rows(self) -> list[ChartTableRow]:
        """One row per criterion: each reviewer's score, and their mean."""
        rows = []
        for criterion in self.criteria:
            values = [self.value(reviewer, criterion) for reviewer in self.reviewers]
            given = [value for value in values if value is not None]
            mean = (
                (sum(given, Decimal(0)) / len(given)).quantize(Decimal("0.01"))
                if given
                else None
            )
            rows.append(ChartTableRow(criterion=criterion, values=values, mean=mean))
        return rows

    @property
    def is_empty(self) -> bool:
        return not self.reviewers


def criterion_chart(application) -> CriterionChart:
    """The scores per criterion of a dossier's counted reviews: two queries."""
    criteria = [
        ChartCriterion(pk=c.pk, label=c.label, max_score=c.max_score)
        for c in Criterion.objects.filter(call_id=application.call_id).order_by(
            "sort_order", "pk"
        )
    ]
    reviews = (
        counted_reviews()
        .filter(assignment__application=application)
        .select_related("assignment__reviewer")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("pk")))
        .order_by("submitted_at", "pk")
    )
    reviewers, values = [], {}
    for number, review in enumerate(reviews, start=1):
        user = review.assignment.reviewer
        reviewers.append(
            ChartReviewer(
                pk=user.pk,
                label=_("Reviewer %(number)d") % {"number": number},
                name=reviewer_name(user),
            )
        )
        values[user.pk] = {
            score.criterion_id: score.value for score in review.scores.all()
        }
    return CriterionChart(
        application_pk=application.pk,
        criteria=criteria,
        reviewers=reviewers,
        values=values,
    )
