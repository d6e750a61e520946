from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from calls.enums import CallStatus, TerritoryLevel
from calls.models import Call, Criterion, GovernanceRule, RequiredDocument, Territory
from core.time import PARIS
from tests.factories import AuthorityFactory, CallFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def build_call(**overrides) -> Call:
    values = {
        "reference": "AAC-2026-BRE-MAV",
        "title": "Maison d'accompagnement",
        "kind": "maison_accompagnement",
        "authority": AuthorityFactory(),
        "opens_at": datetime(2026, 3, 1, 9, 0, tzinfo=PARIS),
        "closes_at": datetime(2026, 4, 30, 12, 0, tzinfo=PARIS),
    }
    values.update(overrides)
    return Call(**values)


def test_call_full_clean_accepts_a_valid_call():
    build_call().full_clean()


def test_call_closing_before_opening_is_refused():
    call = build_call(closes_at=datetime(2026, 2, 1, tzinfo=PARIS))
    with pytest.raises(ValidationError) as error:
        call.full_clean()
    assert list(error.value.message_dict) == ["closes_at"]


def test_call_closing_equal_to_opening_is_refused():
    opens = datetime(2026, 3, 1, 9, 0, tzinfo=PARIS)
    with pytest.raises(ValidationError) as error:
        build_call(opens_at=opens, closes_at=opens).full_clean()
    assert list(error.value.message_dict) == ["closes_at"]


def test_call_closing_before_opening_is_refused_by_the_database():
    call = build_call(closes_at=datetime(2026, 2, 1, tzinfo=PARIS))
    with pytest.raises(IntegrityError):
        call.save()


@pytest.mark.parametrize("reference", ["aac-2026", "AAC 2026 BRE", "AAC", "AAC-2026-"])
def test_call_reference_format_is_checked(reference):
    with pytest.raises(ValidationError) as error:
        build_call(reference=reference).full_clean()
    assert list(error.value.message_dict) == ["reference"]


def test_call_lead_category_must_be_known():
    with pytest.raises(ValidationError) as error:
        build_call(lead_categories=["expert_team", "astrologers"]).full_clean()
    assert list(error.value.message_dict) == ["lead_categories"]
    assert "astrologers" in error.value.message_dict["lead_categories"][0]


def test_call_negative_envelope_is_refused():
    with pytest.raises(ValidationError) as error:
        build_call(envelope=Decimal("-1")).full_clean()
    assert list(error.value.message_dict) == ["envelope"]


@pytest.mark.parametrize("weight", [Decimal("0"), Decimal("-5")])
def test_criterion_weight_must_be_strictly_positive(weight):
    criterion = Criterion(
        call=CallFactory(), label="Gouvernance", weight=weight, max_score=4
    )
    with pytest.raises(ValidationError) as error:
        criterion.full_clean()
    assert list(error.value.message_dict) == ["weight"]


def test_criterion_weight_zero_is_refused_by_the_database():
    with pytest.raises(IntegrityError):
        Criterion.objects.create(call=CallFactory(), label="x", weight=0, max_score=4)


def test_governance_rule_on_unknown_category_is_refused():
    rule = GovernanceRule(call=CallFactory(), category="astrologers", min_partners=1)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert list(error.value.message_dict) == ["category"]


def test_governance_rule_minimum_must_be_at_least_one():
    rule = GovernanceRule(call=CallFactory(), category="had", min_partners=0)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert list(error.value.message_dict) == ["min_partners"]


def test_governance_rule_is_unique_per_category():
    call = CallFactory()
    GovernanceRule.objects.create(call=call, category="had", min_partners=1)
    with pytest.raises(ValidationError):
        GovernanceRule(call=call, category="had", min_partners=2).full_clean()


def test_required_document_needs_known_types():
    call = CallFactory()
    document = RequiredDocument(call=call, label="Statuts", allowed_types=[])
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert list(error.value.message_dict) == ["allowed_types"]
    document.allowed_types = ["pdf", "exe"]
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "exe" in error.value.message_dict["allowed_types"][0]
    document.allowed_types = ["pdf", "odt"]
    document.full_clean()


def test_territory_departement_needs_a_region_parent():
    region = TerritoryFactory(name="Bretagne", code="53")
    departement = Territory(
        name="Finistère", code="29", level=TerritoryLevel.DEPARTEMENT
    )
    with pytest.raises(ValidationError):
        departement.full_clean()
    departement.parent = region
    departement.full_clean()


