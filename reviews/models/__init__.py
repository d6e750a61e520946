"""What the instruction and the committee record (``instruction``: assignments,
reviews, scores, interests, thread, consensus notes, consolidation;
``committee``: committee sessions and decisions; ``letters``: the decision
letters and their numbering)."""

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
    "Review",
    "ReviewMessage",
    "Score",
    "siren_validator",
]
