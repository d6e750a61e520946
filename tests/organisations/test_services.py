"""The organisation services, called directly (as the demo seeder does)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from stdnum.fr import siret as stdnum_siret

from organisations import services
from organisations.enums import MembershipRole, MembershipStatus
from organisations.exceptions import (
    OrganisationError,
    OrganisationPermissionRefused,
)
from organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, OrganisationFactory

from .support import (
    make_admin_membership,
    make_request,
    make_user,
    valid_siret,
)

SIRET = valid_siret(424242)


@pytest.fixture
def user(db):
    return make_user()


@pytest.fixture
def admin_membership(db):
    return make_admin_membership()


@pytest.fixture
def organisation(admin_membership):
    return admin_membership.organisation


@pytest.fixture
def request_to_join(organisation, user):
    return make_request(organisation, user)


def test_service_create_refuses_an_invalid_siret(user):
    with pytest.raises(OrganisationError) as refused:
        services.organisation_create(user=user, name="X", siret="12345678901234")

    assert refused.value.message == _(
        "This SIRET number is not valid: it has 14 digits and a check key."
    )
    assert Organisation.objects.count() == 0


def test_service_create_refuses_an_invalid_finess(user):
    with pytest.raises(OrganisationError):
        services.organisation_create(
            user=user, name="X", siret=SIRET, finess="290007435"
        )

    assert Organisation.objects.count() == 0


def test_service_create_refuses_an_empty_name(user):
    with pytest.raises(OrganisationError) as refused:
        services.organisation_create(user=user, name="  ", siret=SIRET)

    assert refused.value.message == _("Give the name of the organisation.")


def test_service_create_normalises_the_identifiers(user):
    organisation = services.organisation_create(
        user=user, name=" EMSP ", siret=stdnum_siret.format(SIRET), finess="29 000 7434"
    )

    assert (organisation.name, organisation.siret, organisation.finess) == (
        "EMSP",
        SIRET,
        "290007434",
    )


def test_service_existing_siret_carries_the_organisation(user, organisation):
    with pytest.raises(services.OrganisationExists) as refused:
        services.organisation_create(user=user, name="X", siret=organisation.siret)

    assert refused.value.organisation == organisation


def test_service_anonymous_is_refused(organisation):

    with pytest.raises(OrganisationPermissionRefused):
        services.organisation_create(user=AnonymousUser(), name="X", siret=SIRET)
    with pytest.raises(OrganisationPermissionRefused):
        services.membership_request(user=AnonymousUser(), siret=organisation.siret)


def test_service_join_already_member(organisation):
    admin = organisation.memberships.get().user

    with pytest.raises(OrganisationError) as refused:
        services.membership_request(user=admin, siret=organisation.siret)

    assert refused.value.message == _(
        "You are already a member of the organisation %(name)s."
    ) % {"name": organisation.name}


def test_service_pending_admin_cannot_approve(organisation, request_to_join):
    pending_admin = MembershipFactory(
        organisation=organisation,
        role=MembershipRole.ADMIN,
        status=MembershipStatus.PENDING,
    ).user

    with pytest.raises(OrganisationPermissionRefused):
        services.membership_approve(membership=request_to_join, user=pending_admin)


def test_service_approve_a_deleted_request(admin_membership, request_to_join):
    services.membership_reject(membership=request_to_join, user=admin_membership.user)

    with pytest.raises(OrganisationError) as refused:
        services.membership_approve(
            membership=request_to_join, user=admin_membership.user
        )
    assert refused.value.message == _("This request has already been handled.")


def test_service_join_refuses_an_invalid_siret(user):
    with pytest.raises(OrganisationError) as refused:
        services.membership_request(user=user, siret="12345678901234")

    assert refused.value.message == _(
        "This SIRET number is not valid: it has 14 digits and a check key."
    )
    assert Membership.objects.count() == 0


def test_service_join_an_unknown_siret(user):
    with pytest.raises(services.OrganisationNotFound):
        services.membership_request(user=user, siret=SIRET)

    assert Membership.objects.count() == 0


def test_service_join_creates_a_pending_member(user, organisation):
    membership = services.membership_request(
        user=user, siret=stdnum_siret.format(organisation.siret)
    )

    assert (membership.organisation, membership.role, membership.status) == (
        organisation,
        MembershipRole.MEMBER,
        MembershipStatus.PENDING,
    )


def test_service_create_losing_a_race_on_the_siret(user, monkeypatch):
    """Someone registers the same SIRET between the check and the insert."""

    def found_nothing_yet(siret):
        monkeypatch.undo()
        OrganisationFactory(name="Arrivée la première", siret=siret)
        return None

    monkeypatch.setattr(services, "_organisation_with", found_nothing_yet)

    with pytest.raises(services.OrganisationExists) as refused:
        services.organisation_create(user=user, name="EMSP", siret=SIRET)

    # (The rival's row is rolled back with the service's transaction here: in real
    # life it came from another transaction, already committed.)
    assert refused.value.organisation.name == "Arrivée la première"


def test_service_join_losing_a_race(user, organisation, monkeypatch):
    """A double click: the same request arrives twice at once."""

    def no_request_yet(user, organisation):
        monkeypatch.undo()
        make_request(organisation, user)
        return None

    monkeypatch.setattr(services, "_membership_of", no_request_yet)

    with pytest.raises(OrganisationError) as refused:
        services.membership_request(user=user, siret=organisation.siret)

    assert refused.value.message == _(
        "You have already asked to join the organisation %(name)s: your request "
        "is awaiting approval by its administrators."
    ) % {"name": organisation.name}
