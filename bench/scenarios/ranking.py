"""The ranking of a call with 2,000 dossiers x 3 reviews x 8 criteria, and its
instruction table: ``ranking_for_call`` against a bare ``COUNT`` of the same
score rows (target ≤ 3x); the table's first page recorded against the same
baseline."""

from __future__ import annotations

from django.urls import reverse

from applications.enums import ApplicationState
from bench.figures import Figure, ratio_at_most
from bench.measure import (
    generate,
    get_ok,
    milliseconds,
    queries,
    repeat,
    signed_in_client,
)
from bench.options import BenchOptions
from reviews.enums import AssignmentStatus, ReviewStatus
from reviews.models import Score
from reviews.selectors.ranking import ranking_for_call

SCENARIO = "ranking"
INSTRUCTION_STATES = (
    ApplicationState.UNDER_REVIEW,
    ApplicationState.REVIEWED,
    ApplicationState.ACCEPTED,
    ApplicationState.REJECTED,
)


def score_rows(call):
    """The scores that make the ranking: counted reviews of the call's
    dossiers in instruction."""
    return Score.objects.filter(
        review__status=ReviewStatus.SUBMITTED,
        review__assignment__status=AssignmentStatus.ACCEPTED,
        review__assignment__application__call=call,
        review__assignment__application__state__in=INSTRUCTION_STATES,
    )


def run(options: BenchOptions) -> list[Figure]:
    data = generate(
        "bench_ranking_data",
        dossiers=options.ranking_dossiers,
        reviews=options.ranking_reviews,
        criteria=options.ranking_criteria,
    )
    call, manager = data.call, data.manager
    expected = options.ranking_dossiers * options.ranking_reviews
    expected *= options.ranking_criteria
    count = score_rows(call).count()
    rows = ranking_for_call(call)
    if len(rows) != options.ranking_dossiers or count != expected:
        raise RuntimeError(f"ranking: {len(rows)} rows, {count} scores generated")
    baseline = milliseconds(repeat(lambda: score_rows(call).count(), options.runs))
    ranking = milliseconds(repeat(lambda: ranking_for_call(call), options.runs))
    size = (
        f"{options.ranking_dossiers} dossiers x {options.ranking_reviews} reviews "
        f"x {options.ranking_criteria} criteria ({count} scores)"
    )
    ratio = Figure("", "", "", ranking, "", baseline).ratio
    table = get_ok(
        signed_in_client(manager), reverse("reviews_admin:table", args=[call.pk])
    )
    table_runs = milliseconds(repeat(table, options.runs))
    table_queries = queries(table)
    return [
        Figure(
            scenario=SCENARIO,
            name="ranking_for_call",
            unit="ms",
            runs=ranking,
            baseline_name="COUNT of the same score rows",
            baseline_runs=baseline,
            target="≤ 3x",
            met=ratio_at_most(ratio, 3),
            note=size,
        ),
        Figure(
            scenario=SCENARIO,
            name="instruction table, first page (manager, in-process)",
            unit="ms",
            runs=table_runs,
            baseline_name="COUNT of the same score rows",
            baseline_runs=baseline,
            note=f"{size}; {table_queries} queries; django.test.Client",
            extra={"queries": table_queries},
        ),
    ]
