"""Every state x action x role: allowed (and logged) or refused with no change."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext
from django_fsm_log.models import StateLog

from applications import services
from applications.enums import ApplicationState as S
from applications.exceptions import PermissionRefused, TransitionRefused
from applications.models import Application
from tests.factories import (
    ApplicationFactory,
    ManagerFactory,
    MembershipFactory,
    ReviewerFactory,
)

pytestmark = pytest.mark.django_db


def force_state(application: Application, state: str) -> Application:
    """Put a dossier in ``state`` without a transition.

    For this matrix only, which needs every state as the source of every action;
    elsewhere, reach a state through the services (``tests.factories.drive_to``).
    tests/test_layout.py keeps it here.
    """
    Application.objects.filter(pk=application.pk).update(state=state)
    return Application.objects.get(pk=application.pk)


ACTIONS = {
    # action: (allowed source states, target state, role allowed)
    "submit": ({S.DRAFT, S.SUBMITTED}, S.SUBMITTED, "applicant"),
    "request_complements": ({S.SUBMITTED}, S.COMPLEMENTS_REQUESTED, "manager"),
    "provide_complements": ({S.COMPLEMENTS_REQUESTED}, S.SUBMITTED, "applicant"),
    "declare_inadmissible": (
        {S.SUBMITTED, S.COMPLEMENTS_REQUESTED},
        S.INADMISSIBLE,
        "manager",
    ),
    "start_review": ({S.SUBMITTED}, S.UNDER_REVIEW, "manager"),
    "withdraw": (
        {S.DRAFT, S.SUBMITTED, S.COMPLEMENTS_REQUESTED, S.UNDER_REVIEW},
        S.WITHDRAWN,
        "applicant",
    ),
}
TRANSITION_NAMES = {
    "submit": {S.DRAFT: "submit", S.SUBMITTED: "resubmit"},
}
DESCRIPTIONS = {
    "request_complements": "Il manque le RIB.",
    "declare_inadmissible": "Hors du champ de l'appel.",
    "start_review": gettext("Dossier declared admissible."),
    "withdraw": "Projet abandonné.",
}
ROLES = [
    "applicant",
    "manager",
    "other_applicant",
    "other_manager",
    "reviewer",
    "anonymous",
]


def perform(action: str, application: Application, user):
    due_at = timezone.now() + timedelta(days=10)
    calls = {
        "submit": lambda: services.application_submit(
            application=application, user=user
        ),
        "request_complements": lambda: services.application_request_complements(
            application=application,
            user=user,
            message="Il manque le RIB.",
            due_at=due_at,
        ),
        "provide_complements": lambda: services.application_provide_complements(
            application=application, user=user
        ),
        "declare_inadmissible": lambda: services.application_declare_inadmissible(
            application=application, user=user, motivation="Hors du champ de l'appel."
        ),
        "start_review": lambda: services.application_start_review(
            application=application, user=user
        ),
        "withdraw": lambda: services.application_withdraw(
            application=application, user=user, reason="Projet abandonné."
        ),
    }
    return calls[action]()


@pytest.fixture
def actors():
    application = ApplicationFactory()
    authority = application.call.authority
    manager = ManagerFactory(username="gestionnaire", authority=authority)
    other_manager = ManagerFactory(username="gestionnaire-autre-ars")
    reviewer = ReviewerFactory(username="instructeur", authority=authority)
    users = {
        "applicant": application.created_by,
        "manager": manager,
        "other_applicant": MembershipFactory().user,
        "other_manager": other_manager,
        "reviewer": reviewer,
        "anonymous": AnonymousUser(),
    }
    return application, users


def log_rows(application):
    return StateLog.objects.filter(object_id=application.pk).order_by("pk")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("state", list(S.values))
def test_transition_matrix(actors, state, action, role):
    application, users = actors
    application = force_state(application, state)
    user = users[role]
    sources, target, allowed_role = ACTIONS[action]
    before = Application.objects.get(pk=application.pk)

    if role != allowed_role:
        with pytest.raises(PermissionRefused):
            perform(action, application, user)
    elif state not in sources:
        with pytest.raises(TransitionRefused):
            perform(action, application, user)
    else:
        perform(action, application, user)
        after = Application.objects.get(pk=application.pk)
        assert after.state == target
        assert after.lock_version == before.lock_version + 1
        (log,) = log_rows(application)
        expected_name = TRANSITION_NAMES.get(action, {}).get(state, action)
        assert (log.transition, log.source_state, log.state, log.by_id) == (
            expected_name,
            state,
            target,
            user.pk,
        )
        assert (log.description or "") == DESCRIPTIONS.get(action, "")
        return

    after = Application.objects.get(pk=application.pk)
    assert after.state == state
    assert after.lock_version == before.lock_version
    assert after.updated_at == before.updated_at
    assert not log_rows(application).exists()
