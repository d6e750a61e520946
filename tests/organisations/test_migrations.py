"""Organisations moved out of ``applications`` with their tables: a database made
before the move migrates in place and keeps its rows."""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("applications", "0003_version_partners"),
    ("calls", "0002_authority_staff"),
]
AFTER = [("applications", "0004_organisations_moved")]


def migrate(targets):
    """Migrate the test database to ``targets``; the models as they were then.

    No ``post_migrate`` signal: the content types keep their ids, which the
    browser tests' serialized rollback relies on.
    """
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrate_from_the_previous_schema_keeps_organisations():
    old = migrate(BEFORE)
    user = old.get_model("auth", "User").objects.create(
        username="zoe@example.org", email="zoe@example.org"
    )
    organisation = old.get_model("applications", "Organisation").objects.create(
        name="Centre hospitalier de Cornouaille", siret="26290003300014"
    )
    old.get_model("applications", "Membership").objects.create(
        user=user, organisation=organisation, role="admin", status="active"
    )
    region = old.get_model("calls", "Territory").objects.create(
        name="Bretagne", code="53", level="region"
    )
    authority = old.get_model("calls", "Authority").objects.create(
        region=region,
        name="Agence régionale de santé Bretagne",
        short_name="ARS Bretagne",
        slug="ars-bretagne",
        signatory_name="Élise Noguera",
        signatory_title="Directrice générale",
    )
    call = old.get_model("calls", "Call").objects.create(
        reference="AAC-2026-BRE-MAV",
        title="Maison d'accompagnement",
        kind="maison_accompagnement",
        authority=authority,
        opens_at=datetime(2026, 1, 5, tzinfo=UTC),
        closes_at=datetime(2026, 3, 5, tzinfo=UTC),
    )
    old.get_model("applications", "Application").objects.create(
        call=call,
        organisation=organisation,
        created_by=user,
        sequence=1,
        reference="AAC-2026-BRE-MAV-0001",
        title="Maison du pays de Quimper",
    )

    try:
        new = migrate(AFTER)
        check(new, user, organisation)
    finally:
        migrate(latest())


def check(new, user, organisation) -> None:
    """The rows, read through the moved models."""
    moved = new.get_model("organisations", "Organisation").objects.get()
    assert (moved.pk, moved.name, moved.siret) == (
        organisation.pk,
        "Centre hospitalier de Cornouaille",
        "26290003300014",
    )
    membership = new.get_model("organisations", "Membership").objects.get()
    assert (membership.user_id, membership.organisation_id, membership.role) == (
        user.pk,
        organisation.pk,
        "admin",
    )
    application = new.get_model("applications", "Application").objects.get()
    assert application.organisation.name == "Centre hospitalier de Cornouaille"
    assert list(moved.members.values_list("username", flat=True)) == ["zoe@example.org"]