def test_territory_region_cannot_have_a_parent():
    region = TerritoryFactory(name="Bretagne", code="53")
    other = Territory(
        name="Autre", code="99", level=TerritoryLevel.REGION, parent=region
    )
    with pytest.raises(ValidationError) as error:
        other.full_clean()
    assert list(error.value.message_dict) == ["parent"]


def test_territory_filiere_may_hang_from_a_departement_or_a_region():
    region = TerritoryFactory(name="Bretagne", code="53")
    departement = TerritoryFactory(
        name="Finistère", code="29", level=TerritoryLevel.DEPARTEMENT, parent=region
    )
    for parent in (region, departement):
        Territory(
            name="Cornouaille", code="CORN", level="filiere", parent=parent
        ).full_clean()
    filiere = TerritoryFactory(name="Armor", code="ARM", level="filiere", parent=region)
    child = Territory(name="Sous-filière", code="SF", level="filiere", parent=filiere)
    with pytest.raises(ValidationError):
        child.full_clean()


# is_open and status, read from the clock ---------------------------------------


@pytest.fixture
def call():
    return build_call()


def test_is_open_one_second_before_closing(call):
    assert call.is_open(at=call.closes_at - timedelta(seconds=1)) is True


def test_is_closed_at_closing(call):
    assert call.is_open(at=call.closes_at) is False


def test_is_open_at_opening_and_not_one_second_before(call):
    assert call.is_open(at=call.opens_at) is True
    assert call.is_open(at=call.opens_at - timedelta(seconds=1)) is False


def test_status_follows_the_clock(call):
    assert call.status(at=call.opens_at - timedelta(seconds=1)) == CallStatus.UPCOMING
    assert call.status(at=call.opens_at) == CallStatus.OPEN
    assert call.status(at=call.closes_at - timedelta(seconds=1)) == CallStatus.OPEN
    assert call.status(at=call.closes_at) == CallStatus.CLOSED


def test_time_left_only_while_open(call):
    assert call.time_left(at=call.closes_at - timedelta(hours=3)) == timedelta(hours=3)
    assert call.time_left(at=call.closes_at) is None
    assert call.time_left(at=call.opens_at - timedelta(days=1)) is None


def test_is_open_across_the_autumn_daylight_saving_change():
    # 25 October 2026, 03:00 CEST becomes 02:00 CET: 02:30 happens twice.
    closes_at = datetime(
        2026, 10, 25, 2, 30, fold=1, tzinfo=PARIS
    )  # the second 02:30 (CET)
    call = build_call(opens_at=datetime(2026, 10, 1, tzinfo=PARIS), closes_at=closes_at)
    first_0230 = datetime(
        2026, 10, 25, 2, 30, fold=0, tzinfo=PARIS
    )  # CEST, an hour earlier
    assert closes_at.astimezone(UTC) - first_0230.astimezone(UTC) == timedelta(hours=1)
    # Same wall clock, an hour apart: the first 02:30 is still open.
    assert call.is_open(at=first_0230) is True
    one_second_before = closes_at.astimezone(UTC) - timedelta(seconds=1)
    assert call.is_open(at=one_second_before.astimezone(PARIS)) is True
    assert call.is_open(at=closes_at) is False
    assert call.is_open(at=closes_at.astimezone(UTC)) is False


def test_is_open_across_the_spring_daylight_saving_change():
    # 28 March 2027: 02:00 CET jumps to 03:00 CEST; midnight to noon lasts 11 hours.
    opens_at = datetime(2027, 3, 28, 0, 0, tzinfo=PARIS)
    closes_at = datetime(2027, 3, 28, 12, 0, tzinfo=PARIS)
    call = build_call(opens_at=opens_at, closes_at=closes_at)
    opens_utc = opens_at.astimezone(UTC)
    assert closes_at.astimezone(UTC) - opens_utc == timedelta(hours=11)
    assert call.is_open(at=opens_utc + timedelta(hours=11, seconds=-1)) is True
    assert call.is_open(at=opens_utc + timedelta(hours=11)) is False
    assert call.time_left(at=opens_utc) == timedelta(hours=11)


def test_is_open_compares_instants_whatever_the_time_zone(call):
    utc_close = call.closes_at.astimezone(ZoneInfo("UTC"))
    assert call.is_open(at=utc_close - timedelta(seconds=1)) is True
    assert call.is_open(at=utc_close) is False


def test_is_open_defaults_to_now(call):
    with time_machine.travel(call.closes_at - timedelta(seconds=1), tick=False):
        assert call.is_open() is True
    with time_machine.travel(call.closes_at, tick=False):
        assert call.is_open() is False
