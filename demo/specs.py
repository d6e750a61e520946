"""The shape of the demo data: plain descriptions that the builders turn into rows.

Keeping the data (texts, figures) apart from the code that writes it lets each
call's text live in its own module under ``demo/texts/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

# (level, code): the natural key of a territory.
TerritoryKey = tuple[str, str]
# Given the moment the seed runs, the call's (opens_at, closes_at).
Schedule = Callable[[datetime], tuple[datetime, datetime]]


@dataclass(frozen=True)
class DocumentSpec:
    label: str
    allowed_types: tuple[str, ...] = ("pdf",)
    help_text: str = ""
    mandatory: bool = True
    max_size_mb: int = 10


@dataclass(frozen=True)
class RuleSpec:
    category: str
    min_partners: int = 1
    confirmation_required: bool = True
    mandatory: bool = True


@dataclass(frozen=True)
class CriterionSpec:
    label: str
    weight: Decimal
    guidance: str = ""
    max_score: int = 4


@dataclass(frozen=True)
class Question:
    """One question block: its type, a key unique within the call, its value."""

    block_type: str
    key: str
    value: dict


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class CallSpec:
    reference: str
    title: str
    kind: str
    authority_slug: str
    summary: str
    schedule: Schedule
    envelope: Decimal | None
    expected_laureates: int | None
    lead_categories: tuple[str, ...]
    steering_body_required: bool
    territories: tuple[TerritoryKey, ...]
    sections: tuple[Section, ...]
    documents: tuple[DocumentSpec, ...]
    rules: tuple[RuleSpec, ...]
    criteria: tuple[CriterionSpec, ...]
    # The public page: body blocks and FAQ items as (block_type, value) pairs.
    body: tuple[tuple[str, object], ...] = ()
    faq: tuple[tuple[str, object], ...] = ()
    min_reviews: int = 2
    # The instruction's settings (defaults: the model's).
    spread_threshold: Decimal = Decimal(20)
    peer_reviews_visible: bool = True
    normalisation_min_reviews: int = 5
    search_description: str = ""


# The instruction ---------------------------------------------------------------


@dataclass(frozen=True)
class DossierSpec:
    """A demo dossier of a filière call, found by its lead's SIRET."""

    key: str  # its demo applicant is ``porteur-<key>@example.org``
    number: int  # the lead's synthetic SIRET is ``governance.siret(number)``
    organisation: str
    filiere: str  # the filière's code
    title: str
    complete: bool = True  # complete and submitted, or left a draft
    # (name, SIRET number, category); None: the governance dossiers' partners.
    partners: tuple[tuple[str, int, str], ...] | None = None
    # The yearly amount requested (None: the demo's default answer).
    amount: Decimal | None = None


@dataclass(frozen=True)
class ReviewSpec:
    """A reviewer's grid, in the order of the call's criteria (None: blank)."""

    scores: tuple[int | None, ...]
    comments: tuple[str, ...]
    comment: str = ""
    recommendation: str = ""


# What a reviewer has done with an assignment, in the order it happens.
PENDING = "pending"  # assigned; no answer yet on conflicts of interest
ACCEPTED = "accepted"  # attested no conflict, nothing scored yet
DRAFT = "draft"  # a draft saved
SUBMITTED = "submitted"  # the review submitted
CONFLICT = "conflict"  # a conflict of interest declared


@dataclass(frozen=True)
class AssignmentSpec:
    reviewer: str  # a demo account's username
    stage: str  # PENDING, ACCEPTED, DRAFT, SUBMITTED or CONFLICT
    review: ReviewSpec | None = None  # for DRAFT and SUBMITTED
    conflict_reason: str = ""  # for CONFLICT


@dataclass(frozen=True)
class InstructionSpec:
    """A dossier under review: its assignments in the order they were made (a
    replacement after the conflict it replaces), and the reviewers' thread."""

    dossier: str  # a ``DossierSpec.key``
    assignments: tuple[AssignmentSpec, ...]
    thread: tuple[tuple[str, str], ...] = ()  # (username, message)


@dataclass(frozen=True)
class InterestSpec:
    """A reviewer's declared tie with an organisation."""

    reviewer: str
    organisation: str
    number: int  # synthetic SIRET number (``governance.siret``)
    nature: str  # reviews.enums.InterestNature value
    details: str
    since: date


# The committee's decisions ------------------------------------------------------


@dataclass(frozen=True)
class ConditionSpec:
    """A condition of an acceptance, due ``due_in_days`` after the seed runs."""

    text: str
    due_in_days: int


@dataclass(frozen=True)
class DecisionSpec:
    """A dossier taken from its submission to its notified decision: its
    reviewers' assignments and the committee's acceptance."""

    dossier: str  # a ``DossierSpec.key``
    assignments: tuple[AssignmentSpec, ...]
    amount: Decimal  # a year
    opinion: str
    motivation: str = ""  # mandatory with conditions
    conditions: tuple[ConditionSpec, ...] = ()
