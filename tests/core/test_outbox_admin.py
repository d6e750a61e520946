from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.enums import OutboundEmailStatus as Status
from core.models import OutboundEmail
from core.outbox import email_enqueue
from core.wagtail_hooks import OutboxMenuItem
from tests.factories import (
    AdministratorFactory,
    ManagerFactory,
    ReviewerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/envois/"
CREATED = datetime(2026, 11, 22, 13, 5, 27, tzinfo=UTC)  # 14:05 in Paris


def resend_url(email) -> str:
    return f"/admin/envois/{email.pk}/renvoyer/"


@pytest.fixture
def manager():
    return ManagerFactory(username="gestionnaire")


@pytest.fixture
def reviewer():
    return ReviewerFactory(username="instructeur")


@pytest.fixture
def admin():
    return AdministratorFactory(username="admin")


def outbound(n: int = 1, *, status=Status.PENDING, **fields) -> OutboundEmail:
    return OutboundEmail.objects.create(
        to=[f"porteur{n}@example.org", "copie@example.org"],
        template="submitted",
        subject=f"[AAP-2026-{n:03}] Accusé de réception",
        body="Bonjour\n",
        status=status,
        created_at=CREATED,
        **fields,
    )


def test_outbox_listing_anonymous_is_sent_to_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/envois/"


def test_outbox_listing_applicant_is_sent_to_login(client):
    client.force_login(UserFactory(username="porteur"))
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/admin/envois/"


@pytest.mark.parametrize("role", ["manager", "reviewer"])
def test_outbox_listing_refused_to_staff_who_are_not_administrators(
    client, role, request
):
    """Wagtail turns the refusal into a redirect to the admin home, with a
    message, as for the dossiers."""
    client.force_login(request.getfixturevalue(role))
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_outbox_listing_shown_to_administrators(client, admin):
    client.force_login(admin)
    email = outbound(
        status=Status.FAILED,
        attempts=5,
        last_error="SMTPException: 421 Service not available",
    )

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [email]
    html = response.content.decode()
    assert "porteur1@example.org, copie@example.org" in html
    assert "[AAP-2026-001] Accusé de réception" in html
    assert "22/11/2026 14:05" in html
    assert "SMTPException: 421 Service not available" in html


def test_outbox_listing_filters_by_status(client, admin):
    client.force_login(admin)
    outbound(1)
    failed = outbound(2, status=Status.FAILED, attempts=5)

    response = client.get(LIST_URL, {"status": "failed"})

    assert list(response.context["object_list"]) == [failed]


def test_outbox_menu_item_shown_to_administrators_only(rf, manager, reviewer, admin):
    item = OutboxMenuItem("Outgoing emails", LIST_URL)
    shown = {}
    for user in (manager, reviewer, admin):
        request = rf.get("/admin/")
        request.user = user
        shown[user.username] = item.is_shown(request)
    assert shown == {"gestionnaire": False, "instructeur": False, "admin": True}


def _listing_queries(client, rows: int) -> int:
    OutboundEmail.objects.all().delete()
    for n in range(rows):
        outbound(n, status=Status.FAILED if n % 2 else Status.SENT, sent_at=CREATED)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL)
    assert len(response.context["object_list"]) == rows
    return len(queries)


def test_outbox_listing_query_count_does_not_grow(client, admin):
    client.force_login(admin)
    client.get(LIST_URL)  # warm the caches (content types, site)
    assert _listing_queries(client, 2) == _listing_queries(client, 20)


def test_outbox_resend_button_for_administrators_on_failed_rows(client, admin, manager):
    failed = outbound(1, status=Status.FAILED, attempts=5)
    outbound(2, status=Status.PENDING)

    client.force_login(admin)
    html = client.get(LIST_URL).content.decode()
    assert html.count('/renvoyer/"') == 1
    assert f'action="{resend_url(failed)}"' in html
    assert "csrfmiddlewaretoken" in html

    client.force_login(manager)
    assert '/renvoyer/"' not in client.get(LIST_URL).content.decode()


def test_outbox_resend_by_an_administrator_sends_the_email(
    client, admin, django_capture_on_commit_callbacks, mailoutbox
):
    failed = outbound(1, status=Status.FAILED, attempts=5)
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(failed))

    assert response.status_code == 302
    assert response["Location"] == LIST_URL
    failed.refresh_from_db()
    assert (failed.status, failed.attempts) == (Status.SENT, 6)
    assert [m.subject for m in mailoutbox] == ["[AAP-2026-001] Accusé de réception"]


def test_outbox_resend_requires_csrf(admin):
    failed = outbound(1, status=Status.FAILED, attempts=5)
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin)

    assert client.post(resend_url(failed)).status_code == 403
    assert OutboundEmail.objects.get().status == Status.FAILED


def test_outbox_resend_of_an_email_that_did_not_fail(client, admin, mailoutbox):
    sent = outbound(1, status=Status.SENT, attempts=1, sent_at=CREATED)
    client.force_login(admin)

    response = client.post(resend_url(sent), follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "Seul un courriel en échec peut être renvoyé."
    ]
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["manager", "reviewer"])
def test_outbox_resend_refused_to_others(client, role, request):
    failed = outbound(1, status=Status.FAILED, attempts=5)
    client.force_login(request.getfixturevalue(role))

    response = client.post(resend_url(failed))
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert OutboundEmail.objects.get().status == Status.FAILED


def test_outbox_resend_refuses_get(client, admin):
    failed = outbound(1, status=Status.FAILED, attempts=5)
    client.force_login(admin)
    assert client.get(resend_url(failed)).status_code == 405


def test_outbox_resend_after_a_corrected_template_lists_what_was_sent(
    client, admin, settings, email_templates, django_capture_on_commit_callbacks
):
    """The row shows the email as sent, rendered from the corrected template."""
    with django_capture_on_commit_callbacks(execute=False):
        email = email_enqueue(
            to=["porteur1@example.org"],
            template="_test",
            context={"reference": "AAP-2026-001", "at": CREATED, "name": "Camille"},
        )
    OutboundEmail.objects.filter(pk=email.pk).update(status=Status.FAILED)
    engine = settings.TEMPLATES[0]
    corrected = {
        "emails/_test/subject.txt": "[{{ reference }}] Accusé de réception",
        "emails/_test/body.txt": "Bonjour {{ name }}.",
    }
    settings.TEMPLATES = [
        {
            **engine,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", corrected),
                    *engine["OPTIONS"]["loaders"][1:],  # the admin's templates
                ],
            },
        }
    ]
    client.force_login(admin)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(resend_url(email))
    html = client.get(LIST_URL).content.decode()

    assert "[AAP-2026-001] Accusé de réception" in html
    assert "Dossier reçu" not in html
    assert OutboundEmail.objects.get(pk=email.pk).status == Status.SENT
