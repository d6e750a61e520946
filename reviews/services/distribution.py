"""Distributing a call's dossiers among reviewers (``assignments_distribute``).

The plan is exact: a dossier is refused its reviewers only when no plan at all
can give them (a b-matching found by augmenting paths, as in a max-flow). Each
reviewer added goes to the least loaded reviewer the dossier can reach, directly
or by moving another dossier's reviewer along a chain of swaps, ties broken by
username: loads come out balanced, and the same input gives the same plan.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import attrgetter

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.models import Application

from .. import permissions
from ..conflicts import conflicts_between, entities_by_dossier, ties_by_reviewer
from ..emails import reviewer_assigned_email
from ..exceptions import DistributionImpossible
from ..models import Assignment
from ._common import check_due_at, require_manager, reviewer_name, under_review_of
from .assignments import assignment_write


@dataclass
class Need:
    """A dossier short of ``missing`` reviewers, among its ``eligible`` ones."""

    application: Application
    missing: int
    eligible: tuple  # reviewers, in the chosen order
    given: list = field(default_factory=list)  # reviewers planned for it

    @property
    def key(self) -> tuple:
        return (self.application.reference, self.application.pk)


def _ordered(reviewers: Iterable) -> list:
    """Deterministic order: by username, then pk."""
    return sorted(
        {r.pk: r for r in reviewers}.values(), key=lambda r: (r.get_username(), r.pk)
    )


class Planner:
    """Give each need its missing reviewers, loads balanced, at most ``cap``
    active assignments per reviewer (existing ones included in ``loads``)."""

    def __init__(self, needs: list[Need], loads: dict[int, int], cap: int | None):
        # The most constrained dossiers first, then by reference.
        self.needs = sorted(needs, key=lambda n: (len(n.eligible) - n.missing, n.key))
        self.loads = loads
        self.cap = cap
        self.holders = defaultdict(list)  # reviewer pk -> needs planned with them

    def spare(self, reviewer) -> bool:
        return self.cap is None or self.loads[reviewer.pk] < self.cap

    def rank(self, reviewer) -> tuple:
        return (self.loads[reviewer.pk], reviewer.get_username(), reviewer.pk)

    def run(self) -> list[Need]:
        """Plan; return the needs left short (empty when the plan is complete).
        Passes repeat until no dossier gains a reviewer: then no augmenting
        path is left and the plan is maximal."""
        progress = True
        while progress:
            progress = False
            for need in self.needs:
                while len(need.given) < need.missing and self._augment(need):
                    progress = True
        return [n for n in self.needs if len(n.given) < n.missing]

    def _augment(self, start: Need) -> bool:
        """One more reviewer for ``start``: breadth-first over the chains
        « dossier takes reviewer r; r's other dossier takes another reviewer… »,
        ending at the least loaded reviewer with room left."""
        came_from = {}  # reviewer pk -> (need taking them, previous reviewer | None)
        seen_needs = {id(start)}
        queue = deque([(start, None)])  # (need, the reviewer it gives up)
        ends = []
        while queue:
            need, given_up = queue.popleft()
            for reviewer in need.eligible:
                if reviewer.pk in came_from or reviewer in need.given:
                    continue
                came_from[reviewer.pk] = (need, given_up)
                if self.spare(reviewer):
                    ends.append(reviewer)
                for other in self.holders[reviewer.pk]:
                    if id(other) not in seen_needs:
                        seen_needs.add(id(other))
                        queue.append((other, reviewer))
        if not ends:
            return False
        reviewer = min(ends, key=self.rank)
        self.loads[reviewer.pk] += 1
        while reviewer is not None:
            need, given_up = came_from[reviewer.pk]
            need.given.append(reviewer)
            self.holders[reviewer.pk].append(need)
            if given_up is not None:
                need.given.remove(given_up)
                self.holders[given_up.pk].remove(need)
            reviewer = given_up
        return True


def _shortfall(need: Need, cap: int | None) -> str:
    missing = need.missing - len(need.given)
    if not need.eligible:
        return ngettext(
            "%(reference)s lacks %(missing)d reviewer: none of the chosen reviewers "
            "may review it (conflicts of interest or already assigned).",
            "%(reference)s lacks %(missing)d reviewers: none of the chosen reviewers "
            "may review it (conflicts of interest or already assigned).",
            missing,
        ) % {"reference": need.application.reference, "missing": missing}
    if len(need.eligible) < need.missing:
        return ngettext(
            "%(reference)s lacks %(missing)d reviewer: only %(eligible)d of the "
            "chosen reviewers may review it (conflicts of interest or already "
            "assigned).",
            "%(reference)s lacks %(missing)d reviewers: only %(eligible)d of the "
            "chosen reviewers may review it (conflicts of interest or already "
            "assigned).",
            missing,
        ) % {
            "reference": need.application.reference,
            "missing": missing,
            "eligible": len(need.eligible),
        }
    return ngettext(
        "%(reference)s lacks %(missing)d reviewer: the reviewers who may review "
        "it have reached the cap of %(cap)d dossiers.",
        "%(reference)s lacks %(missing)d reviewers: the reviewers who may review "
        "it have reached the cap of %(cap)d dossiers.",
        missing,
    ) % {"reference": need.application.reference, "missing": missing, "cap": cap}


def _dossiers(call, applications) -> list[Application]:
    dossiers = under_review_of(call).select_related("call", "organisation")
    if applications is not None:
        chosen = {a.pk: a for a in applications}
        dossiers = dossiers.filter(pk__in=chosen)
        found = set(dossiers.values_list("pk", flat=True))
        outside = sorted(a.reference for pk, a in chosen.items() if pk not in found)
        if outside:
            raise DistributionImpossible(
                _("These dossiers are not under review in this call: %(refs)s.")
                % {"refs": ", ".join(outside)}
            )
    dossiers = list(dossiers.select_for_update(of=("self",)).order_by("reference"))
    if not dossiers:
        raise DistributionImpossible(_("No dossier of this call is under review."))
    return dossiers


def _needs(dossiers, reviewers, per_dossier: int) -> list[Need]:
    current = defaultdict(set)  # dossier pk -> reviewer pks (not removed)
    active_count = defaultdict(int)  # dossier pk -> active assignments
    for a in Assignment.objects.current().filter(application__in=dossiers):
        current[a.application_id].add(a.reviewer_id)
        if a.is_active:
            active_count[a.application_id] += 1
    ties = ties_by_reviewer([r.pk for r in reviewers])
    entities_of = entities_by_dossier(dossiers)
    needs = []
    for application in dossiers:
        missing = per_dossier - active_count[application.pk]
        if missing <= 0:
            continue
        entities = entities_of[application.pk]
        eligible = tuple(
            r
            for r in reviewers
            if r.pk not in current[application.pk]
            and not conflicts_between(ties[r.pk], entities)
        )
        needs.append(Need(application, missing, eligible))
    return needs


def _check_request(call, reviewers, per_dossier, cap) -> None:
    if per_dossier < call.min_reviews:
        raise DistributionImpossible(
            _("Each dossier of this call needs at least %(min)d reviewers.")
            % {"min": call.min_reviews}
        )
    if cap is not None and cap < 1:
        raise DistributionImpossible(_("The cap per reviewer must be at least 1."))
    if not reviewers:
        raise DistributionImpossible(_("Choose at least one reviewer."))
    refused = [r for r in reviewers if not permissions.can_be_assigned(r, call)]
    if refused:
        raise DistributionImpossible(
            _("Not reviewers of the authority that issued this call: %(names)s.")
            % {"names": ", ".join(reviewer_name(r) for r in refused)}
        )


@transaction.atomic
def assignments_distribute(
    *,
    call,
    reviewers: Sequence,
    user,
    per_dossier: int | None = None,
    due_at=None,
    cap: int | None = None,
    applications: Iterable[Application] | None = None,
) -> list[Assignment]:
    """Give every dossier under review of ``call`` (or of ``applications``)
    ``per_dossier`` active reviewers (at least the call's ``min_reviews``), chosen
    among ``reviewers``: loads balanced, at most ``cap`` active assignments per
    reviewer in the call, conflicts of interest excluded, ties broken by
    username. All or nothing: refused with the reasons when it cannot hold.
    Each reviewer gets one email listing their new dossiers.
    """
    require_manager(user, call)
    check_due_at(due_at)
    per_dossier = call.min_reviews if per_dossier is None else int(per_dossier)
    cap = None if cap is None else int(cap)
    reviewers = _ordered(reviewers)
    _check_request(call, reviewers, per_dossier, cap)
    needs = _needs(_dossiers(call, applications), reviewers, per_dossier)
    if not needs:
        raise DistributionImpossible(
            _("Every dossier already has %(n)d active reviewers.") % {"n": per_dossier}
        )
    loads = defaultdict(int)
    for row in (
        Assignment.objects.active()
        .filter(application__call=call, reviewer__in=reviewers)
        .values("reviewer")
        .annotate(n=Count("pk"))
    ):
        loads[row["reviewer"]] = row["n"]
    short = Planner(needs, loads, cap).run()
    if short:
        raise DistributionImpossible(
            _("The distribution cannot give every dossier its reviewers."),
            reasons=[
                _shortfall(need, cap) for need in sorted(short, key=attrgetter("key"))
            ],
        )
    created = [
        assignment_write(need.application, reviewer, user, due_at)
        for need in sorted(needs, key=attrgetter("key"))
        for reviewer in _ordered(need.given)
    ]
    by_reviewer = defaultdict(list)
    for assignment in created:
        by_reviewer[assignment.reviewer_id].append(assignment)
    for reviewer in reviewers:
        assignments = by_reviewer.get(reviewer.pk)
        if assignments:
            reviewer_assigned_email(
                reviewer=reviewer,
                assignments=assignments,
                # An assignment is announced in exactly one email.
                dedup_key=f"reviews.assigned:{assignments[0].pk}",
            )
    return created
