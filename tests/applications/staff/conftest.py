"""Fixtures of the managers' side: a manager of the call's authority, signed in,
and a submitted dossier."""

import pytest

from tests.factories import ManagerFactory

from .support import submit


@pytest.fixture
def manager(authority):
    return ManagerFactory(username="gestionnaire", authority=authority)


@pytest.fixture
def submitted(application):
    return submit(application)


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client
