"""Fault: the mail server is down (issue 13).

A real SMTP client (Django's SMTP backend) talks to 127.0.0.1: first to a port
where nothing listens (connection refused), then to a real SMTP server
(aiosmtpd) started on that same port. The user's action succeeds with its usual
message, the email waits in the outbox with its error, and the beat's retry
delivers it exactly once.
"""

from __future__ import annotations

import socket
from datetime import timedelta

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.urls import reverse
from django.utils import timezone

from core.enums import OutboundEmailStatus as Status
from core.models import OutboundEmail
from core.outbox import STALE_PENDING_AFTER, outbox_requeue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Mailbox:
    """The SMTP server's handler: keeps every message it accepts."""

    def __init__(self):
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_port(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return port


def test_an_email_queued_while_smtp_is_down_is_sent_once_when_it_is_back(
    client, smtp_port, django_capture_on_commit_callbacks
):
    user = UserFactory(email="directrice@chu-exemple.fr")

    # SMTP down: the user's request still ends with its usual answer.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("password_reset"), {"email": "directrice@chu-exemple.fr"}
        )
    assert response.status_code == 302
    assert response.url == reverse("password_reset_done")
    email = OutboundEmail.objects.get(to=[user.email])
    assert email.status in (Status.PENDING, Status.FAILED)
    assert email.attempts >= 1
    assert "Connection refused" in email.last_error or "Errno" in email.last_error

    # The server comes back; the beat's next retry (every ten minutes: the row
    # is then older than its task's backoff) sends the email, once.
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    later = timezone.now() + STALE_PENDING_AFTER + timedelta(minutes=1)
    try:
        with time_machine.travel(later, tick=False):
            with django_capture_on_commit_callbacks(execute=True):
                assert outbox_requeue() == [email.pk]
            with django_capture_on_commit_callbacks(execute=True):
                assert outbox_requeue() == []
    finally:
        controller.stop()

    email.refresh_from_db()
    assert email.status == Status.SENT
    assert [recipients for recipients, _content in mailbox.messages] == [
        ["directrice@chu-exemple.fr"]
    ]
    assert (
        b"mot de passe" in mailbox.messages[0][1].lower()
        or b"mot-de-passe" in (mailbox.messages[0][1])
    )
