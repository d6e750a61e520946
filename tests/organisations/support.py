"""Helpers shared by the organisation tests: valid identifiers, URLs, people."""

from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from stdnum import luhn

from organisations.enums import MembershipRole, MembershipStatus
from organisations.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def valid_siret(n: int) -> str:
    """A SIRET that stdnum accepts: its SIREN and the whole number pass Luhn.

    (``tests.factories.applications.synthetic_siret`` only passes the second.)"""
    siren = f"8{n:07d}"
    siren += luhn.calc_check_digit(siren)
    base = f"{siren}0001"
    return base + luhn.calc_check_digit(base)


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def texts(response) -> list[str]:
    """The messages queued by the request (before any redirect is followed)."""
    return [str(m) for m in get_messages(response.wsgi_request)]


def alerts(response, kind: str = "") -> list[str]:
    """The messages shown on the page, as DSFR alerts (``kind``: info, error…)."""
    selector = "[data-testid=messages] .fr-alert" + (f"--{kind}" if kind else "")
    return [a.text.strip() for a in soup(response).select(selector)]


def detail_url(organisation) -> str:
    return f"/espace/organisations/{organisation.pk}/"


def approve_url(membership) -> str:
    return f"{detail_url(membership.organisation)}demandes/{membership.pk}/accepter/"


def reject_url(membership) -> str:
    return f"{detail_url(membership.organisation)}demandes/{membership.pk}/refuser/"


def make_user():
    return UserFactory(username="camille", first_name="Camille", last_name="Durand")


def make_admin_membership() -> Membership:
    """The administrator of the Centre hospitalier de Cornouaille."""
    return MembershipFactory(
        organisation=OrganisationFactory(
            name="Centre hospitalier de Cornouaille", siret=valid_siret(1)
        ),
        user=UserFactory(username="admin.ch"),
        role=MembershipRole.ADMIN,
    )


def make_request(organisation, user) -> Membership:
    return MembershipFactory(
        organisation=organisation, user=user, status=MembershipStatus.PENDING
    )
