"""Organisations moved out of ``applications`` with their tables: a database made
before the move migrates in place and keeps its rows."""

from datetime import UTC, datetime

import pytest

BEFORE = [
    ("applications", "0003_version_partners"),
    ("calls", "0002_authority_staff"),
]
AFTER = [("applications", "0004_organisations_moved")]


@pytest.mark.django_db(transaction=True)
def test_migrate_from_the_previous_schema_keeps_organisations(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    user = old.apps.get_model("auth", "User").objects.create(
        username="zoe@example.org", email="zoe@example.org"
    )
    organisation = old.apps.get_model("applications", "Organisation").objects.create(
        name="Centre hospitalier de Cornouaille", siret="26290003300014"
    )
    old.apps.get_model("applications", "Membership").objects.create(
        user=user, organisation=organisation, role="admin", status="active"
    )
    region = old.apps.get_model("calls", "Territory").objects.create(
        name="Bretagne", code="53", level="region"
    )
    authority = old.apps.get_model("calls", "Authority").objects.create(
        region=region,
        name="Agence régionale de santé Bretagne",
        short_name="ARS Bretagne",
        slug="ars-bretagne",
        signatory_name="Élise Noguera",
        signatory_title="Directrice générale",
    )
    call = old.apps.get_model("calls", "Call").objects.create(
        reference="AAC-2026-BRE-MAV",
        title="Maison d'accompagnement",
        kind="maison_accompagnement",
        authority=authority,
        opens_at=datetime(2026, 1, 5, tzinfo=UTC),
        closes_at=datetime(2026, 3, 5, tzinfo=UTC),
    )
    old.apps.get_model("applications", "Application").objects.create(
        call=call,
        organisation=organisation,
        created_by=user,
        sequence=1,
        reference="AAC-2026-BRE-MAV-0001",
        title="Maison du pays de Quimper",
    )

    new = migrator.apply_tested_migration(AFTER)

    moved = new.apps.get_model("organisations", "Organisation").objects.get()
    assert (moved.pk, moved.name, moved.siret) == (
        organisation.pk,
        "Centre hospitalier de Cornouaille",
        "26290003300014",
    )
    membership = new.apps.get_model("organisations", "Membership").objects.get()
    assert (membership.user_id, membership.organisation_id, membership.role) == (
        user.pk,
        organisation.pk,
        "admin",
    )
    application = new.apps.get_model("applications", "Application").objects.get()
    assert application.organisation.name == "Centre hospitalier de Cornouaille"
    assert list(moved.members.values_list("username", flat=True)) == ["zoe@example.org"]
