"""State emails: subject, recipients and body of each event, and the thread entry."""

from datetime import UTC, datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.test import TestCase

from applications.emails import event_email_enqueue
from applications.enums import ApplicationState, MessageKind
from applications.models import Application, Message
from core.enums import OutboundEmailStatus
from core.models import OutboundEmail
from organisations.enums import MembershipStatus
from tests.factories import (
    AuthorityFactory,
    ManagerFactory,
    MembershipFactory,
    ReviewerFactory,
    UserFactory,
)

APPLICANTS = ["alex.le-gall@example.org", "zoe.martin@example.org"]
REF = "AAC-2026-BRE-MAV-0001"


def send_event_email(**kwargs) -> Message | None:
    """The event's email written to the outbox, then sent as after the commit."""
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return event_email_enqueue(**kwargs)


def in_state(application: Application, state: str, **fields) -> Application:
    """The dossier put in ``state`` (the FSM field refuses direct assignment)."""
    Application.objects.filter(pk=application.pk).update(state=state, **fields)
    return Application.objects.select_related("call__authority", "organisation").get(
        pk=application.pk
    )


@pytest.fixture
def managers(authority):
    """Two managers of the authority, plus staff who must not be told."""
    ManagerFactory(username="yann.manager", authority=authority)
    ManagerFactory(username="anne.manager", authority=authority)
    ReviewerFactory(username="reviewer", authority=authority)  # staff, not a manager
    ManagerFactory(username="other.manager", authority=AuthorityFactory())
    return ["anne.manager@example.org", "yann.manager@example.org"]


def assert_recorded(application: Application, email) -> None:
    [message] = Message.objects.filter(application=application)
    assert (message.subject, message.body) == (email.subject, email.body)
    assert (message.kind, message.from_staff, message.author) == (
        MessageKind.NOTIFICATION,
        True,
        None,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("event", "state", "fields", "subject", "body_line"),
    [
        (
            "complements_requested",
            ApplicationState.COMPLEMENTS_REQUESTED,
            {
                "complements_message": "Joindre le budget signé.",
                "complements_due_at": datetime(2026, 12, 15, 11, 0, tzinfo=UTC),
            },
            f"[{REF}] Compléments demandés pour votre dossier",
            "Merci de les transmettre avant le 15 décembre 2026 à 12:00 (heure de "
            "Paris), depuis votre espace porteur : complétez le dossier, puis "
            "transmettez-le à nouveau.",
        ),
        (
            "review_started",
            ApplicationState.UNDER_REVIEW,
            {},
            f"[{REF}] Votre dossier est en cours d'instruction",
            "Il ne peut plus être modifié. Vous serez informé de la décision par "
            "ce même canal.",
        ),
    ],
)
def test_applicant_event_goes_to_the_active_members(
    application, event, state, fields, subject, body_line
):
    application = in_state(application, state, **fields)

    message = send_event_email(application=application, event=event)

    [email] = mail.outbox
    assert email.subject == subject
    assert email.to == APPLICANTS
    assert email.reply_to == ["ars-bretagne-appels@example.org"]
    lines = email.body.splitlines()
    assert body_line in lines
    assert (
        "Vous pouvez suivre votre dossier dans votre espace porteur : "
        "http://testserver/espace/" in lines
    )
    assert message == Message.objects.get()
    assert_recorded(application, email)


@pytest.mark.django_db
def test_complements_requested_body_quotes_the_message(application):
    application = in_state(
        application,
        ApplicationState.COMPLEMENTS_REQUESTED,
        complements_message="Joindre le budget signé.\nPréciser le calendrier.",
        complements_due_at=datetime(2026, 7, 1, 8, 30, tzinfo=UTC),
    )

    send_event_email(application=application, event="complements_requested")

    body = mail.outbox[0].body
    assert "\n\nJoindre le budget signé.\nPréciser le calendrier.\n\n" in body
    assert "avant le 1 juillet 2026 à 10:30 (heure de Paris)" in body


@pytest.mark.django_db
def test_submitted_email_carries_the_version_and_attachments(version):
    stored = storages["private"].save("receipts/accuse.pdf", ContentFile(b"%PDF-1.7"))
    send_event_email(
        application=version.application,
        event="submitted",
        context={"version": version},
        attachments=[
            {
                "storage": "private",
                "name": stored,
                "filename": "accuse.pdf",
                "mimetype": "application/pdf",
            }
        ],
    )

    [email] = mail.outbox
    assert email.subject == f"[{REF}] Accusé de réception de votre dossier (version 1)"
    assert email.to == APPLICANTS
    assert email.attachments == [("accuse.pdf", b"%PDF-1.7", "application/pdf")]
    assert "Reçue le : 22 novembre 2026 à 14:05 (heure de Paris)" in (
        email.body.splitlines()
    )
    assert_recorded(version.application, email)


