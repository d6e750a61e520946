import pytest

from .seeding import seed


@pytest.fixture
def seeded(db):
    seed()
