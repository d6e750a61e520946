"""The demo's Bretagne filière call: decided and notified by seed_demo.

The demo is seeded twice once for the whole module (``seeded``, in a transaction
rolled back when the module ends; each test runs in a savepoint of it): the
first run writes everything, the second must change nothing.
"""

from collections import Counter
from datetime import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

from applications.models import Application
from calls.enums import CallStatus
from calls.models import Call
from core.models import ActivityEntry, OutboundEmail
from core.time import PARIS
from demo.territories import BRETAGNE_FILIERES
from reviews.models import (
    Assignment,
    Committee,
    Consolidation,
    Decision,
    DecisionLetter,
    ReleaseBatch,
    ReleaseItem,
    Review,
)

from .seeding import seed

pytestmark = pytest.mark.django_db

CALL = "AAC-2024-BRE-FIL"
ARA = "AAC-2026-ARA-FIL"
DOSSIERS = [f"{CALL}-000{n}" for n in range(1, 9)]
# Per dossier: (filière, amount a year, number of conditions), as designed in
# demo/texts/bre_decisions.py.
DESIGNED = {
    "BRE-NF": (Decimal("300000.00"), 0),
    "BRE-COR": (Decimal("290000.00"), 0),
    "BRE-LQ": (Decimal("270000.00"), 0),
    "BRE-BA": (Decimal("280000.00"), 2),
    "BRE-HB": (Decimal("310000.00"), 0),
    "BRE-SMD": (Decimal("250000.00"), 1),
    "BRE-ARM": (Decimal("260000.00"), 0),
    "BRE-CDB": (Decimal("240000.00"), 1),
}
ANNOUNCED = datetime(2025, 10, 30, tzinfo=PARIS)


def snapshot() -> dict:
    return {
        "applications": sorted(Application.objects.values_list("pk", "state")),
        "decisions": sorted(
            Decision.objects.values_list("pk", "outcome", "amount", "recorded_at")
        ),
        "letters": sorted(DecisionLetter.objects.values_list("pk", "number", "sha256")),
        "batches": ReleaseBatch.objects.count(),
        "items": sorted(ReleaseItem.objects.values_list("pk", "status", "attempts")),
        "committees": Committee.objects.count(),
        "emails": OutboundEmail.objects.count(),
        "activity": ActivityEntry.objects.count(),
    }


def storage_settings(folder) -> dict:
    return {
        "MEDIA_ROOT": folder / "media",
        "STORAGES": {
            **settings.STORAGES,
            "private": {
                "BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": folder / "private"},
            },
        },
    }


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    """The module's files: the seed's letters stay for every test."""
    return tmp_path_factory.mktemp("demo-decisions")


