"""``__in`` on an integer column with integers it cannot hold (core.lookups)."""

import pytest

from calls.models import Territory
from tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_in_ignores_integers_beyond_the_column():
    territory = TerritoryFactory()
    found = Territory.objects.filter(pk__in=[2**63, -(2**63) - 1, territory.pk])
    assert list(found) == [territory]


def test_in_with_only_integers_beyond_the_column_matches_nothing():
    TerritoryFactory()
    assert list(Territory.objects.filter(pk__in=[str(2**63)])) == []
