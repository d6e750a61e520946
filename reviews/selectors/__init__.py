"""Read queries of the instruction, with their prefetches (services write,
selectors read).

* ``ranking``: the raw and normalised rankings of a call;
* ``instruction``: the managers' instruction table, its display rows, the
  chart of a dossier's scores per criterion;
* ``manager``: the manager's calls in instruction, a dossier, the reviewers;
* ``reviewer``: the reviewer's assignments, the other reviews, the thread.
"""

from ._annotations import COMPLETED_STATES, INSTRUCTION_STATES, Progress
from .chart import (
    ChartCriterion,
    ChartReviewer,
    ChartTableRow,
    CriterionChart,
    criterion_chart,
)
from .committee import Envelope, awarded_for_call, envelope_for_call
from .instruction import (
    ORDERS,
    InstructionRow,
    ReviewerCell,
    current_assignments_prefetch,
    instruction_rows,
    instruction_table,
    progress_label,
    reviewer_name,
)
from .manager import (
    CallProgress,
    application_in_instruction,
    calls_in_instruction,
    eligible_reviewers,
    reviewer_loads,
)
from .ranking import (
    NormalisedRanking,
    NormalisedRow,
    RankingRow,
    ReviewerNorm,
    normalised_ranking,
    ranked_applications,
    ranking_for_call,
)
from .reviewer import (
    assignment_for_reviewer,
    assignments_of_reviewer,
    peer_reviews,
    review_thread,
)

__all__ = [
    "COMPLETED_STATES",
    "INSTRUCTION_STATES",
    "ORDERS",
    "CallProgress",
    "ChartCriterion",
    "ChartReviewer",
    "ChartTableRow",
    "CriterionChart",
    "Envelope",
    "InstructionRow",
    "NormalisedRanking",
    "NormalisedRow",
    "Progress",
    "RankingRow",
    "ReviewerCell",
    "ReviewerNorm",
    "application_in_instruction",
    "assignment_for_reviewer",
    "assignments_of_reviewer",
    "awarded_for_call",
    "calls_in_instruction",
    "criterion_chart",
    "current_assignments_prefetch",
    "eligible_reviewers",
    "envelope_for_call",
    "instruction_rows",
    "instruction_table",
    "normalised_ranking",
    "peer_reviews",
    "progress_label",
    "ranked_applications",
    "ranking_for_call",
    "review_thread",
    "reviewer_loads",
    "reviewer_name",
]
