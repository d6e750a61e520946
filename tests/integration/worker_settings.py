"""Settings of the Celery worker that ``test_celery_worker.py`` starts: the test
settings, but tasks come from the broker and run for real, against the test
database pytest-django created and the test's folders.

The test passes everything through the environment: ``CELERY_BROKER_URL``,
``SILLON_TEST_DB_NAME`` (the test database), ``SILLON_TEST_CELERY_QUEUE`` (a queue
of its own, so that two test runs on one broker never take each other's tasks),
``SILLON_TEST_MEDIA_ROOT``, ``SILLON_TEST_PRIVATE_ROOT`` and
``SILLON_TEST_EMAIL_DIR`` (where the emails sent are written, one file each).
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
