"""The manager's actions on a dossier in the Wagtail admin: which are offered in
each state, what each POST changes and logs, refusals, and two managers at once."""

from datetime import UTC, datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.test import Client
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_fsm_log.models import StateLog
from wagtail.users.models import UserProfile

from applications import services
from applications.enums import ApplicationState as S
from applications.exceptions import ApplicationChanged
from applications.models import Application
from reviews.models import Decision
from tests.factories import ManagerFactory

from .support import (
    NOW,
    action_url,
    detail_url,
    last_log,
    messages_of,
    put_in,
    seen,
    shown_actions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


# Actions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (S.SUBMITTED, ["complements", "inadmissible", "review"]),
        (S.COMPLEMENTS_REQUESTED, ["inadmissible"]),
        (S.UNDER_REVIEW, []),
        (S.INADMISSIBLE, []),
    ],
)
def test_detail_shows_the_actions_allowed_now(
    manager_client, manager, submitted, state, expected
):
    dossier = put_in(state, submitted, manager)

    response = manager_client.get(detail_url(dossier))

    assert shown_actions(response) == expected
    content = response.content.decode()
    for name in ["complements", "inadmissible", "review"]:
        assert (f'data-testid="action-{name}"' in content) is (name in expected)


def test_request_complements(manager_client, manager, submitted):
    # The due date is typed in Paris time, whatever the manager's admin time zone.
    profile = UserProfile.get_for_user(manager)
    profile.current_time_zone = "America/Cayenne"
    profile.save()

    response = manager_client.post(
        action_url(submitted, "complements"),
        {
            "complements-seen_version": seen(submitted),
            "complements-message": "Joindre le budget signé.",
            "complements-due_at": "2026-12-01T12:00",
        },
    )

    assert response.status_code == 302
    assert response.url == detail_url(submitted)
    dossier = Application.objects.get(pk=submitted.pk)
    assert dossier.state == S.COMPLEMENTS_REQUESTED
    assert dossier.complements_due_at == datetime(2026, 12, 1, 11, tzinfo=UTC)
    log = last_log(dossier)
    assert (log.transition, log.source_state, log.state, log.by, log.description) == (
        "request_complements",
        S.SUBMITTED,
        S.COMPLEMENTS_REQUESTED,
        manager,
        "Joindre le budget signé.",
    )
    assert messages_of(response) == [
        _("Complements requested from the applicant of %(ref)s.")
        % {"ref": "AAC-2026-BRE-MAV-0001"}
    ]


def test_request_complements_with_a_past_due_date_is_refused(manager_client, submitted):
    response = manager_client.post(
        action_url(submitted, "complements"),
        {
            "complements-seen_version": seen(submitted),
            "complements-message": "Message gardé",
            "complements-due_at": "2026-11-22T14:00",
        },
    )

    assert response.status_code == 200
    assert messages_of(response) == [_("The due date must be in the future.")]
    assert "Message gardé" in response.content.decode()
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED
    assert StateLog.objects.filter(object_id=submitted.pk).count() == 1


def test_request_complements_at_an_hour_skipped_by_daylight_saving_is_refused(
    manager_client, submitted
):
    # 28 March 2027: clocks go from 02:00 to 03:00 in Paris.
    response = manager_client.post(
        action_url(submitted, "complements"),
        {
            "complements-seen_version": seen(submitted),
            "complements-message": "Budget",
            "complements-due_at": "2027-03-28T02:30",
        },
    )

    assert response.status_code == 200
    forms = {a.name: f for a, f, _u in response.context["action_forms"]}
    assert list(forms["complements"].errors) == ["due_at"]
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_declare_inadmissible_asks_for_a_confirmation_first(manager_client, submitted):
    response = manager_client.post(
        action_url(submitted, "inadmissible"),
        {
            "inadmissible-seen_version": seen(submitted),
            "inadmissible-motivation": "Porteur non éligible.",
        },
    )

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    recap = page.select_one('[data-testid="confirm-action"]')
    assert recap["data-action"] == "inadmissible"
    assert page.select_one('[data-testid="confirm-motivation"]').text == (
        "Porteur non éligible."
    )
    assert submitted.organisation.name in recap.text
    form = page.select_one('[data-testid="confirm-form"]')
    posted = {i["name"]: i.get("value", "") for i in form.select("input")}
    assert posted["inadmissible-confirmed"] == "True"
    assert posted["inadmissible-motivation"] == "Porteur non éligible."
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED
    assert StateLog.objects.filter(object_id=submitted.pk).count() == 1


def test_declare_inadmissible(manager_client, manager, submitted):
    response = manager_client.post(
        action_url(submitted, "inadmissible"),
        {
            "inadmissible-seen_version": seen(submitted),
            "inadmissible-motivation": "Porteur non éligible.",
            "inadmissible-confirmed": "True",
        },
    )

    assert response.status_code == 302
    dossier = Application.objects.get(pk=submitted.pk)
    assert dossier.state == S.INADMISSIBLE
    log = last_log(dossier)
    assert (log.transition, log.by, log.description) == (
        "declare_inadmissible",
        manager,
        "Porteur non éligible.",
    )
    # The history of the staff page shows the action and its motivation.
    page = manager_client.get(detail_url(dossier)).content.decode()
    history = BeautifulSoup(page, "html.parser").select_one(
        '[data-testid="dossier-history"]'
    )
    rows = [
        [cell.text.strip() for cell in row.select("td")]
        for row in history.select("tbody tr")
    ]
    cells = rows[-2]
    assert rows[-1][1] == pgettext("dossier history", "Decision recorded")
    assert cells[1] == pgettext("dossier history", "Declared inadmissible")
    assert cells[4] == "Porteur non éligible."


