"""The espace porteur's home (/espace/) and the next-step sentence of each dossier."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from applications.enums import ApplicationState
from applications.models import Application
from applications.next_step import next_step
from organisations.enums import MembershipRole, MembershipStatus
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    drive_to,
)

HOME = "/espace/"

# 10 January 2027, 10:00 in Paris; the call closes on 15 January at 12:00 (Paris).
NOW = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
CLOSES_AT = datetime(2027, 1, 15, 11, 0, tzinfo=UTC)
CLOSES_AT_TEXT = ("15 janvier 2027", "12:00")
# Complements due on 20 January 2027 at 18:30 (Paris).
DUE_AT = datetime(2027, 1, 20, 17, 30, tzinfo=UTC)
DUE_AT_TEXT = ("20 janvier 2027", "18:30")


def paris(date: str, time: str) -> str:
    return _("%(date)s at %(time)s") % {"date": date, "time": time}


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.fixture
def user(db):
    return UserFactory(username="camille", first_name="Camille", last_name="Durand")


@pytest.fixture
def organisation(user):
    organisation = OrganisationFactory(name="Centre hospitalier de Cornouaille")
    MembershipFactory(user=user, organisation=organisation, role=MembershipRole.ADMIN)
    return organisation


def test_home_anonymous_redirects_to_login(client, db):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={HOME}"


def test_home_url_name():
    assert reverse("applications:home") == HOME


def test_home_lists_exactly_the_dossiers_of_the_users_organisations(
    client, user, organisation
):
    second = OrganisationFactory(name="EHPAD Les Tilleuls")
    MembershipFactory(user=user, organisation=second)
    mine = [
        ApplicationFactory(organisation=organisation),
        ApplicationFactory(organisation=second),
    ]
    ApplicationFactory()  # another organisation's dossier
    pending = OrganisationFactory(name="Association Jalmalv")
    MembershipFactory(user=user, organisation=pending, status=MembershipStatus.PENDING)
    ApplicationFactory(organisation=pending)  # not visible while pending
    client.force_login(user)

    page = soup(client.get(HOME))

    rows = page.select("[data-testid=dossier]")
    assert {row["data-reference"] for row in rows} == {a.reference for a in mine}
    assert len(rows) == 2
    links = {a["href"] for a in page.select("[data-testid=dossier-link]")}
    assert links == {f"/espace/dossiers/{a.pk}/" for a in mine}
    organisations = page.select("[data-testid=organisation]")
    assert [o.a.text for o in organisations] == [
        "Centre hospitalier de Cornouaille",
        "EHPAD Les Tilleuls",
    ]
    pending_items = page.select("[data-testid=pending-organisation]")
    assert [int(item["data-pk"]) for item in pending_items] == [pending.pk]


def test_home_shows_a_dossier_row_in_full(client, user, organisation):
    with time_machine.travel(NOW, tick=False):
        call = CallFactory(
            title="Maison d'accompagnement",
            opens_at=NOW - timedelta(days=30),
            closes_at=CLOSES_AT,
        )
        application = ApplicationFactory(
            call=call, organisation=organisation, title="Projet de Quimper"
        )
        client.force_login(user)
        row = soup(client.get(HOME)).select_one("[data-testid=dossier]")

    cells = [cell.get_text(" ", strip=True) for cell in row.find_all("td")]
    assert cells[:4] == [
        application.reference,
        "Projet de Quimper",
        "Maison d'accompagnement",
        "Centre hospitalier de Cornouaille",
    ]
    state = row.select_one("[data-testid=state]")
    assert state["data-state"] == "draft"
    assert state.text == pgettext("dossier state", "Draft")
    assert row.select_one("[data-testid=deadline]").text == paris(*CLOSES_AT_TEXT)
    assert row.select_one("[data-testid=next-step]").text == _(
        "Complete and submit before %(deadline)s"
    ) % {"deadline": paris(*CLOSES_AT_TEXT)}


def test_home_lists_the_open_calls_with_a_create_link(client, user, organisation):
    open_call = CallFactory()
    CallFactory(upcoming=True)
    CallFactory(closed=True)
    client.force_login(user)

    page = soup(client.get(HOME))

    calls = page.select("[data-testid=open-call]")
    assert [c["data-reference"] for c in calls] == [open_call.reference]
    link = calls[0].select_one("[data-testid=create-dossier]")
    assert link["href"] == f"/espace/dossiers/nouveau/?call={open_call.pk}"


def test_home_empty_states(client, user):
    CallFactory(closed=True)
    client.force_login(user)

    page = soup(client.get(HOME))

    assert page.select_one("[data-testid=no-organisation]") is not None
    assert page.select_one("[data-testid=no-dossier]") is not None
    assert page.select_one("[data-testid=no-open-call]") is not None
    assert page.select("[data-testid=dossier]") == []
    assert page.find("h1").text == _("My applicant space")


def test_home_without_organisation_offers_no_dossier_creation(client, user):
    CallFactory()
    client.force_login(user)

    page = soup(client.get(HOME))

    assert page.select("[data-testid=create-dossier]") == []
    assert page.select_one("[data-testid=need-organisation]") is not None


def test_home_query_count_does_not_grow_with_dossiers(client, user, organisation):
    second = OrganisationFactory()
    MembershipFactory(user=user, organisation=second)
    calls = [CallFactory(), CallFactory()]
    client.force_login(user)

    def make(count: int) -> None:
        for n in range(count):
            ApplicationFactory(
                call=calls[n % 2], organisation=(organisation, second)[n % 2]
            )

    def measure(expected_rows: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(HOME)
        assert response.status_code == 200
        assert len(soup(response).select("[data-testid=dossier]")) == expected_rows
        return len(queries)

    make(2)
    client.get(HOME)  # warms the per-process caches (site, settings)
    small = measure(2)
    make(18)
    large = measure(20)

    assert large == small


# The next step, state by state ----------------------------------------------------


@pytest.fixture
def dossier(db):
    with time_machine.travel(NOW, tick=False):
        call = CallFactory(opens_at=NOW - timedelta(days=30), closes_at=CLOSES_AT)
        return ApplicationFactory(call=call)


def in_state(application: Application, state: str) -> Application:
    """The dossier taken to ``state`` through the services while its call is open;
    complements, when requested, are due at ``DUE_AT``."""
    with time_machine.travel(NOW, tick=False):
        return drive_to(application, state, due_at=DUE_AT)


OPEN_EXPECTATIONS = {
    ApplicationState.DRAFT: (
        "complete",
        lambda: (
            _("Complete and submit before %(deadline)s")
            % {"deadline": paris(*CLOSES_AT_TEXT)}
        ),
    ),
    ApplicationState.SUBMITTED: (
        "editable",
        lambda: (
            _("Submitted; you may still edit until %(deadline)s")
            % {"deadline": paris(*CLOSES_AT_TEXT)}
        ),
    ),
    ApplicationState.COMPLEMENTS_REQUESTED: (
        "complements",
        lambda: (
            _("Answer the complement request before %(due)s")
            % {"due": paris(*DUE_AT_TEXT)}
        ),
    ),
    ApplicationState.UNDER_REVIEW: ("review", lambda: _("Under review by the ARS")),
    ApplicationState.REVIEWED: ("review", lambda: _("Under review by the ARS")),
    ApplicationState.ACCEPTED: ("decision", lambda: _("Decision available")),
    ApplicationState.REJECTED: ("decision", lambda: _("Decision available")),
    ApplicationState.INADMISSIBLE: ("decision", lambda: _("Decision available")),
    ApplicationState.WITHDRAWN: ("withdrawn", lambda: _("Withdrawn")),
}


def test_next_step_covers_every_state():
    assert set(OPEN_EXPECTATIONS) == set(ApplicationState)


@pytest.mark.parametrize("state", list(OPEN_EXPECTATIONS))
def test_next_step_while_the_call_is_open(dossier, state):
    application = in_state(dossier, state)
    code, text = OPEN_EXPECTATIONS[state]

    with time_machine.travel(NOW, tick=False):
        step = next_step(application)

    assert (step.code, step.text) == (code, text())


CLOSED_EXPECTATIONS = {
    ApplicationState.DRAFT: (
        "closed_draft",
        lambda: _("The call is closed: the draft stays readable"),
    ),
    ApplicationState.SUBMITTED: (
        "awaiting_review",
        lambda: _("Submitted; awaiting the ARS review"),
    ),
    ApplicationState.COMPLEMENTS_REQUESTED: (
        "complements",
        lambda: (
            _("Answer the complement request before %(due)s")
            % {"due": paris(*DUE_AT_TEXT)}
        ),
    ),
}


@pytest.mark.parametrize("state", list(CLOSED_EXPECTATIONS))
def test_next_step_after_the_call_closed(dossier, state):
    application = in_state(dossier, state)
    code, text = CLOSED_EXPECTATIONS[state]

    with time_machine.travel(CLOSES_AT, tick=False):
        step = next_step(application)

    assert (step.code, step.text) == (code, text())


def test_next_step_one_second_before_closing_is_still_open(dossier):
    with time_machine.travel(CLOSES_AT - timedelta(seconds=1), tick=False):
        assert next_step(dossier).code == "complete"


def test_next_step_complements_past_their_due_date(dossier):
    application = in_state(dossier, ApplicationState.COMPLEMENTS_REQUESTED)

    with time_machine.travel(DUE_AT, tick=False):
        step = next_step(application)

    assert (step.code, step.text) == (
        "complements_late",
        _("The due date for the complements has passed"),
    )


def test_next_step_complements_without_due_date(dossier):
    application = in_state(dossier, ApplicationState.COMPLEMENTS_REQUESTED)
    # No service leaves a request without a due date: older data may.
    Application.objects.filter(pk=application.pk).update(complements_due_at=None)
    application = Application.objects.get(pk=application.pk)

    step = next_step(application, at=NOW)

    assert (step.code, step.text) == (
        "complements",
        _("Answer the complement request"),
    )


def test_next_step_takes_an_explicit_moment(dossier):
    assert next_step(dossier, at=NOW).code == "complete"
    assert next_step(dossier, at=CLOSES_AT).code == "closed_draft"
