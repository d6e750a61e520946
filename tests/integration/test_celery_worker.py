"""Background work is real: a Celery worker process, fed by a Redis broker, does
the work the services queue, against the committed rows of the test database.

Each test gets a fresh worker (``tests/integration/workers.py``: a real
``celery worker`` process on the test database, a queue of its own); the test
polls the database until the worker's work is there. Skipped without
PostgreSQL and a broker, unless ``SILLON_REQUIRE_WORKER`` is set.

One flow, one test function, each asking for the ``worker`` fixture: the
submission (its receipt), and the release of a call's decisions
(``decisions_release``: letters rendered by the worker, each applicant emailed
once).
"""

from __future__ import annotations

import hashlib
import re
import time

import pytest
from django.core import mail
from django.core.files.storage import storages

from applications.enums import ApplicationState
from applications.models import Application, ApplicationVersion
from core.enums import OutboundEmailStatus
from core.models import OutboundEmail
from reviews import services as reviews_services
from reviews.enums import ReleaseItemStatus
from reviews.models import DecisionLetter
from tests.factories import (
    ApplicationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    drive_to,
)
from tests.integration.release import decided_call
from tests.integration.workers import Worker, wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def submit_a_dossier(worker: Worker) -> ApplicationVersion:
    """An applicant submits a dossier; wait for the worker's receipt and email."""
    organisation = OrganisationFactory(name="Centre hospitalier de Cornouaille")
    applicant = MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="zoe.martin", email="zoe.martin@example.org"),
    ).user
    application = ApplicationFactory(organisation=organisation, created_by=applicant)

    application = drive_to(application, ApplicationState.SUBMITTED)

    version = ApplicationVersion.objects.get(application=application)
    wait_until(
        lambda: OutboundEmail.objects.filter(
            dedup_key=f"receipt:{version.pk}", status=OutboundEmailStatus.SENT
        ).exists(),
        "the receipt stored and its email sent",
        worker,
    )
    version.refresh_from_db()
    return version


def test_a_submission_gets_its_receipt_and_email_from_the_worker(worker, workers):
    version = submit_a_dossier(worker)

    stored = storages["private"].open(version.receipt.name, "rb").read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == version.receipt_sha256
    sent = OutboundEmail.objects.get(dedup_key=f"receipt:{version.pk}")
    assert sent.to == ["zoe.martin@example.org"]
    assert sent.attempts == 1
    # The worker sent it (its file backend), with the stored receipt attached;
    # nothing ran in this process, whose eager tasks would have used locmem.
    [message] = workers.sent_messages()
    assert message["To"] == "zoe.martin@example.org"
    assert message["Subject"].strip() == sent.subject
    [attachment] = message.iter_attachments()
    assert attachment.get_content() == stored
    assert mail.outbox == []


def test_the_worker_logs_each_task_it_runs(worker):
    submit_a_dossier(worker)

    for task in ("applications.receipt_generate", "core.send_email"):
        wait_until(
            lambda task=task: re.search(
                rf"Task {re.escape(task)}\[[-0-9a-f]+\] succeeded", worker.log()
            ),
            f"the worker logged that {task} succeeded",
            worker,
            timeout=5,
        )


def test_a_release_is_done_by_the_worker(worker, workers):
    """The call's decisions released: the worker stores each letter, moves each
    dossier and sends each applicant one email; releasing again sends nothing."""
    call, manager, decisions = decided_call()
    batch = reviews_services.decisions_release(call=call, user=manager)

    def letters_sent() -> bool:
        return (
            OutboundEmail.objects.filter(
                template__startswith="decision_", status=OutboundEmailStatus.SENT
            ).count()
            == 3
        )

    wait_until(letters_sent, "three letters stored and their emails sent", worker)
    assert set(batch.items.values_list("status", flat=True)) == {ReleaseItemStatus.DONE}
    letters = DecisionLetter.objects.filter(decision__in=decisions)
    assert len({letter.number for letter in letters}) == 3
    for letter in letters:
        stored = storages["private"].open(letter.file.name, "rb").read()
        assert hashlib.sha256(stored).hexdigest() == letter.sha256
    states = sorted(
        Application.objects.filter(decision__in=decisions).values_list(
            "state", flat=True
        )
    )
    assert states == ["accepted", "accepted", "rejected"]
    decision_messages = [
        message
        for message in workers.sent_messages()
        if "Décision" in message["Subject"]
    ]
    assert len(decision_messages) == 3
    for number in (1, 2, 3):
        assert any(
            f"porteur-{number}@example.org" in message["To"]
            for message in decision_messages
        )
    # Releasing again queues nothing and sends nothing twice.
    assert reviews_services.decisions_release(call=call, user=manager) == batch
    time.sleep(1)
    assert DecisionLetter.objects.count() == 3
    assert OutboundEmail.objects.filter(template__startswith="decision_").count() == 3