def test_an_inadmissibility_gets_its_letter(manager_client, manager, submitted):
    """The decision letter is recorded and queued at once; sent with the call's
    release when the manager chooses so."""
    dossier = put_in(S.INADMISSIBLE, submitted, manager)
    decision = Decision.objects.get(application=dossier)
    assert (decision.outcome, decision.motivation) == ("inadmissible", "Hors champ")
    assert decision.release_items.get().status == "pending"
    applicant_page = Client()
    applicant_page.force_login(dossier.created_by)
    shown = applicant_page.get(f"/espace/dossiers/{dossier.pk}/")
    motivation = BeautifulSoup(shown.content, "html.parser").select_one(
        '[data-testid="decision-motivation"]'
    )
    assert motivation.text.strip() == "Hors champ"


def test_an_inadmissibility_letter_can_wait_for_the_release(manager_client, submitted):
    response = manager_client.post(
        action_url(submitted, "inadmissible"),
        {
            "inadmissible-seen_version": seen(submitted),
            "inadmissible-motivation": "Porteur non éligible.",
            "inadmissible-notify": "with_release",
            "inadmissible-confirmed": "True",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(application=submitted)
    assert decision.outcome == "inadmissible"
    assert not decision.release_items.exists()


@pytest.mark.parametrize("motivation", ["", "   "])
def test_declare_inadmissible_without_motivation_is_refused(
    manager_client, submitted, motivation
):
    response = manager_client.post(
        action_url(submitted, "inadmissible"),
        {
            "inadmissible-seen_version": seen(submitted),
            "inadmissible-motivation": motivation,
        },
    )

    assert response.status_code == 200
    forms = {a.name: f for a, f, _u in response.context["action_forms"]}
    assert list(forms["inadmissible"].errors) == ["motivation"]
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_start_review_asks_for_a_confirmation_first(manager_client, submitted):
    response = manager_client.post(
        action_url(submitted, "review"), {"review-seen_version": seen(submitted)}
    )

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one('[data-testid="confirm-action"]')["data-action"] == (
        "review"
    )
    assert page.select_one('[data-testid="confirm-consequences"]')
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_start_review(manager_client, manager, submitted):
    response = manager_client.post(
        action_url(submitted, "review"),
        {"review-seen_version": seen(submitted), "review-confirmed": "True"},
    )

    assert response.status_code == 302
    dossier = Application.objects.get(pk=submitted.pk)
    assert dossier.state == S.UNDER_REVIEW
    log = last_log(dossier)
    assert (log.transition, log.by, log.description) == (
        "start_review",
        manager,
        _("Dossier declared admissible."),
    )


def test_the_confirmation_page_posts_the_action_once(manager_client, submitted):
    first = manager_client.post(
        action_url(submitted, "review"), {"review-seen_version": seen(submitted)}
    )
    form = BeautifulSoup(first.content, "html.parser").select_one(
        '[data-testid="confirm-form"]'
    )
    data = {i["name"]: i.get("value", "") for i in form.select("input")}

    assert manager_client.post(form["action"], data).status_code == 302
    again = manager_client.post(form["action"], data)

    assert again.status_code == 200  # the page it was posted from is stale
    assert StateLog.objects.filter(object_id=submitted.pk).count() == 2


def test_an_action_not_allowed_in_the_state_is_refused(
    manager_client, manager, submitted
):
    dossier = put_in(S.COMPLEMENTS_REQUESTED, submitted, manager)

    response = manager_client.post(
        action_url(dossier, "review"),
        {"review-seen_version": seen(dossier), "review-confirmed": "True"},
    )

    assert response.status_code == 200
    assert messages_of(response) == [
        _("This action is not possible in the dossier's current state.")
    ]
    assert Application.objects.get(pk=dossier.pk).state == S.COMPLEMENTS_REQUESTED


def test_second_manager_acting_on_a_stale_page_is_told_it_changed(
    manager_client, submitted, authority
):
    page = manager_client.get(detail_url(submitted))
    forms = {a.name: f for a, f, _u in page.context["action_forms"]}
    seen_version = forms["inadmissible"]["seen_version"].value()
    colleague = ManagerFactory(username="collegue", authority=authority)
    services.application_start_review(application=submitted, user=colleague)

    response = manager_client.post(
        action_url(submitted, "inadmissible"),
        {
            "inadmissible-seen_version": seen_version,
            "inadmissible-motivation": "Trop tard",
            "inadmissible-confirmed": "True",
        },
    )

    assert response.status_code == 200
    assert messages_of(response) == [str(ApplicationChanged.default_message)]
    dossier = Application.objects.get(pk=submitted.pk)
    assert dossier.state == S.UNDER_REVIEW
    assert last_log(dossier).by == colleague
    assert shown_actions(response) == []


def test_action_post_without_csrf_token_is_refused(manager, submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)

    response = client.post(
        action_url(submitted, "review"),
        {"review-seen_version": seen(submitted), "review-confirmed": "True"},
    )

    assert response.status_code == 403
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_unknown_action_is_404(manager_client, submitted):
    assert manager_client.post(action_url(submitted, "accept"), {}).status_code == 404
