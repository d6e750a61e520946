"""The instruction's use cases (Domain API): keyword-only, atomic, logged in the
activity log; each raises a ``ReviewError`` with a French message and changes
nothing when it refuses. Permissions are checked here as well as in the views.
"""

from .answers import assignment_accept, conflict_declare
from .assignments import (
    assignment_create,
    assignment_remove,
    assignment_replace,
    conflict_override,
)
from .completion import application_complete_review, completion_problems
from .corrections import decision_correct, withdraws_a_benefit
from .decisions import committee_create, decision_record
from .distribution import assignments_distribute
from .files import reviewer_attachment, reviewer_download_record
from .grading import review_reopen, review_save_draft, review_submit
from .inadmissibility import inadmissibility_record
from .interests import interest_declare, interest_delete, interest_update
from .letters import decision_letter_generate, letter_number_allocate, letter_opened
from .notes import consensus_note_save, review_message_post
from .release import (
    decision_release_one,
    decisions_release,
    release_batch_process,
    release_item_process,
    release_retry,
)

__all__ = [
    "application_complete_review",
    "assignment_accept",
    "assignment_create",
    "assignment_remove",
    "assignment_replace",
    "assignments_distribute",
    "committee_create",
    "completion_problems",
    "conflict_declare",
    "conflict_override",
    "consensus_note_save",
    "decision_correct",
    "decision_letter_generate",
    "decision_record",
    "decision_release_one",
    "decisions_release",
    "inadmissibility_record",
    "interest_declare",
    "interest_delete",
    "interest_update",
    "letter_number_allocate",
    "letter_opened",
    "release_batch_process",
    "release_item_process",
    "release_retry",
    "review_message_post",
    "review_reopen",
    "review_save_draft",
    "review_submit",
    "reviewer_attachment",
    "reviewer_download_record",
    "withdraws_a_benefit",
]
