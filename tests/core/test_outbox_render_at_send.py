"""Emails are rendered again from their template when sent: a corrected template,
or a corrected record, reaches the emails still waiting; when that cannot be
done, the text rendered at enqueue is sent."""

import logging
import uuid
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils.safestring import SafeString, mark_safe

from core.email_context import ContextGone, context_dump, context_load
from core.enums import OutboundEmailStatus as Status
from core.models import OutboundEmail
from core.outbox import email_enqueue, email_send
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SUBJECT = "[{{ reference }}] Dossier de {{ user.first_name }}"
BODY = (
    "Bonjour {{ user.first_name }},\n"
    "Montant : {{ amount }} au {{ due|date:'j F Y' }}.\n"
)
HTML = "<p>{{ note }}</p>"
ENQUEUED = (
    "[AAP-2026-001] Dossier de Camille",
    "Bonjour Camille,\nMontant : 12500,00 au 15 janvier 2027.\n",
    "<p><b>Urgent</b></p>",
)


def use_templates(settings, **bodies: str) -> None:
    """The ``_render`` email with the given ``subject``, ``body`` and ``html``,
    held in memory: called again, it stands for a corrected template."""
    files = {"subject": SUBJECT, "body": BODY, "html": HTML, **bodies}
    names = {"subject": "subject.txt", "body": "body.txt", "html": "body.html"}
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {f"emails/_render/{names[k]}": v for k, v in files.items()},
                    )
                ],
            },
        }
    ]


@pytest.fixture
def user():
    return UserFactory(username="camille", first_name="Camille", last_name="Martin")


@pytest.fixture
def waiting(settings, user, django_capture_on_commit_callbacks):
    """Enqueue the ``_render`` email, left unsent (its transaction's commit is
    not run); returns a function doing so with more context."""
    use_templates(settings)

    def enqueue(**context):
        with django_capture_on_commit_callbacks(execute=False):
            return email_enqueue(
                to=["camille@example.org"],
                template="_render",
                context={
                    "reference": "AAP-2026-001",
                    "user": user,
                    "amount": Decimal("12500.00"),
                    "due": date(2027, 1, 15),
                    "note": mark_safe("<b>Urgent</b>"),
                    **context,
                },
            )

    return enqueue


def sent(email, mailoutbox):
    """Send ``email``; its row, and the message as ``(subject, body, html)``."""
    email_send(email_id=email.pk)
    row = OutboundEmail.objects.get(pk=email.pk)
    assert row.status == Status.SENT
    [message] = mailoutbox
    [(html, _mimetype)] = message.alternatives or [("", None)]
    return row, (message.subject, message.body, html)


def test_email_enqueue_keeps_the_context_and_the_language(waiting, user):
    email = waiting()

    row = OutboundEmail.objects.get(pk=email.pk)
    assert (row.subject, row.body, row.body_html) == ENQUEUED
    assert row.language == "fr"
    assert row.context_data == {
        "reference": "AAP-2026-001",
        "user": {"__model__": user._meta.label_lower, "pk": user.pk},
        "amount": {"__decimal__": "12500.00"},
        "due": {"__date__": "2027-01-15"},
        "note": {"__safe__": "<b>Urgent</b>"},
    }


def test_email_send_renders_the_corrected_template(waiting, settings, mailoutbox):
    email = waiting()
    use_templates(
        settings,
        subject="[{{ reference }}] Votre dossier",
        body="Madame, Monsieur,\nMontant accordé : {{ amount }} €.\n",
        html="<p>Corrigé : {{ note }}</p>",
    )

    row, message = sent(email, mailoutbox)

    corrected = (
        "[AAP-2026-001] Votre dossier",
        "Madame, Monsieur,\nMontant accordé : 12500,00 €.\n",
        "<p>Corrigé : <b>Urgent</b></p>",
    )
    assert message == corrected
    assert (row.subject, row.body, row.body_html) == corrected


def test_email_send_reads_the_records_again(waiting, user, mailoutbox):
    email = waiting()
    get_user_model().objects.filter(pk=user.pk).update(first_name="Camille-Anne")

    row, (subject, body, _html) = sent(email, mailoutbox)

    assert subject == row.subject == "[AAP-2026-001] Dossier de Camille-Anne"
    assert (
        body
        == row.body
        == ("Bonjour Camille-Anne,\nMontant : 12500,00 au 15 janvier 2027.\n")
    )


