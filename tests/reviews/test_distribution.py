"""Distributing a call's dossiers among reviewers (``assignments_distribute``)
and its planner."""

import itertools
import random
from collections import Counter
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import OutboundEmail
from reviews import services
from reviews.enums import AssignmentStatus
from reviews.exceptions import (
    DistributionImpossible,
    ReviewError,
    ReviewPermissionRefused,
)
from reviews.models import Assignment
from reviews.services.distribution import Need, Planner
from tests.factories import (
    ApplicationFactory,
    InterestDeclarationFactory,
    MembershipFactory,
    PartnerFactory,
    assign,
    under_review,
)
from tests.factories.reviews import siren_of_lead

# The planner alone -------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    pk: int
    name: str

    def get_username(self):
        return self.name


@dataclass(frozen=True)
class Dossier:
    pk: int
    reference: str


PEOPLE = [Person(i + 1, name) for i, name in enumerate("abcd")]


def _needs(spec):
    """``[(missing, "eligible names")]`` → needs on dossiers D0, D1…"""
    return [
        Need(
            Dossier(i + 1, f"D{i}"),
            missing,
            tuple(p for p in PEOPLE if p.name in names),
        )
        for i, (missing, names) in enumerate(spec)
    ]


def _run(spec, cap=None, loads=None):
    needs = _needs(spec)
    base = Counter(loads or {})
    short = Planner(needs, Counter(base), cap).run()
    plan = {
        n.application.reference: "".join(sorted(p.name for p in n.given)) for n in needs
    }
    return plan, short, needs


def _feasible(spec, cap):
    options = [
        itertools.combinations([p for p in PEOPLE if p.name in names], missing)
        for missing, names in spec
    ]
    for combo in itertools.product(*options):
        loads = Counter(p.pk for chosen in combo for p in chosen)
        if cap is None or all(n <= cap for n in loads.values()):
            return True
    return False


def test_planner_finds_the_plan_a_greedy_choice_misses():
    # Both dossiers are as constrained; taking a and c (first by username) for
    # D0 leaves D1 only b. The planner then moves a from D0 to D1 and gives D0
    # d instead (a chain of one swap).
    plan, short, _needs = _run([(2, "acd"), (2, "abc")], cap=1)
    assert short == []
    assert plan == {"D0": "cd", "D1": "ab"}


def test_planner_balances_loads():
    plan, short, _needs = _run([(2, "abcd")] * 6)
    assert short == []
    assert Counter(c for chosen in plan.values() for c in chosen) == {
        "a": 3,
        "b": 3,
        "c": 3,
        "d": 3,
    }


def test_planner_counts_existing_loads():
    plan, _short, _n = _run([(1, "abcd")] * 2, loads={1: 2, 2: 1})
    assert plan == {"D0": "c", "D1": "d"}


def test_planner_reports_the_dossiers_left_short():
    _plan, short, _n = _run([(2, "ab"), (2, "ab"), (1, "c")], cap=1)
    assert [n.application.reference for n in short] == ["D1"]


def test_planner_is_exact_and_deterministic_on_random_cases():
    rng = random.Random(20261203)
    for _case in range(400):
        spec = []
        for _d in range(rng.randint(1, 4)):
            names = "".join(sorted(rng.sample("abcd", rng.randint(1, 4))))
            spec.append((rng.randint(1, min(2, len(names))), names))
        cap = rng.choice([None, 1, 2, 3])
        plan, short, needs = _run(spec, cap)
        assert (short == []) is _feasible(spec, cap), (spec, cap)
        for need in needs:
            chosen = [p.name for p in need.given]
            assert len(chosen) == len(set(chosen)) <= need.missing
            assert set(chosen) <= {p.name for p in need.eligible}
        loads = Counter(p.pk for need in needs for p in need.given)
        assert cap is None or max(loads.values(), default=0) <= cap
        assert _run(spec, cap)[0] == plan


# The service ------------------------------------------------------------------------


@pytest.fixture
def dossiers(call, criteria, manager):
    return [under_review(call, manager=manager) for _i in range(6)]


def _loads(call):
    return Counter(
        Assignment.objects.active()
        .filter(application__call=call)
        .values_list("reviewer__username", flat=True)
    )


def _distribute(call, reviewers, manager, **kwargs):
    return services.assignments_distribute(
        call=call, reviewers=reviewers, user=manager, **kwargs
    )


