"""Loaded by a test worker (``CELERY_IMPORTS``) when
``SILLON_TEST_PAUSE_AFTER_LETTER`` is N: once the worker's Nth decision letter
is committed, the worker sleeps, in the middle of its release item (the letter
stored, the dossier not moved, the applicant not told), until the test kills it.
"""

from __future__ import annotations

import logging
import os
import time
from itertools import count

from django.db import transaction
from django.db.models.signals import post_save

logger = logging.getLogger(__name__)
PAUSE_AFTER = int(os.environ["SILLON_TEST_PAUSE_AFTER_LETTER"])
_letters = count(1)


def _pause_after_nth_letter(sender, instance, created, **kwargs) -> None:
    if created and next(_letters) == PAUSE_AFTER:
        logger.warning("Paused after letter %s, waiting to be killed.", instance.number)
        transaction.on_commit(lambda: time.sleep(3600))


post_save.connect(
    _pause_after_nth_letter,
    sender="reviews.DecisionLetter",
    weak=False,
    dispatch_uid="sillon-test-pause",
)
