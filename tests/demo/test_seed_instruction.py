"""The demo's instruction of the ARA filière call: what seed_demo leaves in place.

The expected figures are computed by hand from ``demo/texts/ara_instruction.py``:
the grid weighs 25, 20, 20, 10, 15 and 10, each criterion scored on 4, so a
reviewer's total is ``sum(weight * score) / 4``.
"""

from collections import Counter, defaultdict
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from accounts.two_factor.policy import two_factor_required
from applications.models import Application
from calls.enums import CallStatus
from calls.models import Authority, Call
from core.models import ActivityEntry, OutboundEmail
from demo.calls import submissions_window
from demo.users import ACCOUNTS, DEMO_PASSWORD
from reviews import services
from reviews.conflicts import detect_conflicts
from reviews.exceptions import ConflictOfInterest
from reviews.models import Assignment, InterestDeclaration, Review, ReviewMessage

from .seeding import seed

pytestmark = pytest.mark.django_db

CALL = "AAC-2026-ARA-FIL"
UNDER_REVIEW = [f"{CALL}-000{n}" for n in (1, 2, 4, 5, 6, 7)]

# (dossier, reviewer) -> (assignment status, review status, total on 100)
EXPECTED = {
    ("0001", "instructeur"): ("accepted", "submitted", Decimal("72.5")),
    ("0001", "instructeur2"): ("accepted", "submitted", Decimal("67.5")),
    ("0002", "instructeur2"): ("accepted", "submitted", Decimal("86.25")),
    ("0002", "instructeur3"): ("accepted", "submitted", Decimal("52.5")),
    ("0004", "instructeur3"): ("accepted", "submitted", Decimal("66.25")),
    ("0004", "instructeur"): ("accepted", "draft", None),
    ("0005", "instructeur"): ("pending", None, None),
    ("0005", "instructeur2"): ("accepted", None, None),
    ("0006", "instructeur2"): ("accepted", "submitted", Decimal("68.75")),
    ("0006", "instructeur3"): ("conflict", None, None),
    ("0006", "instructeur"): ("pending", None, None),
    ("0007", "instructeur2"): ("accepted", "submitted", Decimal("42.5")),
    ("0007", "instructeur3"): ("accepted", "draft", None),
}


def instruction_state() -> dict:
    """Every assignment of the call, as (status, review status, total)."""
    state = {}
    for assignment in Assignment.objects.filter(
        application__call__reference=CALL
    ).select_related("application", "reviewer", "review"):
        review = getattr(assignment, "review", None)
        key = (assignment.application.reference[-4:], assignment.reviewer.username)
        assert key not in state, key
        state[key] = (
            assignment.status,
            review.status if review else None,
            review.total if review else None,
        )
    return state


def spreads() -> dict[str, Decimal]:
    """Each dossier's spread, from its submitted reviews' totals (the rule of
    the issue, computed here rather than through a selector)."""
    totals = defaultdict(list)
    for reference, total in Review.objects.filter(
        assignment__application__call__reference=CALL,
        assignment__status="accepted",
        status="submitted",
    ).values_list("assignment__application__reference", "total"):
        totals[reference].append(total)
    return {ref: max(values) - min(values) for ref, values in totals.items()}


def test_the_ara_filiere_call_is_closed_with_six_dossiers_under_review(seeded):
    call = Call.objects.get(reference=CALL)
    assert call.status() == CallStatus.CLOSED
    states = dict(
        Application.objects.filter(call=call).values_list("reference", "state")
    )
    assert states == {
        **dict.fromkeys(UNDER_REVIEW, "under_review"),
        f"{CALL}-0003": "draft",  # the governance demo's incomplete draft
    }
    assert call.criteria.count() == 6
    assert sum(c.weight for c in call.criteria.all()) == 100
    assert all(c.guidance and c.max_score == 4 for c in call.criteria.all())
    assert (call.min_reviews, call.spread_threshold) == (2, Decimal(20))
    assert call.normalisation_min_reviews == 3


def test_assignments_and_reviews_are_the_planned_ones(seeded):
    state = instruction_state()
    assert state == EXPECTED
    assert Counter(status for status, _r, _t in state.values()) == {
        "accepted": 10,
        "pending": 2,
        "conflict": 1,
    }
    assert Counter(review for _s, review, _t in state.values() if review) == {
        "submitted": 7,
        "draft": 2,
    }


def test_the_instructeur_account_has_a_pending_a_draft_and_a_submitted_review(
    seeded,
):
    instructeur = get_user_model().objects.get(username="instructeur")
    ara = Authority.objects.get(slug="ars-auvergne-rhone-alpes")
    assert ara.staff.filter(pk=instructeur.pk).exists()
    mine = Counter(
        (status, review)
        for (_ref, username), (status, review, _t) in instruction_state().items()
        if username == "instructeur"
    )
    assert mine == {
        ("pending", None): 2,
        ("accepted", "draft"): 1,
        ("accepted", "submitted"): 1,
    }


def test_one_dossier_is_flagged_and_one_is_ready_to_be_completed(seeded):
    call = Call.objects.get(reference=CALL)
    found = spreads()
    assert found[f"{CALL}-0001"] == Decimal(5)
    assert found[f"{CALL}-0002"] == Decimal("33.75")
    flagged = sorted(ref for ref, spread in found.items() if spread > 20)
    assert flagged == [f"{CALL}-0002"]
    assert call.spread_threshold == 20
    ready = sorted(
        application.reference
        for application in Application.objects.filter(reference__in=UNDER_REVIEW)
        if not services.completion_problems(application)
    )
    assert ready == [f"{CALL}-0001", f"{CALL}-0002"]