@pytest.fixture(autouse=True)
def _media_root(media):
    """Instead of tests/conftest.py's fresh folder per test: the module's."""
    with override_settings(**storage_settings(media)):
        yield


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, media):
    with (
        override_settings(**storage_settings(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        first_output = seed()
        first = snapshot()
        second_output = seed()
        yield SimpleNamespace(
            first=first, first_output=first_output, second_output=second_output
        )
        transaction.set_rollback(True)


def dossiers():
    return list(
        Application.objects.filter(call__reference=CALL)
        .select_related("decision")
        .order_by("reference")
    )


def filiere_of(application) -> str:
    (territory,) = application.territories.all()
    return territory.code


def test_the_closed_call_has_its_eight_filieres_accepted(seeded):
    call = Call.objects.get(reference=CALL)
    assert call.status() == CallStatus.CLOSED
    assert call.closes_at == datetime(2025, 1, 31, 12, tzinfo=PARIS)
    found = dossiers()
    assert [d.reference for d in found] == DOSSIERS
    assert {d.state for d in found} == {"accepted"}
    assert sorted(filiere_of(d) for d in found) == sorted(
        code for code, _name, _parent in BRETAGNE_FILIERES
    )
    for dossier in found:
        families = Counter(dossier.partners.values_list("category", flat=True))
        assert families == dict.fromkeys(
            call.governance_rules.values_list("category", flat=True), 1
        )
        assert set(dossier.partners.values_list("commitment_status", flat=True)) == {
            "confirmed"
        }
        assert "(fictif)" in dossier.organisation.name


def test_each_dossier_was_reviewed_twice_and_completed(seeded):
    for dossier in dossiers():
        reviews = Review.objects.filter(
            assignment__application=dossier, status="submitted"
        )
        assert sorted(
            reviews.values_list("assignment__reviewer__username", flat=True)
        ) == [
            "instructeur4",
            "instructeur5",
        ]
        consolidation = Consolidation.objects.get(application=dossier)
        assert consolidation.reviews_count == 2
        assert not consolidation.flagged
    assert not Assignment.objects.filter(application__call__reference=CALL).exclude(
        reviewer__username__in=["instructeur4", "instructeur5"]
    )


def test_the_committee_sat_before_the_announcement(seeded):
    (committee,) = Committee.objects.filter(call__reference=CALL)
    assert datetime(2025, 1, 31, tzinfo=PARIS) < committee.held_at < ANNOUNCED
    roles = Counter(committee.members.values_list("role", flat=True))
    assert roles == {"chair": 1, "secretary": 1, "reviewer": 2, "expert": 1}
    assert {d.decision.committee_id for d in dossiers()} == {committee.pk}


def test_the_awards_are_the_designed_ones_and_use_the_envelope(seeded):
    call = Call.objects.get(reference=CALL)
    found = {}
    for dossier in dossiers():
        decision = dossier.decision
        conditions = list(decision.conditions.all())
        expected = (
            "accepted_with_conditions" if conditions else "accepted",
            12,
        )
        assert (decision.outcome, decision.duration_months) == expected
        assert all(c.due_on for c in conditions)
        assert bool(decision.motivation) == bool(conditions)
        found[filiere_of(dossier)] = (decision.amount, len(conditions))
        assert dossier.requested_amount == decision.amount
    assert found == DESIGNED
    total = sum(amount for amount, _conditions in found.values())
    assert total == call.envelope == Decimal("2200000.00")


def test_each_decision_is_released_with_a_stored_letter(seeded):
    numbers = set()
    for dossier in dossiers():
        decision = dossier.decision
        assert decision.released_at is not None
        (letter,) = decision.letters.all()
        assert letter.superseded_at is None
        assert letter.notified_at is not None
        with letter.file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
        assert letter.number.startswith(f"ARS-BRETAGNE-{letter.year}-")
        numbers.add(letter.number)
        for condition in decision.conditions.all():
            assert condition.due_on > letter.issued_on
    assert len(numbers) == 8
    (batch,) = ReleaseBatch.objects.filter(call__reference=CALL)
    assert Counter(batch.items.values_list("status", flat=True)) == {"done": 8}


def test_each_applicant_has_one_outcome_email(seeded):
    outcomes = Counter()
    for dossier in dossiers():
        (email,) = OutboundEmail.objects.filter(
            context_ref=f"applications.application:{dossier.pk}",
            template__startswith="decision_",
        )
        (letter,) = dossier.decision.letters.all()
        assert email.dedup_key == f"decision-letter:{letter.pk}"
        assert email.to == [dossier.created_by.email]
        outcomes[email.template] += 1
    assert outcomes == {"decision_accepted": 5, "decision_accepted_with_conditions": 3}


def test_the_ara_call_stays_in_instruction(seeded):
    states = Counter(
        Application.objects.filter(call__reference=ARA).values_list("state", flat=True)
    )
    assert states == {"under_review": 6, "draft": 1}
    assert not Decision.objects.filter(application__call__reference=ARA).exists()
    assert not Committee.objects.filter(call__reference=ARA).exists()
    assert not ReleaseBatch.objects.filter(call__reference=ARA).exists()


def test_seeding_again_makes_no_second_letter_nor_email(seeded):
    assert snapshot() == seeded.first
    assert DecisionLetter.objects.count() == 8
    line = (
        f"Décisions de {CALL} : 8 dossier(s), 8 décision(s), 8 courrier(s) notifié(s)"
    )
    assert line in seeded.first_output
    assert line in seeded.second_output
    assert "en échec" not in seeded.second_output
