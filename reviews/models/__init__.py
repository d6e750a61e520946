"""What the instruction and the committee record (``instruction``: assignments,
reviews, scores, interests, thread, consensus notes, consolidation;
``committee``: committee sessions and decisions)."""

from .committee import Committee, CommitteeMember, Decision, DecisionCondition
from .instruction import (
    Assignment,
    AssignmentQuerySet,
    ConsensusNote,
    Consolidation,
    InterestDeclaration,
    Review,
    ReviewMessage,
    Score,
    siren_validator,
)

__all__ = [
    "Assignment",
    "AssignmentQuerySet",
    "Committee",
    "CommitteeMember",
    "ConsensusNote",
    "Consolidation",
    "Decision",
    "DecisionCondition",
    "InterestDeclaration",
    "Review",
    "ReviewMessage",
    "Score",
    "siren_validator",
]