@pytest.mark.django_db
def test_applicant_recipients_skip_pending_inactive_and_empty_emails(
    application, organisation
):
    MembershipFactory(
        organisation=organisation, user=UserFactory(username="no-email", email="")
    )
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="gone", email="gone@example.org", is_active=False),
    )
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="homonym", email="zoe.martin@example.org"),
    )
    MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="waiting", email="waiting@example.org"),
        status=MembershipStatus.PENDING,
    )

    send_event_email(
        application=in_state(application, ApplicationState.UNDER_REVIEW),
        event="review_started",
    )

    assert mail.outbox[0].to == APPLICANTS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("event", "state", "fields", "subject", "body_line"),
    [
        (
            "complements_provided",
            ApplicationState.SUBMITTED,
            {},
            f"[{REF}] Compléments reçus",
            "Le dossier est de nouveau à l'état « déposé » : vous pouvez poursuivre "
            "l'examen de sa recevabilité.",
        ),
        (
            "withdrawn",
            ApplicationState.WITHDRAWN,
            {
                "withdrawal_reason": "Projet reporté à 2028.",
                "withdrawn_at": datetime(2026, 11, 30, 9, 15, tzinfo=UTC),
            },
            f"[{REF}] Dossier retiré par le porteur",
            "Projet reporté à 2028.",
        ),
    ],
)
def test_manager_event_goes_to_the_authoritys_managers(
    application, managers, event, state, fields, subject, body_line
):
    application = in_state(application, state, **fields)

    send_event_email(application=application, event=event)

    [email] = mail.outbox
    assert email.subject == subject
    assert email.to == managers
    lines = email.body.splitlines()
    assert body_line in lines
    assert (
        "Le dossier est consultable dans l'administration : "
        "http://testserver/admin/" in lines
    )
    assert_recorded(application, email)


@pytest.mark.django_db
def test_withdrawn_body_names_the_organisation_and_the_time(application, managers):
    application = in_state(
        application,
        ApplicationState.WITHDRAWN,
        withdrawal_reason="Projet reporté.",
        withdrawn_at=datetime(2026, 11, 30, 9, 15, tzinfo=UTC),
    )

    send_event_email(application=application, event="withdrawn")

    assert mail.outbox[0].body.splitlines()[2] == (
        "Centre hospitalier de Cornouaille a retiré le dossier "
        f"{REF} « Maison d'accompagnement du pays de Quimper » (appel à "
        "candidatures AAC-2026-BRE-MAV « Maison d'accompagnement à la fin de vie ») "
        "le 30 novembre 2026 à 10:15 (heure de Paris)."
    )


@pytest.mark.django_db
def test_manager_event_without_managers_goes_to_the_authority(application, authority):
    ReviewerFactory(username="reviewer", authority=authority)  # not a manager
    application = in_state(
        application, ApplicationState.WITHDRAWN, withdrawal_reason="Projet reporté."
    )

    send_event_email(application=application, event="withdrawn")

    assert mail.outbox[0].to == ["ars-bretagne-appels@example.org"]
    assert_recorded(application, mail.outbox[0])


@pytest.mark.django_db
def test_unknown_event_is_refused(application):
    with pytest.raises(ValueError, match="Unknown dossier event: 'accepted'"):
        send_event_email(application=application, event="accepted")

    assert mail.outbox == []
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_sending_failure_keeps_the_email_for_a_retry(application):
    application = in_state(application, ApplicationState.UNDER_REVIEW)

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("421")):
        send_event_email(application=application, event="review_started")

    assert mail.outbox == []
    email = OutboundEmail.objects.get()
    assert (email.status, email.attempts, email.last_error) == (
        OutboundEmailStatus.PENDING,
        1,
        "OSError: 421",
    )
    assert email.context_ref == f"applications.application:{application.pk}"
    assert Message.objects.get().subject == email.subject


@pytest.mark.django_db
def test_nothing_is_sent_when_the_change_rolls_back(application):
    application = in_state(application, ApplicationState.UNDER_REVIEW)

    with TestCase.captureOnCommitCallbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            event_email_enqueue(application=application, event="review_started")
            raise RuntimeError("the change failed")

    assert mail.outbox == []
    assert not OutboundEmail.objects.exists()
    assert not Message.objects.exists()


@pytest.mark.django_db
def test_same_dedup_key_records_and_sends_once(application):
    application = in_state(application, ApplicationState.UNDER_REVIEW)

    for _ in range(2):
        send_event_email(
            application=application, event="review_started", dedup_key="once"
        )

    assert len(mail.outbox) == 1
    assert Message.objects.count() == 1
