"""The applicant's dossier pages: roles, steps, submission, complements, withdrawal."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from applications import services
from applications.enums import ApplicationState as S
from applications.exceptions import ApplicationChanged, CallClosed
from applications.models import Application, Attachment
from applications.questionnaire import iter_questions
from calls.enums import TerritoryLevel
from core.time import paris_datetime
from tests.applications.conftest import SUBMITTED_AT
from tests.factories import (
    CallFactory,
    MembershipFactory,
    TerritoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def q(label, **settings):
    return {"label": label, "help_text": "", "required": True, **settings}


def optional(label, **settings):
    return {**q(label, **settings), "required": False}


@pytest.fixture
def keys(call):
    """A three-step questionnaire on the call; its question keys by label."""
    call.questionnaire = [
        (
            "section",
            {
                "title": "Porteur",
                "intro": "Qui porte le projet ?",
                "questions": [
                    ("short_text", q("Nom", max_length=100)),
                    ("long_text", q("Présentation", max_chars=50)),
                    ("amount", {**q("Coût"), "required": False, "max_amount": None}),
                ],
            },
        ),
        (
            "section",
            {
                "title": "Projet",
                "intro": "",
                "questions": [
                    ("number", q("Lits", min_value=1, max_value=12, unit="lits")),
                    ("file", q("Lettre", allowed_types=["pdf"], max_size_mb=10)),
                ],
            },
        ),
        (
            "section",
            {
                "title": "Budget",
                "intro": "",
                "questions": [
                    (
                        "budget_table",
                        {
                            **q("Budget", rows=["Personnel"], columns=["2026", "2027"]),
                            "required": False,
                        },
                    ),
                    ("choice", optional("Statut", choices=["Public", "Privé"])),
                    (
                        "multiple_choice",
                        optional(
                            "Publics", choices=["Adultes", "Enfants"], max_selected=1
                        ),
                    ),
                    ("territory", optional("Filière", level="filiere", multiple=False)),
                    ("date", optional("Ouverture")),
                ],
            },
        ),
    ]
    call.save()
    call.refresh_from_db()
    return {question.label: question.key for question in iter_questions(call)}


@pytest.fixture
def applicant(members):
    return members[0]


@pytest.fixture
def client_in(client, applicant):
    client.force_login(applicant)
    return client


@pytest.fixture
def complete(application, keys, applicant, make_attachment):
    """The dossier with every required answer and the required file."""
    attachment = make_attachment("lettre.pdf", b"%PDF-1.7 lettre")
    Attachment.objects.filter(pk=attachment.pk).update(question_key=keys["Lettre"])
    return services.application_update(
        application=application,
        user=applicant,
        answers={
            keys["Nom"]: "CH Cornouaille",
            keys["Présentation"]: "Un projet",
            keys["Lits"]: 8,
        },
    )


def url(name, application, *args):
    return reverse(f"applications:{name}", args=[application.pk, *args])


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def reload(application) -> Application:
    return Application.objects.get(pk=application.pk)


def dossier_urls(application):
    return [
        ("get", url("dossier_detail", application)),
        ("get", url("dossier_step", application, 1)),
        ("get", url("dossier_version", application, 1)),
        ("get", url("dossier_withdraw", application)),
        ("post", url("dossier_withdraw", application)),
        ("post", url("dossier_step", application, 1)),
        ("get", url("dossier_submit", application)),
        ("get", url("dossier_provide_complements", application)),
        ("post", url("dossier_submit", application)),
        ("post", url("dossier_provide_complements", application)),
    ]


# Who may see what -------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login_page(client, application, version):
    for method, target in dossier_urls(application):
        response = getattr(client, method)(target)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={target}"
    response = client.get(reverse("applications:dossier_create"), {"call": 1})
    assert response.url.startswith(reverse("login"))


def test_applicant_sees_every_page(client_in, application, version, keys):
    for target in [t for m, t in dossier_urls(application) if m == "get"]:
        assert client_in.get(target).status_code == 200
    html = page(client_in.get(url("dossier_detail", application)))
    shown = html.select_one('[data-testid="version-submitted-at"]').text
    assert shown == paris_datetime(SUBMITTED_AT)
    assert shown.endswith("14:05")  # 13:05 UTC, in winter


@pytest.mark.parametrize("who", ["other_organisation", "pending"])
def test_others_get_404_on_every_dossier_url(client, application, version, who):
    if who == "pending":
        user = get_user_model().objects.get(username="pending")
    else:
        user = MembershipFactory().user
    client.force_login(user)
    for method, target in dossier_urls(application):
        data = {"seen_version": 0, "reason": "x"} if method == "post" else None
        assert getattr(client, method)(target, data).status_code == 404, target
    assert reload(application).state == S.DRAFT


def test_unknown_version_and_step_are_404(client_in, application, keys):
    assert client_in.get(url("dossier_version", application, 1)).status_code == 404
    assert client_in.get(url("dossier_step", application, 4)).status_code == 404
    assert client_in.get(url("dossier_step", application, 0)).status_code == 404


# Creating a dossier --------------------------------------------------------------


def test_create_from_an_open_call(client_in, call, organisation):
    target = reverse("applications:dossier_create") + f"?call={call.pk}"
    assert client_in.get(target).status_code == 200
    response = client_in.post(
        target, {"organisation": organisation.pk, "title": "Maison de Quimper"}
    )
    created = Application.objects.get()
    assert response.url == url("dossier_step", created, 1)
    assert (created.title, created.organisation, created.state) == (
        "Maison de Quimper",
        organisation,
        S.DRAFT,
    )


def test_create_refused_on_a_closed_call(client_in, organisation):
    closed = CallFactory(closed=True)
    target = reverse("applications:dossier_create") + f"?call={closed.pk}"
    response = client_in.post(target, {"organisation": organisation.pk, "title": "T"})
    assert response.url == closed.page.url  # back to the call's public page
    assert flashed(response) == [_("This call is not open: no dossier can be created.")]
    assert not Application.objects.exists()


def test_create_without_organisation_leads_to_registering_one(client, call):
    client.force_login(UserFactory())
    response = client.get(reverse("applications:dossier_create"), {"call": call.pk})
    assert response.url == reverse("organisations:create")


def test_create_with_another_organisation_is_refused(client_in, call):
    other = MembershipFactory().organisation
    target = reverse("applications:dossier_create") + f"?call={call.pk}"
    response = client_in.post(target, {"organisation": other.pk, "title": "T"})
    assert response.status_code == 200
    assert page(response).select_one('[data-testid="organisation-errors"]')
    assert not Application.objects.exists()


# Filling in the steps -------------------------------------------------------------


def test_step_shows_the_stepper_and_its_questions(client_in, application, keys):
    html = page(client_in.get(url("dossier_step", application, 2)))
    assert html.select_one('[data-testid="stepper-state"]').text == _(
        "Step %(step)s of %(count)s"
    ) % {"step": 2, "count": 3}
    assert html.select_one(".fr-stepper__steps")["data-fr-current-step"] == "2"
    assert "Budget" in html.select_one('[data-testid="next-step"]').text
    file_panel = html.select_one('[data-testid="file-question"]')
    assert file_panel["data-present"] == "false"
    assert html.select_one('[data-testid="attachments-link"]')["href"] == (
        f"/espace/dossiers/{application.pk}/pieces/"
    )


def test_invalid_step_keeps_the_input_and_stores_nothing(client_in, application, keys):
    data = {
        "title": "Nouveau titre",
        "requested_amount": "-3",
        keys["Nom"]: "CH de Cornouaille",
        keys["Présentation"]: "x" * 51,
        "action": "continue",
    }
    response = client_in.post(url("dossier_step", application, 1), data)
    assert response.status_code == 200
    html = page(response)
    assert html.select_one(f'[data-testid="{keys["Présentation"]}-errors"]')
    assert html.select_one('[data-testid="requested_amount-errors"]')
    assert (
        html.select_one(f'input[name="{keys["Nom"]}"]')["value"] == "CH de Cornouaille"
    )
    assert html.select_one(f'textarea[name="{keys["Présentation"]}"]').text.strip() == (
        "x" * 51
    )
    stored = reload(application)
    assert (stored.answers, stored.title) == ({}, application.title)


def test_incomplete_draft_is_saved(client_in, application, keys):
    data = {"title": "Maison de Quimper", keys["Nom"]: "CH", "action": "save"}
    response = client_in.post(url("dossier_step", application, 1), data)
    assert response.url == url("dossier_step", application, 1)
    stored = reload(application)
    assert stored.title == "Maison de Quimper"
    assert stored.answers == {
        keys["Nom"]: "CH",
        keys["Présentation"]: "",
        keys["Coût"]: None,
    }
    assert flashed(response) == [_("Your answers are saved.")]


def test_save_and_continue_goes_to_the_next_step_then_the_dossier(
    client_in, application, keys
):
    response = client_in.post(
        url("dossier_step", application, 2), {keys["Lits"]: "4", "action": "continue"}
    )
    assert response.url == url("dossier_step", application, 3)
    cells = {
        f"{keys['Budget']}_0": "1 000,50",
        f"{keys['Budget']}_1": "",
        "action": "continue",
    }
    response = client_in.post(url("dossier_step", application, 3), cells)
    assert response.url == url("dossier_detail", application)
    assert reload(application).answers == {
        keys["Lits"]: 4,
        keys["Budget"]: {"Personnel": {"2026": "1000.50"}},
        keys["Statut"]: "",
        keys["Publics"]: [],
        keys["Filière"]: None,
        keys["Ouverture"]: None,
    }


def test_budget_table_refuses_text_and_keeps_it(client_in, application, keys):
    cells = {f"{keys['Budget']}_0": "beaucoup", f"{keys['Budget']}_1": "12"}
    response = client_in.post(url("dossier_step", application, 3), cells)
    assert response.status_code == 200
    assert (
        page(response).select_one(f'input[name="{keys["Budget"]}_0"]')["value"]
        == "beaucoup"
    )
    assert reload(application).answers == {}


def test_choices_territory_and_date_are_checked_and_kept(client_in, application, keys):
    filiere = TerritoryFactory(
        name="Cornouaille", code="F-COR", level=TerritoryLevel.FILIERE
    )
    data = {
        keys["Statut"]: "Privé",
        keys["Publics"]: ["Adultes", "Enfants"],
        keys["Filière"]: str(filiere.pk),
        keys["Ouverture"]: "2027-01-15",
    }
    response = client_in.post(url("dossier_step", application, 3), data)
    html = page(response)
    assert html.select_one(
        f'[data-testid="{keys["Publics"]}-errors"]'
    ).text.strip() == (
        _("Choose at most %(limit)d option (you chose %(count)d).")
        % {"limit": 1, "count": 2}
    )
    assert (
        html.select_one(f'input[name="{keys["Statut"]}"][checked]')["value"] == "Privé"
    )
    assert len(html.select(f'input[name="{keys["Publics"]}"][checked]')) == 2
    assert html.select_one(f'select[name="{keys["Filière"]}"] option[selected]')[
        "value"
    ] == str(filiere.pk)
    assert (
        html.select_one(f'input[name="{keys["Ouverture"]}"]')["value"] == "2027-01-15"
    )
    assert reload(application).answers == {}

    data[keys["Publics"]] = ["Enfants"]
    client_in.post(url("dossier_step", application, 3), data)
    answers = reload(application).answers
    assert [
        answers[keys[k]] for k in ("Statut", "Publics", "Filière", "Ouverture")
    ] == [
        "Privé",
        ["Enfants"],
        filiere.pk,
        "2027-01-15",
    ]
    html = page(client_in.get(url("dossier_detail", application)))
    shown = html.select_one(f'[data-testid="answer"][data-key="{keys["Filière"]}"] dd')
    assert shown.text.strip() == "Cornouaille"


def test_step_is_read_only_after_closing(client_in, application, keys, applicant):
    with time_machine.travel(application.call.closes_at, tick=False):
        client_in.force_login(applicant)  # the session would have expired
        html = page(client_in.get(url("dossier_step", application, 1)))
        assert html.select_one('[data-testid="read-only"]')
        assert html.select_one('[data-testid="save"]') is None
        assert html.select_one(f'input[name="{keys["Nom"]}"]').has_attr("disabled")
        response = client_in.post(
            url("dossier_step", application, 1), {keys["Nom"]: "X"}
        )
    assert page(response).select_one('[data-testid="service-error"]')
    assert reload(application).answers == {}


# The detail page ------------------------------------------------------------------


def test_detail_escapes_the_answers(client_in, application, keys, applicant):
    services.application_update(
        application=application,
        user=applicant,
        answers={
            keys["Nom"]: "<script>alert(1)</script>",
            keys["Présentation"]: "<b>x</b>",
        },
    )
    response = client_in.get(url("dossier_detail", application))
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content
    assert b"&lt;b&gt;x&lt;/b&gt;" in response.content


def test_detail_lists_what_is_missing_and_hides_submit(client_in, application, keys):
    html = page(client_in.get(url("dossier_detail", application)))
    assert (
        len(html.select('[data-testid="missing"] li')) == 4
    )  # Nom, Présentation, Lits, Lettre
    assert html.select_one('[data-testid="submit-button"]') is None
    assert html.select_one('[data-testid="withdraw-link"]')
    assert html.select_one('[data-testid="messages-link"]')["href"] == (
        f"/espace/dossiers/{application.pk}/messages/"
    )


# Submitting -----------------------------------------------------------------------


def test_submit_with_missing_answers_shows_the_reasons(client_in, application, keys):
    response = client_in.post(
        url("dossier_submit", application), {"seen_version": 0, "declaration": "on"}
    )
    assert response.status_code == 200
    reasons = page(response).select('[data-testid="refusal-reasons"] li')
    assert len(reasons) == 4
    assert reload(application).state == S.DRAFT
    assert not application.versions.exists()


def test_submit_success(client_in, complete):
    html = page(client_in.get(url("dossier_detail", complete)))
    recap = html.select_one('[data-testid="submit-button"]')["href"]
    assert recap == url("dossier_submit", complete)
    html = page(client_in.get(recap))
    seen = html.select_one('[data-testid="confirm-form"] input[name="seen_version"]')[
        "value"
    ]
    response = client_in.post(
        url("dossier_submit", complete), {"seen_version": seen, "declaration": "on"}
    )
    assert response.url == url("dossier_detail", complete)
    assert flashed(response) == [
        _(
            "Your dossier is submitted (version %(number)d). The acknowledgement of "
            "receipt will arrive by email; it is also available on this page."
        )
        % {"number": 1}
    ]
    stored = reload(complete)
    assert stored.state == S.SUBMITTED
    assert stored.versions.count() == 1
    html = page(client_in.get(url("dossier_detail", complete)))
    assert [r.text for r in html.select('[data-testid="history-label"]')] == [
        pgettext("dossier history", "Created"),
        pgettext("dossier history", "Submitted"),
    ]
    assert len(html.select('[data-testid="version"]')) == 1


def test_double_submit_makes_one_version(client_in, complete):
    data = {"seen_version": complete.lock_version, "declaration": "on"}
    client_in.post(url("dossier_submit", complete), data)
    response = client_in.post(url("dossier_submit", complete), data)
    assert flashed(response)[-1] == str(ApplicationChanged.default_message)
    assert reload(complete).versions.count() == 1


def test_submit_after_closing_is_refused_and_the_draft_kept(
    client_in, complete, applicant
):
    answers = dict(complete.answers)
    with time_machine.travel(
        complete.call.closes_at + timedelta(seconds=1), tick=False
    ):
        client_in.force_login(applicant)  # the session would have expired
        response = client_in.post(
            url("dossier_submit", complete),
            {"seen_version": complete.lock_version, "declaration": "on"},
        )
    assert flashed(response) == [str(CallClosed.default_message)]
    stored = reload(complete)
    assert (stored.state, stored.answers) == (S.DRAFT, answers)
    assert not stored.versions.exists()


def test_submit_without_csrf_token_is_refused(complete, applicant):
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant)
    response = client.post(
        url("dossier_submit", complete),
        {"seen_version": complete.lock_version, "declaration": "on"},
    )
    assert response.status_code == 403
    assert reload(complete).state == S.DRAFT


def test_version_page_shows_the_frozen_answers(client_in, complete, keys, applicant):
    client_in.post(
        url("dossier_submit", complete),
        {"seen_version": complete.lock_version, "declaration": "on"},
    )
    services.application_update(
        application=reload(complete),
        user=applicant,
        answers={keys["Nom"]: "Nouveau nom"},
    )
    html = page(client_in.get(url("dossier_version", complete, 1)))
    answer = html.select_one(f'[data-testid="answer"][data-key="{keys["Nom"]}"] dd')
    assert answer.text.strip() == "CH Cornouaille"


# Complements and withdrawal -------------------------------------------------------


def test_provide_complements(client_in, complete, applicant):
    services.application_submit(application=complete, user=applicant)
    due = timezone.now() + timedelta(days=5)
    services.application_request_complements(
        application=reload(complete),
        user=UserFactory(superuser=True),
        message="Merci de joindre le budget détaillé.",
        due_at=due,
    )
    html = page(client_in.get(url("dossier_detail", complete)))
    message = html.select_one('[data-testid="complements-message"]')
    assert message.text.strip() == "Merci de joindre le budget détaillé."
    assert html.select_one('[data-testid="complements-due-at"]')
    recap = html.select_one('[data-testid="complements-button"]')["href"]
    html = page(client_in.get(recap))
    seen = html.select_one('[data-testid="confirm-form"] input[name="seen_version"]')
    response = client_in.post(
        url("dossier_provide_complements", complete),
        {"seen_version": seen["value"], "declaration": "on"},
    )
    assert response.url == url("dossier_detail", complete)
    stored = reload(complete)
    assert stored.state == S.SUBMITTED
    assert stored.versions.count() == 2


def test_withdraw_requires_a_reason(client_in, application):
    data = {"seen_version": application.lock_version, "reason": "  "}
    response = client_in.post(url("dossier_withdraw", application), data)
    assert response.status_code == 200
    assert page(response).select_one('[data-testid="reason-errors"]')
    assert reload(application).state == S.DRAFT


def test_withdraw(client_in, application):
    data = {"seen_version": application.lock_version, "reason": "Projet abandonné"}
    response = client_in.post(url("dossier_withdraw", application), data)
    assert response.url == url("dossier_detail", application)
    stored = reload(application)
    assert (stored.state, stored.withdrawal_reason) == (S.WITHDRAWN, "Projet abandonné")
    html = page(client_in.get(url("dossier_detail", application)))
    last = html.select('[data-testid="history-row"]')[-1]
    assert [cell.text.strip() for cell in last.select("td")][1:] == [
        pgettext("dossier history", "Withdrawn"),
        "Dominique Exemple",
        "Projet abandonné",
    ]
    again = client_in.get(url("dossier_withdraw", application))
    assert again.url == url("dossier_detail", application)
