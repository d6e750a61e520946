"""Real Celery workers for the tests: started as processes on the test
database, fed by the Redis broker of ``CELERY_BROKER_URL``, stopped (or killed)
by the test.

``workers_for_test`` makes a test's ``Workers``: a queue of its own, a folder for
the emails its workers send, and ``Workers.start()`` for each worker it needs
(one for most tests; two when the first is killed in the middle of its work).
Each worker runs ``celery -A config worker --pool=solo`` with
``tests.integration.worker_settings``: the test settings, not eager, on the test
database and the test's file folders, emails written to files. In the test
process eager Celery is off while the workers live, so ``transaction.on_commit``
sends the tasks to the broker as in production.

Needs PostgreSQL (a worker is another process: it must see the committed rows;
SQLite's test database is in memory) and a reachable broker. Without them the
tests skip, unless ``SILLON_REQUIRE_WORKER`` is set (``.ci/run`` sets it for its
PostgreSQL + Redis run), in which case they fail.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import signal
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection
from kombu import Connection, Exchange, Queue

from config.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
# The longest a test waits: for a worker to start, then for its work.
TIMEOUT = 60.0
# After SIGTERM, a worker has this long to finish before it is killed.
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
    """Skip, or fail when CI requires the worker tests to run."""
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
    interval: float = 0.2,
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
        time.sleep(interval)


@dataclass
class Worker:
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        """The worker's output so far (WeasyPrint logs every PDF it draws)."""
        return self.log_path.read_text(errors="replace")

    def log_tail(self) -> str:
        return f"--- worker log ({self.log_path}), end ---\n{self.log()[-6000:]}"

    def stop(self) -> None:
        """SIGTERM (Celery's warm shutdown), then SIGKILL if it lingers."""
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.poll() is not None:
                return
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=STOP_GRACE)

    def kill(self) -> None:
        """SIGKILL, at once: the worker dies in the middle of what it does,
        acknowledging nothing (a lost machine, the kernel's OOM killer)."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=STOP_GRACE)


@dataclass
class Workers:
    """A test's workers: its queue, its folders, the workers it started."""

    broker_url: str
    queue: str
    folder: Path
    media_root: Path
    private_root: Path
    started: list[Worker] = field(default_factory=list)

    @property
    def email_dir(self) -> Path:
        return self.folder / "sent-emails"

    def start(self, **settings: str) -> Worker:
        """A new worker on the test's queue, ready; ``settings`` are extra
        ``SILLON_TEST_*`` variables for ``worker_settings``."""
        number = len(self.started) + 1
        log_path = self.folder / f"worker-{number}.log"
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
            "CELERY_BROKER_URL": self.broker_url,
            "SILLON_TEST_DB_NAME": connection.settings_dict["NAME"],
            "SILLON_TEST_CELERY_QUEUE": self.queue,
            "SILLON_TEST_MEDIA_ROOT": str(self.media_root),
            "SILLON_TEST_PRIVATE_ROOT": str(self.private_root),
            "SILLON_TEST_EMAIL_DIR": str(self.email_dir),
            "PYTHONUNBUFFERED": "1",  # its log is read while it runs
            **settings,
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
            f"--hostname={self.queue}-{number}@%h",
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
        worker = Worker(process, log_path)
        self.started.append(worker)
        wait_until(
            lambda: b" ready." in log_path.read_bytes(), "the worker started", worker
        )
        return worker

    def sent_messages(self) -> list[email.message.EmailMessage]:
        """The emails the workers sent, parsed from the file backend's files."""
        separator = b"\n" + b"-" * 79 + b"\n"
        messages = []
        for path in sorted(self.email_dir.iterdir()):
            for raw in path.read_bytes().split(separator):
                if raw.strip():
                    messages.append(
                        email.message_from_bytes(raw, policy=email.policy.default)
                    )
        return messages


@contextlib.contextmanager
def workers_for_test(settings, tmp_path: Path) -> Iterator[Workers]:
    """The test's ``Workers``, eager Celery off here while they live; every
    worker stopped and the queue removed at the end. Uses the folders of
    ``tests/conftest.py``'s ``_media_root``."""
    if connection.vendor != "postgresql":
        unavailable(
            "The worker tests need PostgreSQL (DATABASE_URL): a worker process "
            f"cannot see the rows of this {connection.vendor} test database"
        )
    broker_url = os.environ.get("CELERY_BROKER_URL", "")
    problem = broker_problem(broker_url)
    if problem:
        unavailable(problem)

    workers = Workers(
        broker_url=broker_url,
        queue=f"sillon-test-{uuid.uuid4().hex[:12]}",
        folder=tmp_path,
        media_root=Path(settings.MEDIA_ROOT),
        private_root=Path(settings.STORAGES["private"]["OPTIONS"]["location"]),
    )
    workers.email_dir.mkdir()
    saved = {
        key: celery_app.conf[key] for key in ("task_always_eager", "task_default_queue")
    }
    try:
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_default_queue = workers.queue
        yield workers
    finally:
        celery_app.conf.update(saved)
        for worker in workers.started:
            worker.stop()
        forget_queue(broker_url, workers.queue)
