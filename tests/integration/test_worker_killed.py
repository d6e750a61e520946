"""Fault: the worker is killed in the middle of a release of decision letters
(issue 13).

A real worker takes the release of six decisions; right after storing the
third letter (two letters notified, the third stored but its dossier not moved
and its applicant not told) it is killed with SIGKILL: no warm shutdown, no
acknowledgement. Its messages, acknowledged late (``CELERY_TASK_ACKS_LATE``),
stay with the broker, which hands them to the next worker once their
visibility timeout has passed. That worker finishes the batch: each decision
has one letter, numbered once; each dossier moved once; each applicant emailed
once. Needs PostgreSQL and Redis (``tests/integration/workers.py``).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import pytest
from django.core.files.storage import storages

from applications.models import Application
from core.enums import OutboundEmailStatus
from core.models import OutboundEmail
from reviews import services as reviews_services
from reviews.enums import ReleaseItemStatus
from reviews.models import DecisionLetter
from tests.integration.release import decided_call
from tests.integration.workers import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DOSSIERS = 6
KILLED_AFTER_LETTER = 3
# The second worker takes back the killed worker's messages after this long
# (production: an hour, ``CELERY_VISIBILITY_TIMEOUT``).
VISIBILITY_TIMEOUT = 5


def test_a_worker_killed_in_the_middle_of_a_release_loses_and_repeats_nothing(
    workers,
):
    call, manager, decisions = decided_call(dossiers=DOSSIERS)
    first = workers.start(SILLON_TEST_PAUSE_AFTER_LETTER=str(KILLED_AFTER_LETTER))
    batch = reviews_services.decisions_release(call=call, user=manager)

    wait_until(
        lambda: "Paused after letter" in first.log(),
        f"the worker stored its letter {KILLED_AFTER_LETTER} and paused",
        first,
    )
    items = batch.items.all()
    done_at_kill = items.filter(status=ReleaseItemStatus.DONE).count()
    assert (done_at_kill, DecisionLetter.objects.count()) == (
        KILLED_AFTER_LETTER - 1,
        KILLED_AFTER_LETTER,
    )
    first.kill()
    assert first.process.returncode == -9

    second = workers.start(SILLON_TEST_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT))

    def batch_done_and_emails_sent() -> bool:
        sent = OutboundEmail.objects.filter(
            template__startswith="decision_", status=OutboundEmailStatus.SENT
        )
        return (
            items.filter(status=ReleaseItemStatus.DONE).count() == DOSSIERS
            and sent.count() == DOSSIERS
        )

    wait_until(
        batch_done_and_emails_sent,
        "the second worker finished the batch and sent its emails",
        second,
        timeout=120,
    )

    # The second worker ran the release items the first had received and not
    # acknowledged, the killed one included.
    taken_back = re.findall(
        r"Task reviews\.release_item\[[-0-9a-f]+\] received", second.log()
    )
    assert len(taken_back) >= DOSSIERS - done_at_kill
    # One letter per decision, numbered once, stored whole.
    letters = list(DecisionLetter.objects.order_by("sequence"))
    assert sorted(letter.decision_id for letter in letters) == sorted(
        decision.pk for decision in decisions
    )
    assert [letter.sequence for letter in letters] == list(range(1, DOSSIERS + 1))
    for letter in letters:
        stored = storages["private"].open(letter.file.name, "rb").read()
        assert hashlib.sha256(stored).hexdigest() == letter.sha256
        assert letter.notified_at is not None
    # Each item processed once, each dossier moved once.
    assert list(items.values_list("attempts", flat=True)) == [1] * DOSSIERS
    states = Counter(
        Application.objects.filter(decision__in=decisions).values_list(
            "state", flat=True
        )
    )
    assert states == {"accepted": 4, "rejected": 2}
    # Each applicant emailed once (one message to the dossier's members), by a
    # worker.
    queued = OutboundEmail.objects.filter(template__startswith="decision_")
    assert queued.count() == DOSSIERS
    messages = [
        message
        for message in workers.sent_messages()
        if "Décision" in message["Subject"]
    ]
    received = Counter(
        address.addr_spec for message in messages for address in message["To"].addresses
    )
    porteurs = {f"porteur-{number}@example.org" for number in range(1, DOSSIERS + 1)}
    assert len(messages) == DOSSIERS
    assert {address: received[address] for address in porteurs} == dict.fromkeys(
        porteurs, 1
    )
