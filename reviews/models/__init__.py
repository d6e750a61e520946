"""What the instruction and the committee record (``instruction``: assignments,
reviews, scores, interests, thread, consensus notes, consolidation;
``committee``: committee sessions and decisions; ``letters``: the decision
letters and their numbering; ``release``: the releases of decisions)."""

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
from .letters import DecisionLetter, LetterSequence
from .release import ReleaseBatch, ReleaseItem

__all__ = [
    "Assignment",
    "AssignmentQuerySet",
    "Committee",
    "CommitteeMember",
    "ConsensusNote",
    "Consolidation",
    "Decision",
    "DecisionCondition",
    "DecisionLetter",
    "InterestDeclaration",
    "LetterSequence",
    "ReleaseBatch",
    "ReleaseItem",
    "Review",
    "ReviewMessage",
    "Score",
    "siren_validator",
]
