"""The matrix's world as pytest fixtures, for every module that reads it
(``tests/test_access_matrix.py``, ``tests/properties/``).

Import both into the test module: the world is built once per module inside a
transaction rolled back at the module's end, its files in a folder of the
module (``_media_root`` replaces the suite's per-test folder, which would hide
them).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings

# The table first: world → directory_admin → expectations → directory_admin is a
# cycle that only this order resolves.
from tests.access import expectations  # noqa: F401
from tests.access.roles import ROLES, session_of
from tests.access.world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    files = tmp_path_factory.mktemp("access-matrix")
    storages = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": files / "private"},
        },
    }
    with (
        override_settings(MEDIA_ROOT=files / "media", STORAGES=storages),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        world = build_world()
        world.sessions = {role: session_of(role, world) for role in ROLES}
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _media_root():
    """The files live in the module's storage (replaces the suite's fixture)."""