def test_distribute_balances_and_sends_one_email_per_reviewer(
    call, dossiers, manager, reviewers, recorded
):
    with recorded() as new:
        created = _distribute(call, reviewers, manager, per_dossier=2)
    assert len(created) == 12
    assert _loads(call) == {r.username: 3 for r in reviewers}
    for dossier in dossiers:
        assert dossier.assignments.active().count() == 2
    assert new.actions == ["assignment.created"] * 12
    assert len(new.emails) == 4
    for reviewer in reviewers:
        [email] = [e for e in new.emails if e.to == [reviewer.email]]
        mine = [a for a in created if a.reviewer == reviewer]
        assert email.subject == (
            f"[{call.reference}] 3 dossiers vous sont confiés pour instruction"
        )
        assert "Les dossiers suivants vous sont confiés" in email.body
        for assignment in mine:
            assert assignment.application.reference in email.body
            assert (
                f"http://testserver/admin/instruction/evaluations/{assignment.pk}/"
                in email.body
            )


def test_distribute_defaults_to_min_reviews_and_breaks_ties_by_username(
    call, criteria, manager, reviewers
):
    dossier = under_review(call, manager=manager)
    created = _distribute(call, list(reversed(reviewers)), manager)
    assert [a.reviewer.username for a in created] == ["instructeur-a", "instructeur-b"]
    assert {a.application for a in created} == {dossier}


def test_distribute_is_deterministic(call, dossiers, manager, reviewers):
    def plan():
        with transaction.atomic():
            created = _distribute(call, reviewers, manager, per_dossier=3)
            result = [(a.application.reference, a.reviewer.username) for a in created]
            transaction.set_rollback(True)
        return result

    first = plan()
    assert Assignment.objects.count() == 0
    assert plan() == first


def test_distribute_counts_existing_assignments(call, dossiers, manager, reviewers):
    assign(dossiers[0], reviewers[0], manager)
    assign(dossiers[1], reviewers[0], manager)
    _distribute(call, reviewers, manager, applications=dossiers[:4])
    # 8 reviews over 4 reviewers: instructeur-a already had their 2.
    assert _loads(call) == {r.username: 2 for r in reviewers}
    assert Assignment.objects.filter(reviewer=reviewers[0]).count() == 2
    for dossier in dossiers[4:]:
        assert not dossier.assignments.exists()


def test_distribute_excludes_conflicts(call, dossiers, manager, reviewers):
    lead, member, partner = dossiers[:3]
    InterestDeclarationFactory(reviewer=reviewers[0], siren=siren_of_lead(lead))
    MembershipFactory(user=reviewers[1], organisation=member.organisation)
    linked = PartnerFactory(application=partner)
    InterestDeclarationFactory(reviewer=reviewers[2], siren=linked.siret[:9])
    _distribute(call, reviewers, manager, per_dossier=3)
    assert reviewers[0] not in {a.reviewer for a in lead.assignments.all()}
    assert reviewers[1] not in {a.reviewer for a in member.assignments.all()}
    assert reviewers[2] not in {a.reviewer for a in partner.assignments.all()}
    for dossier in dossiers:
        assert dossier.assignments.active().count() == 3


def test_distribute_respects_the_cap(call, dossiers, manager, reviewers):
    _distribute(call, reviewers, manager, per_dossier=2, cap=3)
    assert max(_loads(call).values()) == 3


def test_distribute_uses_swaps_a_greedy_plan_misses(call, criteria, manager, reviewers):
    """Each dossier has one conflicted reviewer; with a cap of one dossier per
    reviewer, giving the first dossier a and c (first by username) leaves the
    second only b: the planner swaps a over and gives the first d."""
    first = under_review(call, manager=manager)
    second = under_review(call, manager=manager)
    a, b, c, d = reviewers
    InterestDeclarationFactory(reviewer=b, siren=siren_of_lead(first))
    InterestDeclarationFactory(reviewer=d, siren=siren_of_lead(second))
    _distribute(call, reviewers, manager, cap=1)
    assert {x.reviewer for x in first.assignments.all()} == {c, d}
    assert {x.reviewer for x in second.assignments.all()} == {a, b}


def _lacks(reference, missing, eligible):
    return ngettext(
        "%(reference)s lacks %(missing)d reviewer: only %(eligible)d of the "
        "chosen reviewers may review it (conflicts of interest or already "
        "assigned).",
        "%(reference)s lacks %(missing)d reviewers: only %(eligible)d of the "
        "chosen reviewers may review it (conflicts of interest or already "
        "assigned).",
        missing,
    ) % {"reference": reference, "missing": missing, "eligible": eligible}


def test_distribute_refused_with_too_few_eligible_reviewers(
    call, dossiers, manager, reviewers, nothing_changes
):
    InterestDeclarationFactory(reviewer=reviewers[0], siren=siren_of_lead(dossiers[2]))
    with nothing_changes(), pytest.raises(DistributionImpossible) as refused:
        _distribute(call, reviewers[:2], manager)
    assert refused.value.message == _(
        "The distribution cannot give every dossier its reviewers."
    )
    assert refused.value.reasons == [_lacks(dossiers[2].reference, 1, 1)]


