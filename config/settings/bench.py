"""`make bench`: production-like serving (DEBUG off, WhiteNoise with hashed and
compressed static files, gunicorn) on 127.0.0.1, against a database of its own.

The database is SILLON_BENCH_DATABASE_URL: `bench` sets it to a PostgreSQL
database it creates beside DATABASE_URL's, or to a SQLite file under var/bench.
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, INSTALLED_APPS, STORAGES, database_from_url

DEBUG = False
SECRET_KEY = "bench-only-key"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

BENCH_DIR = BASE_DIR / "var" / "bench"
DATABASES = {
    "default": database_from_url(
        os.environ.get("SILLON_BENCH_DATABASE_URL")
        or f"sqlite:///{BENCH_DIR / 'bench.sqlite3'}",
        conn_max_age=60,
    )
}

STATIC_ROOT = BENCH_DIR / "static"
MEDIA_ROOT = BENCH_DIR / "media"
PRIVATE_MEDIA_ROOT = BENCH_DIR / "private"
STORAGES = {
    **STORAGES,
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
