"""Fixtures for the dossier tests: a Bretagne call, a lead organisation with two
active members and one pending, a dossier and its submitted versions."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group

from applications.models import Application
from applications.permissions import MANAGERS_GROUP
from organisations.enums import MembershipStatus
from tests.factories import (
    ApplicationVersionFactory,
    AttachmentFactory,
    AuthorityFactory,
    CallFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

# 22 November 2026, 14:05 in Paris (UTC+1 in winter).
SUBMITTED_AT = datetime(2026, 11, 22, 13, 5, 27, tzinfo=UTC)


@pytest.fixture
def authority(db):
    return AuthorityFactory(
        name="Agence régionale de santé Bretagne",
        short_name="ARS Bretagne",
        slug="ars-bretagne",
        address="6 place des Colombes\nCS 14253\n35042 Rennes Cedex",
        email="ars-bretagne-appels@example.org",
        phone="02 90 08 80 00",
        court="tribunal administratif de Rennes",
    )


@pytest.fixture
def call(authority):
    return CallFactory(
        reference="AAC-2026-BRE-MAV",
        title="Maison d'accompagnement à la fin de vie",
        authority=authority,
    )


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Centre hospitalier de Cornouaille")


@pytest.fixture
def members(organisation):
    """Two active members (returned) and one pending member of the organisation."""
    active = [
        MembershipFactory(
            organisation=organisation,
            user=UserFactory(username=name, email=f"{name}@example.org"),
        ).user
        for name in ("zoe.martin", "alex.le-gall")
    ]
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="pending", email="pending@example.org"),
        status=MembershipStatus.PENDING,
    )
    return active


@pytest.fixture
def application(call, organisation, members):
    application = Application(
        call=call,
        organisation=organisation,
        created_by=members[0],
        sequence=1,
        reference="AAC-2026-BRE-MAV-0001",
        title="Maison d'accompagnement du pays de Quimper",
    )
    application.save()
    return application


@pytest.fixture
def managers_group(db):
    return Group.objects.get_or_create(name=MANAGERS_GROUP)[0]


@pytest.fixture
def make_attachment(application):
    """Files of the dossier, uploaded by its creator (``members[0]``)."""

    def make(name: str, content: bytes, content_type: str = "application/pdf"):
        return AttachmentFactory(
            application=application,
            original_name=name,
            content=content,
            content_type=content_type,
        )

    return make


@pytest.fixture
def version(application, make_attachment):
    """Version 1, submitted on 22 November 2026 at 14:05 (Paris), two files."""
    return ApplicationVersionFactory(
        application=application,
        number=1,
        submitted_at=SUBMITTED_AT,
        attachments=[
            make_attachment("statuts-signés.pdf", b"%PDF-1.7 statuts " * 100),
            make_attachment(
                "budget prévisionnel 2027.xlsx",
                b"PK budget " * 300,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ),
        ],
    )
