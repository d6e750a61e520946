"""Organisations in the espace porteur: registering one, asking to join one, its
page; approving requests is in test_memberships.py."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.fr import siret as stdnum_siret

from organisations.enums import MembershipRole, MembershipStatus
from organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, UserFactory

from .support import (
    alerts,
    approve_url,
    detail_url,
    make_admin_membership,
    make_request,
    make_user,
    reject_url,
    soup,
    texts,
    valid_siret,
)

CREATE = "/espace/organisations/nouvelle/"
JOIN = "/espace/organisations/rejoindre/"
SIRET = valid_siret(424242)
CORSICAN_FINESS = "2A000001" + luhn.calc_check_digit("20000001")
OVERSEAS_FINESS = "971234567"


def form_data(**overrides) -> dict:
    return {
        "name": "Équipe mobile de soins palliatifs du Léon",
        "siret": stdnum_siret.format(SIRET),  # with spaces, as people type it
        "finess": "290007434",
        "legal_status": "Établissement public de santé",
        "address": "2 rue Camille Desmoulins\n29200 Brest",
        "legal_representative": "Dominique Le Bris, directrice",
        **overrides,
    }


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


def test_url_names():
    assert reverse("organisations:create") == CREATE
    assert reverse("organisations:join") == JOIN
    assert reverse("organisations:detail", args=[7]) == ("/espace/organisations/7/")


# Registering --------------------------------------------------------------------


@pytest.mark.parametrize("finess", ["290007434", "010000024", CORSICAN_FINESS, ""])
def test_create_registers_the_organisation_with_its_creator_as_admin(
    client, user, finess
):
    client.force_login(user)

    response = client.post(CREATE, form_data(finess=finess))

    organisation = Organisation.objects.get()
    assert response.status_code == 302
    assert response.url == detail_url(organisation)
    assert organisation.siret == SIRET
    assert organisation.finess == finess
    assert organisation.name == "Équipe mobile de soins palliatifs du Léon"
    assert organisation.legal_representative == "Dominique Le Bris, directrice"
    membership = Membership.objects.get()
    assert (membership.user, membership.role, membership.status) == (
        user,
        MembershipRole.ADMIN,
        MembershipStatus.ACTIVE,
    )
    assert texts(response) == [
        _("The organisation %(name)s is registered, and you are its administrator.")
        % {"name": organisation.name}
    ]


def test_create_with_an_overseas_finess_warns_after_saving(client, user):
    client.force_login(user)

    response = client.post(CREATE, form_data(finess=OVERSEAS_FINESS), follow=True)

    assert Organisation.objects.get().finess == OVERSEAS_FINESS
    assert alerts(response, "warning") == [
        _(
            "Overseas FINESS numbers follow several codings: "
            "check that this one is right."
        )
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("siret", "12345678901234"),
        ("siret", "1234"),
        ("siret", ""),
        ("finess", "290007435"),  # wrong key
        ("finess", "990000000"),  # no such département
        ("finess", "12345"),
        ("name", ""),
    ],
)
def test_create_refuses_invalid_input(client, user, field, value):
    client.force_login(user)

    response = client.post(CREATE, form_data(**{field: value}))

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert soup(response).select_one(f"[data-testid={field}-errors]") is not None
    assert Organisation.objects.count() == 0
    assert Membership.objects.count() == 0


def test_create_keeps_the_input_after_an_error(client, user):
    client.force_login(user)

    response = client.post(CREATE, form_data(finess="290007435"))

    page = soup(response)
    assert page.select_one("#id_name")["value"] == (
        "Équipe mobile de soins palliatifs du Léon"
    )
    finess = page.select_one("#id_finess")
    assert finess["aria-invalid"] == "true"
    assert finess["aria-describedby"] == "id_finess_helptext id_finess-errors"
    assert page.select_one("#id_finess_helptext") is not None


def test_create_with_an_existing_siret_offers_to_join(client, user, organisation):
    client.force_login(user)

    response = client.post(CREATE, form_data(siret=organisation.siret))

    assert response.status_code == 200
    assert Organisation.objects.count() == 1
    assert Membership.objects.filter(user=user).count() == 0
    page = soup(response)
    assert page.select_one("[data-testid=service-error] p").text == _(
        "The organisation %(name)s is already registered with this SIRET "
        "number. Ask to join it instead of creating it again."
    ) % {"name": "Centre hospitalier de Cornouaille"}
    offer = page.select_one("[data-testid=join-offer] form")
    assert offer["action"] == JOIN
    assert offer.select_one("input[name=siret]")["value"] == organisation.siret

    joined = client.post(JOIN, {"siret": organisation.siret})

    assert joined.url == "/espace/"
    membership = Membership.objects.get(user=user)
    assert membership.status == MembershipStatus.PENDING


def test_create_with_the_siret_of_ones_own_organisation(client, organisation):
    admin = organisation.memberships.get().user
    client.force_login(admin)

    response = client.post(CREATE, form_data(siret=organisation.siret))

    assert soup(response).select_one("[data-testid=join-offer]") is None
    assert response.context["error"].message == _(
        "You are already a member of the organisation %(name)s."
    ) % {"name": organisation.name}


def test_create_prefills_the_siret_from_the_query(client, user):
    client.force_login(user)

    response = client.get(CREATE, {"siret": SIRET})

    assert soup(response).select_one("#id_siret")["value"] == SIRET


# Joining ------------------------------------------------------------------------


def test_join_creates_a_pending_request(client, user, organisation):
    client.force_login(user)

    response = client.post(JOIN, {"siret": stdnum_siret.format(organisation.siret)})

    assert response.status_code == 302
    assert response.url == "/espace/"
    membership = Membership.objects.get(user=user)
    assert (membership.organisation, membership.status, membership.role) == (
        organisation,
        MembershipStatus.PENDING,
        MembershipRole.MEMBER,
    )
    home = soup(client.get("/espace/"))
    pending = home.select("[data-testid=pending-organisation]")
    assert [int(p["data-pk"]) for p in pending] == [organisation.pk]
    assert home.select("[data-testid=organisation]") == []


def test_join_an_unknown_siret_proposes_to_create_it(client, user):
    client.force_login(user)

    response = client.post(JOIN, {"siret": SIRET})

    assert response.status_code == 200
    assert Membership.objects.count() == 0
    page = soup(response)
    assert page.select_one("[data-testid=service-error] p").text == _(
        "No organisation is registered with this SIRET number yet. "
        "You can register it yourself."
    )
    link = page.select_one("[data-testid=create-instead]")
    assert link["href"] == f"{CREATE}?siret={SIRET}"


def test_join_twice_says_the_request_is_pending(client, user, request_to_join):
    client.force_login(user)

    response = client.post(JOIN, {"siret": request_to_join.organisation.siret})

    assert response.status_code == 200
    assert Membership.objects.filter(user=user).count() == 1
    assert response.context["error"].message == _(
        "You have already asked to join the organisation %(name)s: your request "
        "is awaiting approval by its administrators."
    ) % {"name": request_to_join.organisation.name}


def test_join_an_invalid_siret_is_a_form_error(client, user):
    client.force_login(user)

    response = client.post(JOIN, {"siret": "12345678901234"})

    assert list(response.context["form"].errors) == ["siret"]
    assert Membership.objects.count() == 0


# The organisation's page --------------------------------------------------------


def test_detail_shows_identity_and_members_to_a_member(client, organisation):
    member = MembershipFactory(
        organisation=organisation, user=UserFactory(username="zoe")
    ).user
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="waiting"),
        status=MembershipStatus.PENDING,
    )
    client.force_login(member)

    response = client.get(detail_url(organisation))

    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").text == "Centre hospitalier de Cornouaille"
    assert page.select_one("[data-testid=siret]").text == organisation.siret
    members = [row["data-username"] for row in page.select("[data-testid=member]")]
    assert sorted(members) == ["admin.ch", "zoe"]
    # Only administrators see the requests.
    assert page.select("[data-testid=pending-request]") == []


def test_detail_shows_pending_requests_to_an_admin(
    client, admin_membership, request_to_join
):
    client.force_login(admin_membership.user)

    page = soup(client.get(detail_url(admin_membership.organisation)))

    rows = page.select("[data-testid=pending-request]")
    assert [row["data-username"] for row in rows] == ["camille"]
    forms = rows[0].find_all("form")
    assert [f["action"] for f in forms] == [
        approve_url(request_to_join),
        reject_url(request_to_join),
    ]
    assert all(f["method"] == "post" for f in forms)
    assert all(f.select_one("input[name=csrfmiddlewaretoken]") for f in forms)


def test_detail_of_another_organisation_is_404(client, user, organisation):
    client.force_login(user)

    assert client.get(detail_url(organisation)).status_code == 404


def test_detail_while_the_request_is_pending_is_404(client, user, request_to_join):
    client.force_login(user)

    assert client.get(detail_url(request_to_join.organisation)).status_code == 404


# Anonymous visitors and CSRF ------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("path", [CREATE, JOIN, "detail", "approve", "reject"])
def test_anonymous_is_sent_to_login(client, request_to_join, method, path):
    path = {
        "detail": detail_url(request_to_join.organisation),
        "approve": approve_url(request_to_join),
        "reject": reject_url(request_to_join),
    }.get(path, path)

    response = getattr(client, method)(path)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={path}"
    assert Organisation.objects.count() == 1
    assert Membership.objects.filter(status=MembershipStatus.PENDING).count() == 1


def test_create_without_csrf_token_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(CREATE, form_data())

    assert response.status_code == 403
    assert Organisation.objects.count() == 0


def test_join_without_csrf_token_is_refused(user, organisation):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(JOIN, {"siret": organisation.siret})

    assert response.status_code == 403
    assert Membership.objects.filter(user=user).count() == 0


def test_approve_without_csrf_token_is_refused(admin_membership, request_to_join):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_membership.user)

    response = client.post(approve_url(request_to_join))

    assert response.status_code == 403
    request_to_join.refresh_from_db()
    assert request_to_join.status == MembershipStatus.PENDING
