"""The shape of the demo data: plain descriptions that the builders turn into rows.

Keeping the data (texts, figures) apart from the code that writes it lets each
call's text live in its own module under ``demo/texts/``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
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
    search_description: str = ""
