"""Settings of the Celery workers the worker tests start (``workers.py``): the test
settings, but tasks come from the broker and run for real, against the test
database pytest-django created and the test's folders.

The test passes everything through the environment: ``CELERY_BROKER_URL``,
``SILLON_TEST_DB_NAME`` (the test database), ``SILLON_TEST_CELERY_QUEUE`` (a queue
of its own, so that two test runs on one broker never take each other's tasks),
``SILLON_TEST_MEDIA_ROOT``, ``SILLON_TEST_PRIVATE_ROOT`` and
``SILLON_TEST_EMAIL_DIR`` (where the emails sent are written, one file each);
optionally ``SILLON_TEST_VISIBILITY_TIMEOUT`` and ``SILLON_TEST_PAUSE_AFTER_LETTER``
(below).
"""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403
from config.settings.test import DATABASES, STORAGES

CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("SILLON_TEST_CELERY_QUEUE", "celery")

DATABASES = {
    **DATABASES,
    "default": {**DATABASES["default"], "NAME": os.environ["SILLON_TEST_DB_NAME"]},
}

MEDIA_ROOT = Path(os.environ["SILLON_TEST_MEDIA_ROOT"])
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(os.environ["SILLON_TEST_PRIVATE_ROOT"])},
    },
}

EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["SILLON_TEST_EMAIL_DIR"]

# A worker that takes back, soon, what a killed worker had received and not
# acknowledged (``test_worker_killed.py``): in production the broker waits an
# hour (``CELERY_VISIBILITY_TIMEOUT``); here a few seconds, checked every second.
if os.environ.get("SILLON_TEST_VISIBILITY_TIMEOUT"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ["SILLON_TEST_VISIBILITY_TIMEOUT"]),
        "unacked_restore_interval": 1,
    }
    CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# A worker that stops, for good, right after storing its Nth decision letter
# (``worker_pause.py``), so that the test kills it there.
if os.environ.get("SILLON_TEST_PAUSE_AFTER_LETTER"):
    CELERY_IMPORTS = ("tests.integration.worker_pause",)
