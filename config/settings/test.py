"""Test settings: fast hashing, in-memory mail and cache, eager Celery."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
ALLOWED_HOSTS = ["*"]
# WhiteNoise finds the static files in the apps' folders, as runserver does: no
# collectstatic before the tests (the live server of the browser tests uses it).
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Rate limits count in a database table: each test's transaction rolls them back.
CACHES["ratelimit"] = RATELIMIT_DATABASE_CACHE  # noqa: F405
# The page cache outlives each test's database: the tests that need it turn it
# on (tests/cms/test_page_cache.py), on Redis when CACHE_URL is set.
PAGE_CACHE_ENABLED = False
CACHES["pages"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["CACHE_URL"],
        "KEY_PREFIX": "test-pages",
    }
    if os.environ.get("CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
)

# Antivirus (issue 13): the fake scanner, whatever the environment says; the tests
# against a real clamd (CLAMD_SOCKET) build their ClamdScanner themselves.
ANTIVIRUS_SCANNER = "core.antivirus.FakeScanner"

# Two-factor authentication (issue 13) ----------------------------------------------
# django-otp delays the next try after a wrong code by seconds; tests switch the
# delay off (tests/accounts/test_two_factor_services.py turns it on to check it).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
