"""The calls' admin tests: a manager signed in, staff of their own authority."""

import pytest

from tests.factories import AuthorityFactory, ManagerFactory


@pytest.fixture
def manager():
    return ManagerFactory(username="gestionnaire")


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def authority(manager):
    """The manager's own authority."""
    authority = AuthorityFactory()
    authority.staff.add(manager)
    return authority
