"""Background work is real: a Celery worker process, fed by a Redis broker, does
the work the services queue, against the committed rows of the test database.

Each test gets a fresh worker (``celery -A config worker --pool=solo``) started
with ``tests.integration.worker_settings``: the test settings, not eager, on the test
database, the test's file folders and a queue of its own, emails written to
files. In the test process eager Celery is off for the duration, so
``transaction.on_commit`` sends the tasks to the broker as in production. The
test then polls the database (``TIMEOUT`` seconds at most) until the worker's
work is there.

Needs PostgreSQL (the worker is another process: it must see the committed rows;
SQLite's test database is in memory) and a reachable broker in
``CELERY_BROKER_URL``. Without them the tests skip, unless
``SILLON_REQUIRE_WORKER`` is set (``.ci/run`` sets it for its PostgreSQL + Redis
run), in which case they fail.

One flow, one test function, each asking for the ``worker`` fixture: the
submission (its receipt), and the release of a call's decisions
(``decisions_release``: letters rendered by the worker, each applicant emailed
once).
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import os
import re
import signal
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.db import connection
from kombu import Connection, Exchange, Queue

from applications.enums import ApplicationState
from applications.models import Application, ApplicationVersion
from config.celery import app as celery_app
from core.enums import OutboundEmailStatus
from core.models import OutboundEmail
from reviews import services as reviews_services
from reviews.enums import ReleaseItemStatus
from reviews.models import DecisionLetter
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    ManagerFactory,
    MembershipFactory,
    OrganisationFactory,
    ReviewerFactory,
    UserFactory,
    assign,
    drive_to,
    submitted_review,
    under_review,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROOT = Path(__file__).resolve().parents[2]
# The longest a test waits: for the worker to start, then for its work.
TIMEOUT = 60.0
# After SIGTERM, the worker has this long to finish before it is killed.
STOP_GRACE = 15.0
# Starts `celery` in a process that Linux kills if pytest dies without running
# its finalisers (prctl's parent-death signal, which exec keeps).
CELERY_LAUNCHER = """
import ctypes, os, signal, sys
if sys.platform == "linux":
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
os.execv(sys.executable, [sys.executable, "-m", "celery", *sys.argv[1:]])
"""


def unavailable(reason: str) -> None:
    """Skip, or fail when CI requires the worker test to run."""
    if os.environ.get("SILLON_REQUIRE_WORKER"):
        pytest.fail(f"{reason} (SILLON_REQUIRE_WORKER is set)")
    pytest.skip(reason)


def broker_problem(url: str) -> str | None:
    """Why the broker at ``url`` cannot be used, or ``None`` if it answers."""
    if not url:
        return "CELERY_BROKER_URL is not set: no broker for a worker"
    try:
        with Connection(url, connect_timeout=3) as broker:
            broker.ensure_connection(max_retries=1, timeout=5)
    except Exception as exc:
        return f"The broker at {url} does not answer: {type(exc).__name__}: {exc}"
    return None


def forget_queue(url: str, queue: str) -> None:
    """Remove a test's queue and its bindings, which Redis would keep forever."""
    with Connection(url, connect_timeout=3) as broker:
        try:
            bound = Queue(queue, Exchange(queue), routing_key=queue)(
                broker.default_channel
            )
            bound.declare()  # the channel learns the bindings it is to remove
            bound.delete()
        except (*broker.connection_errors, *broker.channel_errors) as exc:
            warnings.warn(f"Queue {queue} left on the broker: {exc}", stacklevel=1)


