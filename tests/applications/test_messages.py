"""The dossier's thread: message_post and the messages page."""

from datetime import UTC, datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext as _

from applications.enums import MessageKind
from applications.exceptions import ApplicationError, PermissionRefused
from applications.models import Message
from applications.services import message_post
from tests.factories import (
    AuthorityFactory,
    ManagerFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

REFERENCE = "AAC-2026-BRE-MAV-0001"
SCRIPT = "<script>alert('x')</script>"


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def managers(authority):
    """Two managers of the authority; staff outside the group and a manager of
    another authority are not told."""
    found = [
        ManagerFactory(
            username=username, email=f"{username}@ars.example.org", authority=authority
        )
        for username in ("gestionnaire.b", "gestionnaire.a")
    ]
    authority.staff.add(UserFactory(username="agent", email="agent@ars.example.org"))
    ManagerFactory(
        username="ailleurs",
        email="ailleurs@ars.example.org",
        authority=AuthorityFactory(),
    )
    return found


@pytest.fixture
def url(application):
    return reverse("applications:dossier_messages", args=[application.pk])


# message_post -----------------------------------------------------------------------


def test_applicant_message_emails_the_managers_once(
    application, members, managers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_post(
            application=application,
            user=members[0],
            subject="Question sur le budget",
            body="Bonjour,\nfaut-il joindre le budget 2027 ?",
        )
    assert Message.objects.count() == 1
    assert (message.kind, message.author, message.from_staff) == (
        MessageKind.MESSAGE,
        members[0],
        False,
    )
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == (
        f"[{REFERENCE}] Nouveau message du porteur de projet : Question sur le budget"
    )
    assert email.to == [
        "gestionnaire.a@ars.example.org",
        "gestionnaire.b@ars.example.org",
    ]
    assert email.reply_to == ["zoe.martin@example.org"]
    assert "Bonjour,\nfaut-il joindre le budget 2027 ?" in email.body
    assert f"http://testserver/espace/dossiers/{application.pk}/messages/" in email.body


def test_applicant_message_without_managers_goes_to_the_authority(
    application, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message_post(application=application, user=members[1], subject="A", body="B")
    assert [email.to for email in mail.outbox] == [["ars-bretagne-appels@example.org"]]


def test_manager_message_emails_the_active_members(
    application, version, managers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = message_post(
            application=application,
            user=managers[0],
            subject="Pièce manquante",
            body="Merci de joindre vos statuts.",
        )
    assert message.from_staff is True
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.subject == f"[{REFERENCE}] Nouveau message de l'ARS : Pièce manquante"
    assert email.to == ["alex.le-gall@example.org", "zoe.martin@example.org"]
    assert email.reply_to == ["ars-bretagne-appels@example.org"]


def test_message_refused_to_a_stranger(application):
    for user in (MembershipFactory().user, UserFactory(username="agent")):
        with pytest.raises(PermissionRefused):
            message_post(application=application, user=user, subject="A", body="B")
    assert not Message.objects.exists()


@pytest.mark.parametrize(
    ("subject", "body", "reasons"),
    [
        ("  ", "Texte", [_("Give the message a subject.")]),
        ("Objet", "\n ", [_("Write the message.")]),
        (
            "Objet",
            "x" * 5001,
            [
                _("The message is too long: %(limit)d characters at most.")
                % {"limit": 5000}
            ],
        ),
        ("", "", [_("Give the message a subject."), _("Write the message.")]),
    ],
)
def test_message_refused_when_incomplete(
    application, members, subject, body, reasons, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ApplicationError) as error,
    ):
        message_post(
            application=application, user=members[0], subject=subject, body=body
        )
    assert error.value.reasons == reasons
    assert not Message.objects.exists()
    assert mail.outbox == []


def test_message_of_5000_characters_is_accepted(application, members):
    message = message_post(
        application=application, user=members[0], subject="Objet", body="x" * 5000
    )
    assert len(message.body) == 5000


# The page ---------------------------------------------------------------------------


def test_applicant_posts_from_the_page_and_reads_it_escaped(
    client, url, members, managers, django_capture_on_commit_callbacks
):
    client.force_login(members[0])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"subject": f"Objet {SCRIPT}", "body": f"Ligne 1\nLigne 2 {SCRIPT}"}
        )
    assert response.status_code == 302
    assert response["Location"] == url
    assert Message.objects.count() == 1
    assert [email.subject for email in mail.outbox] == [
        f"[{REFERENCE}] Nouveau message du porteur de projet : Objet {SCRIPT}"
    ]
    response = client.get(url)
    html = response.content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    item = page(response).select_one('[data-testid="thread-item"]')
    body = item.select_one('[data-testid="message-body"]')
    assert str(body.p) == (
        "<p>Ligne 1<br/>Ligne 2 &lt;script&gt;alert('x')&lt;/script&gt;</p>"
    )
    assert text(item.select_one('[data-testid="message-author"]')) == (
        "Dominique Exemple"
    )


def test_thread_is_oldest_first_with_sides_and_paris_time(
    client, url, application, version, members, managers
):
    with time_machine.travel(datetime(2026, 11, 22, 13, 5, tzinfo=UTC), tick=False):
        Message.objects.create(
            application=application,
            kind=MessageKind.NOTIFICATION,
            from_staff=True,
            subject="Accusé de réception",
            body="Votre dossier a été reçu.",
        )
    with time_machine.travel(datetime(2026, 11, 23, 8, 30, tzinfo=UTC), tick=False):
        message_post(
            application=application, user=managers[0], subject="Question", body="?"
        )
        message_post(
            application=application, user=members[0], subject="Réponse", body="!"
        )
    client.force_login(members[1])
    items = page(client.get(url)).select('[data-testid="thread-item"]')
    assert [
        (
            text(item.select_one('[data-testid="message-subject"]')),
            text(item.select_one('[data-testid="message-author"]')),
            item["data-kind"],
        )
        for item in items
    ] == [
        ("Accusé de réception", _("ARS"), "notification"),
        ("Question", _("ARS"), "message"),
        ("Réponse", "Dominique Exemple", "message"),
    ]
    first_date = text(items[0].select_one('[data-testid="message-date"]'))
    assert "14:05" in first_date  # 13:05 UTC is 14:05 in Paris in November
    assert "22" in first_date


def test_incomplete_form_keeps_what_was_typed(client, url, members):
    client.force_login(members[0])
    response = client.post(url, {"subject": "Objet gardé", "body": ""})
    assert response.status_code == 200
    soup = page(response)
    assert soup.select_one('input[name="subject"]')["value"] == "Objet gardé"
    assert text(soup.select_one('[data-testid="body-errors"]')) == _(
        "Write the message."
    )
    assert not Message.objects.exists()


def test_manager_of_the_call_reads_and_writes(
    client, url, version, managers, members, django_capture_on_commit_callbacks
):
    client.force_login(managers[0])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"subject": "Relance", "body": "Merci."})
    assert response.status_code == 302
    assert Message.objects.get().from_staff is True
    assert mail.outbox[0].to == ["alex.le-gall@example.org", "zoe.martin@example.org"]


def test_another_organisations_member_gets_404(client, url):
    client.force_login(MembershipFactory().user)
    assert client.get(url).status_code == 404
    assert client.post(url, {"subject": "A", "body": "B"}).status_code == 404
    assert not Message.objects.exists()


def test_anonymous_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_post_without_csrf_token_is_refused(url, members):
    client = Client(enforce_csrf_checks=True)
    client.force_login(members[0])
    assert client.post(url, {"subject": "A", "body": "B"}).status_code == 403
    assert not Message.objects.exists()
