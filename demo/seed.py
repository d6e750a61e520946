"""Seeding the whole demo in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractUser
from django.db import transaction
from django.utils import timezone

from applications.models import Application
from calls.models import Authority, Call, Territory
from cms.models import CallPage

from .authorities import seed_authorities
from .calls import seed_calls, submissions_window
from .decisions import CALL as DECISIONS_CALL
from .decisions import DecisionsReport, seed_decision_dossiers, seed_decisions
from .directory import DirectoryResult, seed_directory
from .dossiers import seed_applicant_side, seed_staff
from .governance import CALL, missing_dossiers, seed_governance_dossiers
from .instruction import (
    ALL_DOSSIERS,
    InstructionReport,
    seed_instruction,
    seed_instruction_dossiers,
)
from .pages import seed_pages
from .territories import seed_territories
from .texts import bre_decisions
from .users import seed_users


@dataclass
class SeedReport:
    now: datetime
    territories: list[Territory]
    authorities: list[Authority]
    calls: list[Call]
    call_pages: list[CallPage]
    revisions_published: int
    users: list[AbstractUser]
    instruction: InstructionReport
    decisions: DecisionsReport
    directory: DirectoryResult | None = None
    draft: Application | None = None
    governance_dossiers: list[Application] = field(default_factory=list)


@transaction.atomic
def seed_demo(*, now: datetime | None = None) -> SeedReport:
    """Create or update every demo object; running it again changes nothing.

    ``now`` anchors the calls' relative dates (default: the clock). What the
    services date themselves (submissions, assignments and their due dates,
    reviews, decisions, letters) follows the clock.
    """
    now = now or timezone.now()
    territories = seed_territories()
    authorities = seed_authorities(territories)
    calls = seed_calls(now=now, authorities=authorities, territories=territories)
    pages = seed_pages(calls=calls, authorities=authorities)
    directory = seed_directory(territories=territories)
    users = seed_users()
    by_name = {user.username: user for user in users}
    seed_staff(users=by_name, authorities=list(authorities.values()))
    draft = seed_applicant_side(applicant=by_name["porteur"])
    # The ARA filière call is closed: its dossiers are written while it is opened
    # for the time of this transaction, then taken through their instruction.
    ara = Call.objects.get(reference=CALL)
    with submissions_window(ara, needed=missing_dossiers(ara, ALL_DOSSIERS)):
        governance_dossiers = seed_governance_dossiers()
        seed_instruction_dossiers()
    instruction = seed_instruction(users=by_name)
    # The Bretagne filière call is closed too: its dossiers are written the same
    # way, then taken up to their notified decisions.
    bre = Call.objects.get(reference=DECISIONS_CALL)
    with submissions_window(bre, needed=missing_dossiers(bre, bre_decisions.DOSSIERS)):
        seed_decision_dossiers()
    decisions = seed_decisions(users=by_name)
    # Read again: the instruction took the submitted ones under review.
    governance_dossiers = list(
        Application.objects.filter(pk__in=[d.pk for d in governance_dossiers]).order_by(
            "reference"
        )
    )
    return SeedReport(
        now=now,
        territories=list(territories.values()),
        authorities=list(authorities.values()),
        calls=calls,
        call_pages=pages.call_pages,
        revisions_published=pages.published,
        users=users,
        draft=draft,
        governance_dossiers=governance_dossiers,
        instruction=instruction,
        decisions=decisions,
        directory=directory,
    )