def test_email_send_renders_in_the_stored_language(waiting, settings, mailoutbox):
    with_language = "{% load i18n %}{% get_current_language as lang %}[{{ lang }}] "
    use_templates(settings, subject=with_language + SUBJECT)
    email = waiting()  # in French, the default
    OutboundEmail.objects.filter(pk=email.pk).update(language="en")
    use_templates(settings, subject=with_language + "Corrigé")

    row, (subject, _body, _html) = sent(email, mailoutbox)

    assert subject == row.subject == "[en] Corrigé"


def test_email_send_with_a_deleted_record_sends_the_enqueued_text(
    waiting, settings, user, mailoutbox, caplog
):
    email = waiting()
    use_templates(settings, subject="Corrigé")
    label, pk = user._meta.label_lower, user.pk
    user.delete()

    with caplog.at_level(logging.WARNING, logger="core.outbox"):
        row, message = sent(email, mailoutbox)

    assert message == ENQUEUED
    assert (row.subject, row.body, row.body_html) == ENQUEUED
    assert [r.getMessage() for r in caplog.records] == [
        f"Outbound email {email.pk} not rendered again, its enqueued text is sent: "
        f"ContextGone: {label} {pk} no longer exists."
    ]


def test_email_send_with_a_broken_template_sends_the_enqueued_text(
    waiting, settings, mailoutbox, caplog
):
    email = waiting()
    use_templates(settings, body='{% include "emails/missing.txt" %}')

    with caplog.at_level(logging.WARNING, logger="core.outbox"):
        row, message = sent(email, mailoutbox)

    assert message == ENQUEUED
    assert (row.subject, row.body, row.body_html) == ENQUEUED
    [record] = caplog.records
    assert record.getMessage().endswith("TemplateDoesNotExist: emails/missing.txt")


def test_email_send_with_a_too_long_subject_sends_the_enqueued_text(
    waiting, settings, mailoutbox
):
    email = waiting()
    use_templates(settings, subject="x" * 999)

    row, message = sent(email, mailoutbox)

    assert message == ENQUEUED
    assert row.subject == ENQUEUED[0]


@pytest.mark.parametrize(
    "value",
    [
        {"a", "b"},  # no order to keep
        object(),
        {1: "a key that is not a string"},
        float("nan"),
    ],
    ids=["set", "object", "int-key", "nan"],
)
def test_email_with_an_unserialisable_context_sends_the_enqueued_text(
    waiting, settings, mailoutbox, value
):
    email = waiting(extra=value)
    use_templates(settings, subject="Corrigé")

    assert OutboundEmail.objects.get(pk=email.pk).context_data is None
    row, message = sent(email, mailoutbox)
    assert message == ENQUEUED
    assert (row.subject, row.body, row.body_html) == ENQUEUED


def test_email_with_an_unsaved_record_keeps_no_context(waiting):
    email = waiting(other=get_user_model()(username="brouillon"))
    assert OutboundEmail.objects.get(pk=email.pk).context_data is None


def test_email_with_a_change_not_saved_keeps_no_context(waiting, user):
    """Read back, the context would render another email than the one enqueued:
    it is not kept, and the enqueued text is sent."""
    user.first_name = "Pas encore enregistré"
    email = waiting()
    row = OutboundEmail.objects.get(pk=email.pk)
    assert row.subject == "[AAP-2026-001] Dossier de Pas encore enregistré"
    assert row.context_data is None


def test_context_round_trip_keeps_every_kept_type(user):
    context = {
        "at": datetime(2026, 11, 22, 13, 5, 27, tzinfo=UTC),
        "day": date(2027, 1, 15),
        "hour": time(9, 30),
        "amount": Decimal("0.50"),
        "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "users": (user, user),
        "nested": {"list": [1, 2.5, True, None, "texte"]},
        "looks_tagged": {"__date__": "not a date", "__model__": "x"},
        "wrapped": {"__dict__": {"pk": 1}},
    }

    data = context_dump(context)
    loaded = context_load(data)

    assert data["users"] == [{"__model__": user._meta.label_lower, "pk": user.pk}] * 2
    assert data["looks_tagged"] == {
        "__dict__": {"__date__": "not a date", "__model__": "x"}
    }
    assert loaded == {**context, "users": [user, user]}
    assert type(loaded["at"]) is datetime
    assert type(loaded["amount"]) is Decimal
    assert str(loaded["amount"]) == "0.50"
    assert isinstance(loaded["users"][0], get_user_model())
    assert type(context_load(context_dump({"s": SafeString("<b>")}))["s"]) is (
        SafeString
    )


def test_context_load_of_a_deleted_record_raises(user):
    data = context_dump({"user": user})
    user.delete()
    with pytest.raises(ContextGone):
        context_load(data)