def test_a_conflict_is_declared_and_its_reviewer_replaced(seeded):
    dossier = Application.objects.get(reference=f"{CALL}-0006")
    conflicted, replacement = (
        Assignment.objects.filter(application=dossier)
        .exclude(reviewer__username="instructeur2")
        .order_by("pk")
    )
    assert (conflicted.reviewer.username, conflicted.status) == (
        "instructeur3",
        "conflict",
    )
    assert "vacations de médecin" in conflicted.conflict_reason
    assert (replacement.reviewer.username, replacement.status) == (
        "instructeur",
        "pending",
    )
    assert replacement.created_at >= conflicted.conflict_declared_at
    assert OutboundEmail.objects.filter(
        template="conflict_declared", context_ref=f"reviews.assignment:{conflicted.pk}"
    ).exists()


def test_instructeur_declared_an_interest_that_keeps_her_off_a_dossier(seeded):
    instructeur = get_user_model().objects.get(username="instructeur")
    (declaration,) = InterestDeclaration.objects.filter(reviewer=instructeur)
    assert declaration.organisation_name == "Clinique du Salève (fictive)"
    dossier = Application.objects.get(reference=f"{CALL}-0007")
    assert dossier.partners.filter(siret__startswith=declaration.siren).exists()
    assert detect_conflicts(instructeur, dossier)
    with pytest.raises(ConflictOfInterest):
        services.assignment_create(
            application=dossier,
            reviewer=instructeur,
            user=get_user_model().objects.get(username="gestionnaire"),
        )


def test_the_reviewers_discuss_the_flagged_dossier(seeded):
    thread = ReviewMessage.objects.filter(
        application__reference=f"{CALL}-0002"
    ).order_by("pk")
    assert [m.author.username for m in thread] == ["instructeur2", "instructeur3"]
    assert ReviewMessage.objects.count() == 2


def snapshot() -> dict:
    return {
        "state": instruction_state(),
        "assignments": sorted(Assignment.objects.values_list("pk", flat=True)),
        "reviews": sorted(Review.objects.values_list("pk", "status", "total")),
        "messages": ReviewMessage.objects.count(),
        "interests": InterestDeclaration.objects.count(),
        "applications": sorted(Application.objects.values_list("pk", "state")),
        "call_dates": Call.objects.filter(reference=CALL)
        .values_list("opens_at", "closes_at")
        .get(),
        "activity": ActivityEntry.objects.count(),
    }


def test_seeding_twice_changes_nothing_and_sends_no_email():
    seed()
    first = snapshot()
    emails = OutboundEmail.objects.count()
    assert first["state"] == EXPECTED

    seed()

    assert snapshot() == first
    assert OutboundEmail.objects.count() == emails


def test_the_first_run_tells_the_reviewers_and_the_managers():
    output = seed()
    assert (
        f"Instruction de {CALL} : 6 dossier(s) en instruction, 13 affectation(s), "
        "7 évaluation(s) déposée(s)"
    ) in output
    assert (
        f"Dossier {CALL}-0001 (Centre hospitalier du Val de Saône (fictif)) : "
        "En instruction"
    ) in output
    templates = Counter(OutboundEmail.objects.values_list("template", flat=True))
    # One per assignment: 13 on this call, 16 on the Bretagne filière call.
    assert templates["reviewer_assigned"] == 13 + 16
    assert templates["conflict_declared"] == 1


@pytest.mark.parametrize("account", ACCOUNTS, ids=lambda a: a.username)
def test_every_demo_account_signs_in(seeded, client, account):
    if account.sign_in == "/admin/":
        response = client.post(
            "/admin/login/", {"username": account.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
        user = get_user_model().objects.get(username=account.username)
        admin = client.get("/admin/")
        if two_factor_required(user):
            # Issue 13: a manager or administrator enrols a device first.
            assert admin["Location"].startswith(
                "/compte/double-authentification/activation/"
            )
        else:
            assert admin.status_code == 200
    else:
        response = client.post(
            account.sign_in, {"username": account.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302
    user = get_user_model().objects.get(username=account.username)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_the_submissions_window_opens_a_closed_call_for_its_block_only(seeded):
    call = Call.objects.get(reference=CALL)
    dates = (call.opens_at, call.closes_at)
    with submissions_window(call, needed=True):
        assert Call.objects.get(pk=call.pk).is_open()
    call = Call.objects.get(pk=call.pk)
    assert (call.opens_at, call.closes_at) == dates
    assert call.status() == CallStatus.CLOSED
    with submissions_window(call, needed=False):
        assert Call.objects.get(pk=call.pk).status() == CallStatus.CLOSED


@pytest.mark.parametrize(
    ("reference", "status"),
    [("AAC-2026-BRE-MAV", CallStatus.OPEN), ("AAC-2026-BRE-GDP", CallStatus.UPCOMING)],
)
def test_the_submissions_window_leaves_an_open_or_upcoming_call_alone(
    seeded, reference, status
):
    call = Call.objects.get(reference=reference)
    dates = (call.opens_at, call.closes_at)
    with submissions_window(call, needed=True):
        assert Call.objects.get(pk=call.pk).status() == status
    call = Call.objects.get(pk=call.pk)
    assert (call.opens_at, call.closes_at) == dates