def test_distribute_refused_when_caps_forbid_it(
    call, dossiers, manager, reviewers, nothing_changes
):
    with nothing_changes(), pytest.raises(DistributionImpossible) as refused:
        _distribute(call, reviewers, manager, cap=2)  # 12 reviews, 8 places
    message = ngettext(
        "%(reference)s lacks %(missing)d reviewer: the reviewers who may review "
        "it have reached the cap of %(cap)d dossiers.",
        "%(reference)s lacks %(missing)d reviewers: the reviewers who may review "
        "it have reached the cap of %(cap)d dossiers.",
        2,
    )
    references = sorted(d.reference for d in dossiers)
    assert refused.value.reasons == [
        message % {"reference": ref, "missing": 2, "cap": 2} for ref in references[4:]
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"per_dossier": 1},
            "Each dossier of this call needs at least %(min)d reviewers.",
        ),
        ({"cap": 0}, "The cap per reviewer must be at least 1."),
        ({"reviewers": []}, "Choose at least one reviewer."),
    ],
)
def test_distribute_refuses_a_bad_request(
    kwargs, message, call, dossiers, manager, reviewers, nothing_changes
):
    kwargs = {"reviewers": reviewers, **kwargs}
    with nothing_changes(), pytest.raises(DistributionImpossible) as refused:
        services.assignments_distribute(call=call, user=manager, **kwargs)
    assert refused.value.message == _(message) % {"min": 2}


def test_distribute_refuses_who_is_not_a_reviewer(
    call, dossiers, manager, reviewers, outside_reviewer, nothing_changes
):
    with nothing_changes(), pytest.raises(DistributionImpossible) as refused:
        _distribute(call, [*reviewers, outside_reviewer, manager], manager)
    assert refused.value.message == _(
        "Not reviewers of the authority that issued this call: %(names)s."
    ) % {"names": "Claude Gestion, Dominique Exemple"}  # by username


def test_distribute_refusals_of_role_date_and_dossiers(
    call, criteria, manager, other_manager, reviewers, nothing_changes
):
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        _distribute(call, reviewers, other_manager)
    with nothing_changes(), pytest.raises(ReviewPermissionRefused):
        _distribute(call, reviewers, reviewers[0])
    with nothing_changes(), pytest.raises(ReviewError):
        _distribute(call, reviewers, manager, due_at=timezone.now())
    with nothing_changes(), pytest.raises(DistributionImpossible) as refused:
        _distribute(call, reviewers, manager)
    assert refused.value.message == _("No dossier of this call is under review.")
    draft = ApplicationFactory(call=call)
    dossier = under_review(call, manager=manager)
    with nothing_changes(), pytest.raises(DistributionImpossible) as refused:
        _distribute(call, reviewers, manager, applications=[dossier, draft])
    assert refused.value.message == _(
        "These dossiers are not under review in this call: %(refs)s."
    ) % {"refs": draft.reference}
    _distribute(call, reviewers, manager)
    with nothing_changes(), pytest.raises(DistributionImpossible) as refused:
        _distribute(call, reviewers, manager)
    assert refused.value.message == _(
        "Every dossier already has %(n)d active reviewers."
    ) % {"n": 2}


def test_distribute_completes_after_a_declared_conflict(
    call, criteria, manager, reviewers, recorded
):
    dossier = under_review(call, manager=manager)
    first, _second = _distribute(call, reviewers, manager)
    services.conflict_declare(assignment=first, user=first.reviewer, reason="Lien.")
    with recorded() as new:
        [third] = _distribute(call, reviewers, manager)
    assert third.reviewer == reviewers[2]  # not the conflicted, not the assigned
    assert dossier.assignments.active().count() == 2
    assert first.reviewer != third.reviewer
    assert Assignment.objects.get(pk=first.pk).status == AssignmentStatus.CONFLICT
    [email] = new.emails
    assert email.subject == (
        f"[{call.reference}] Un dossier vous est confié pour instruction"
    )
    assert OutboundEmail.objects.filter(to=[reviewers[2].email]).count() == 1


def test_distribute_says_when_no_chosen_reviewer_may_take_a_dossier(
    call, dossiers, manager, reviewers, nothing_changes
):
    InterestDeclarationFactory(reviewer=reviewers[0], siren=siren_of_lead(dossiers[1]))
    with nothing_changes(), pytest.raises(DistributionImpossible) as refused:
        _distribute(call, reviewers[:1], manager, per_dossier=2)
    reference = dossiers[1].reference
    assert (
        ngettext(
            "%(reference)s lacks %(missing)d reviewer: none of the chosen reviewers "
            "may review it (conflicts of interest or already assigned).",
            "%(reference)s lacks %(missing)d reviewers: none of the chosen reviewers "
            "may review it (conflicts of interest or already assigned).",
            2,
        )
        % {"reference": reference, "missing": 2}
        in refused.value.reasons
    )