def wait_until(
    condition: Callable[[], bool],
    what: str,
    worker: Worker,
    timeout: float = TIMEOUT,
) -> None:
    """Poll ``condition`` until it holds; fail with the worker's log otherwise."""
    deadline = time.monotonic() + timeout
    while not condition():
        if worker.process.poll() is not None:
            pytest.fail(
                f"The worker stopped (exit code {worker.process.returncode}) "
                f"before {what}.\n{worker.log_tail()}"
            )
        if time.monotonic() > deadline:
            pytest.fail(
                f"Not done within {timeout:.0f} s: {what}.\n{worker.log_tail()}"
            )
        time.sleep(0.2)


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path
    email_dir: Path
    queue: str

    def log(self) -> str:
        """The worker's output so far (WeasyPrint logs every PDF it draws)."""
        return self.log_path.read_text(errors="replace")

    def log_tail(self) -> str:
        return f"--- worker log ({self.log_path}), end ---\n{self.log()[-6000:]}"

    def sent_messages(self) -> list[email.message.EmailMessage]:
        """The emails the worker sent, parsed from the file backend's files."""
        separator = b"\n" + b"-" * 79 + b"\n"
        messages = []
        for path in sorted(self.email_dir.iterdir()):
            for raw in path.read_bytes().split(separator):
                if raw.strip():
                    messages.append(
                        email.message_from_bytes(raw, policy=email.policy.default)
                    )
        return messages

    def stop(self) -> None:
        """SIGTERM (Celery's warm shutdown), then SIGKILL if it lingers."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                return
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=STOP_GRACE)


@pytest.fixture
def worker(transactional_db, settings, tmp_path) -> Iterator[Worker]:
    """A real Celery worker on the test database, and eager Celery off here.

    Asks for ``transactional_db`` so that the worker is stopped before the
    database is flushed. Uses the folders of ``tests/conftest.py``'s ``_media_root``.
    """
    if connection.vendor != "postgresql":
        unavailable(
            "The worker test needs PostgreSQL (DATABASE_URL): a worker process "
            f"cannot see the rows of this {connection.vendor} test database"
        )
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    problem = broker_problem(broker_url)
    if problem:
        unavailable(problem)

    queue = f"sillon-test-{uuid.uuid4().hex[:12]}"
    email_dir = tmp_path / "sent-emails"
    email_dir.mkdir()
    log_path = tmp_path / "worker.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
        "CELERY_BROKER_URL": broker_url,
        "SILLON_TEST_DB_NAME": connection.settings_dict["NAME"],
        "SILLON_TEST_CELERY_QUEUE": queue,
        "SILLON_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SILLON_TEST_PRIVATE_ROOT": str(
            settings.STORAGES["private"]["OPTIONS"]["location"]
        ),
        "SILLON_TEST_EMAIL_DIR": str(email_dir),
        "PYTHONUNBUFFERED": "1",  # its log is read while it runs
    }
    command = [
        sys.executable,
        "-c",
        CELERY_LAUNCHER,
        "-A",
        "config",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=info",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        f"--hostname={queue}@%h",
    ]
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    started = Worker(process, log_path, email_dir, queue)

    saved = {
        key: celery_app.conf[key] for key in ("task_always_eager", "task_default_queue")
    }
    try:
        wait_until(
            lambda: b" ready." in log_path.read_bytes(), "the worker started", started
        )
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_default_queue = queue
        yield started
    finally:
        celery_app.conf.update(saved)
        started.stop()
        forget_queue(broker_url, queue)


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


def test_a_submission_gets_its_receipt_and_email_from_the_worker(worker):
    version = submit_a_dossier(worker)

    stored = storages["private"].open(version.receipt.name, "rb").read()
    assert stored.startswith(b"%PDF-")
    assert hashlib.sha256(stored).hexdigest() == version.receipt_sha256
    sent = OutboundEmail.objects.get(dedup_key=f"receipt:{version.pk}")
    assert sent.to == ["zoe.martin@example.org"]
    assert sent.attempts == 1
    # The worker sent it (its file backend), with the stored receipt attached;
    # nothing ran in this process, whose eager tasks would have used locmem.
    [message] = worker.sent_messages()
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


def decided_call():
    """A call whose three dossiers are reviewed and decided (accepted, accepted
    with conditions, rejected) through the services, nothing released."""
    call = CallFactory(min_reviews=1)
    criterion = CriterionFactory(call=call, label="Gouvernance", max_score=4)
    manager = ManagerFactory(username="gestionnaire-rel", authority=call.authority)
    reviewer = ReviewerFactory(username="instructeur-rel", authority=call.authority)
    outcomes = (
        {"outcome": "accepted", "amount": "150000"},
        {
            "outcome": "accepted_with_conditions",
            "amount": "90000",
            "motivation": "Charte de gouvernance à signer.",
            "conditions": ["Signer la charte de gouvernance."],
        },
        {"outcome": "rejected", "motivation": "Territoire non couvert."},
    )
    decisions = []
    for number, fields in enumerate(outcomes, start=1):
        organisation = OrganisationFactory(name=f"Porteur {number}")
        MembershipFactory(
            organisation=organisation,
            user=UserFactory(
                username=f"porteur-{number}", email=f"porteur-{number}@example.org"
            ),
        )
        dossier = under_review(call, manager=manager, organisation=organisation)
        submitted_review(assign(dossier, reviewer, manager), {criterion.pk: 3})
        reviews_services.application_complete_review(application=dossier, user=manager)
        dossier.refresh_from_db()
        decisions.append(
            reviews_services.decision_record(
                application=dossier, user=manager, **fields
            )
        )
    return call, manager, decisions


def test_a_release_is_done_by_the_worker(worker):
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
        for message in worker.sent_messages()
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
