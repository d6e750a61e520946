"""What a dossier's decision and its letters say about its notification: the
applicant's view (released decisions and notified letters only) and the
managers' view (every letter, opened or not), each in a fixed number of
queries whatever the number of letters."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from organisations.enums import MembershipStatus

from ..models import Decision, DecisionLetter
from ..notification import appeal_deadline


@dataclass(frozen=True)
class LetterLine:
    """One letter of a decision, with its appeal deadline (``None`` until the
    applicant first opened it)."""

    letter: DecisionLetter
    deadline: datetime.date | None

    @property
    def is_current(self) -> bool:
        return self.letter.is_current


@dataclass(frozen=True)
class DecisionNotice:
    """A decision, its current letter and the letters it superseded (most
    recent first)."""

    decision: Decision
    current: LetterLine | None
    superseded: list[LetterLine] = field(default_factory=list)

    @property
    def lines(self) -> list[LetterLine]:
        """Every letter, the current one first."""
        return ([self.current] if self.current else []) + self.superseded

    @property
    def conditions(self) -> list:
        return list(self.decision.conditions.all())


def _notice(decision: Decision | None) -> DecisionNotice | None:
    if decision is None:
        return None
    lines = [
        LetterLine(letter, appeal_deadline(letter))
        for letter in reversed(decision.shown_letters)
    ]
    current = next((line for line in lines if line.is_current), None)
    return DecisionNotice(
        decision=decision,
        current=current,
        superseded=[line for line in lines if not line.is_current],
    )


def _decisions(letters):
    return Decision.objects.prefetch_related(
        "conditions", Prefetch("letters", queryset=letters, to_attr="shown_letters")
    )


def applicant_decision_notice(application) -> DecisionNotice | None:
    """The dossier's decision as its applicant sees it: only once released,
    with the letters that were notified; ``None`` before (three queries at
    most)."""
    decision = (
        _decisions(DecisionLetter.objects.filter(notified_at__isnull=False))
        .filter(application=application, released_at__isnull=False)
        .first()
    )
    return _notice(decision)


def manager_decision_notice(application) -> DecisionNotice | None:
    """The dossier's decision, released or not, with every letter it had
    (three queries at most)."""
    decision = _decisions(DecisionLetter.objects.all()).filter(application=application)
    return _notice(decision.first())


def letter_for_applicant(user, application_pk: int, letter_pk: int) -> DecisionLetter:
    """A notified letter of a released decision on a dossier of one of the
    user's organisations (active member); ``DecisionLetter.DoesNotExist``
    otherwise (the view answers 404, revealing nothing)."""
    if not user.is_authenticated:
        raise DecisionLetter.DoesNotExist
    members = DecisionLetter.objects.filter(
        decision__application__organisation__memberships__user_id=user.pk,
        decision__application__organisation__memberships__status=(
            MembershipStatus.ACTIVE
        ),
    )
    return (
        members.filter(
            pk=letter_pk,
            decision__application_id=application_pk,
            decision__released_at__isnull=False,
            notified_at__isnull=False,
        )
        .select_related("decision__application", "authority")
        .distinct()
        .get()
    )
