"""Settings shared by every environment.

Everything that differs between a laptop and production is read from the
environment, with defaults that make a fresh checkout run on its own: SQLite,
Celery tasks run eagerly, files on the local disk, emails on the console.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me")
# Rotation (docs/operations.md): the previous keys still verify what they signed
# (sessions, partners' links, password reset links) until they are removed.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "calls",
    "organisations",
    "applications",
    "accounts",
    "cms",
    "reviews",
    "directory",
    "demo",
    "dsfr",
    "widget_tweaks",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_fsm_log",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight from the application server (issue 12): compressed,
    # with long cache lifetimes for the hashed names of config.settings.prod.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A stored public page, served before the rest to a visitor with no session
    # (issue 12, core.page_cache; stored by PageCacheMiddleware below).
    "core.page_cache.PageCacheFetchMiddleware",
    # Headers of every response (issue 8): see "Security headers" below.
    "core.csp.SillonCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Public pages of anonymous visitors, from the cache (issue 12, core.page_cache).
    "core.page_cache.PageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The database lost during a request: a 503 saying nothing was recorded.
    "core.unavailable.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "cms.context_processors.navigation",
                "directory.context_processors.navigation",
            ],
        },
    },
]
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def database_from_url(url: str, **options) -> dict:
    """A DATABASES entry from its URL; SQLite gets the options below."""
    database = dj_database_url.parse(url, **options)
    # --- SQLite under a threaded web server (issue 8) -------------------------
    # Every transaction takes the write lock when it begins (IMMEDIATE): one that
    # read, then wrote, could otherwise not wait for another writer and failed at
    # once with "database is locked". A writer waits up to `timeout` seconds for
    # the lock; WAL lets readers go on while one writes.
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_BUSY_TIMEOUT", "20")),
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            **database.get("OPTIONS", {}),
        }
    return database


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/espace/"
# How long a partner's commitment link stays valid.
PARTNER_LINK_MAX_AGE = timedelta(
    days=int(os.environ.get("PARTNER_LINK_MAX_AGE_DAYS", "30"))
)

# The terms of use an applicant accepts when signing up (a page of the site).
ACCOUNTS_TERMS_URL = os.environ.get("ACCOUNTS_TERMS_URL", "")
LOGOUT_REDIRECT_URL = "/"

# --- One language: French (issue 8) ------------------------------------------
# There is no English catalogue: a browser preferring English got Django's and
# the templates' English message ids around French content. No LocaleMiddleware:
# the language never follows the request; the Wagtail admin offers French only.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "var" / "media"))
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("DJANGO_PRIVATE_MEDIA_ROOT", BASE_DIR / "var" / "private")
)

# Files: local disk by default; S3-compatible object storage when a bucket is set.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    _s3 = "storages.backends.s3.S3Storage"
    STORAGES = {
        "default": {"BACKEND": _s3, "OPTIONS": {"location": "public"}},
        "private": {"BACKEND": _s3, "OPTIONS": {"location": "private"}},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
else:
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
        },
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }

# Email: console by default, SMTP when a host is set.
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Sillon <ne-pas-repondre@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Celery: a Redis broker when one is configured, otherwise tasks run eagerly.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# A worker killed in the middle of a task (SIGKILL, out of memory, a lost
# machine) never acknowledges its message: the broker delivers it again, to a
# worker alive, once ``CELERY_VISIBILITY_TIMEOUT`` seconds have passed since it
# was delivered (Redis). The tasks are idempotent, so a task run twice does its
# work once. The timeout must exceed the longest countdown of a retry (10 min).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("CACHE_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
    }

# Full-page cache of the public pages (core.page_cache): in the default cache
# (Redis when CACHE_URL is set) under its own prefix, at most this long.
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "pages"}
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Wagtail
WAGTAIL_SITE_NAME = "Sillon"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
# Dates in the admin are typed and shown the French way (issue 8, item 19).
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAIL_CONTENT_LANGUAGES = [("fr", "Français")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "pdf",
    "odt",
    "ods",
    "docx",
    "xlsx",
    "doc",
    "xls",
    "csv",
    "zip",
]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français")]

# --- Logs and error reports without secrets (issue 8) -----------------------
# A partner's link carries a signed token in its path: it is replaced by
# "[redacted]" in every log line and in the error reports emailed to ADMINS
# (core.log_redaction). Django's default handlers are declared again here to
# carry the filter: the development server's request lines, the admins' emails.
LOG_REDACTED_PATHS = [r"(?<=/partenaire/)(?!reponse-enregistree/)[^/?#\s\"']+"]
DEFAULT_EXCEPTION_REPORTER_FILTER = (
    "core.log_redaction.RedactingExceptionReporterFilter"
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "redact_secret_paths": {"()": "core.log_redaction.RedactSecretPaths"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_secret_paths"],
        },
        "django.server": {
            "level": "INFO",
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_secret_paths"],
        },
        "mail_admins": {
            "level": "ERROR",
            "class": "django.utils.log.AdminEmailHandler",
            "filters": ["require_debug_false", "redact_secret_paths"],
        },
    },
    "loggers": {
        # Django's own records reach the console through the root logger.
        "django": {"handlers": ["mail_admins"], "level": "INFO"},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
        },
    },
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    },
}

# --- Security headers (issue 8) ----------------------------------------------
# Content-Security-Policy (django-csp): no inline script or style on the site
# (the DSFR's scripts, styles, fonts and icons are local; its CSS draws some
# icons as data: URIs). The Wagtail admin, whose templates still hold inline
# scripts and styles, gets its own looser policy (core.csp, docs/decisions.md).
_CSP_MEDIA = env_list("CSP_MEDIA_ORIGINS")  # public files on object storage
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_CSP_MEDIA],
        "media-src": ["'self'", *_CSP_MEDIA],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        # The admin's preview shows the site's pages in a frame of its own.
        "frame-ancestors": ["'self'"],
    }
}
CSP_ADMIN_PATH_PREFIX = "/admin/"
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_CSP_MEDIA],
        "worker-src": ["'self'", "blob:"],
    }
}
# No third party sees who works in the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Permissions-Policy: the site uses none of these features.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# A page's address (a partner's link carries a secret) never leaves the site in
# a Referer; a partner's page sends only the origin (core.http).
SECURE_REFERRER_POLICY = "same-origin"

# --- core: activity log and email outbox -------------------------------------
# Attempts to send an outbound email (first try + Celery retries) before it is
# marked failed; `manage.py outbox_retry` or an administrator can retry it.
OUTBOX_MAX_ATTEMPTS = int(os.environ.get("OUTBOX_MAX_ATTEMPTS", "5"))
# Celery beat: queue again, every ten minutes, the emails that failed or whose
# task was lost (a broker restart, a killed worker).
CELERY_BEAT_SCHEDULE = {
    "outbox-retry": {"task": "core.outbox_retry", "schedule": 600.0},
    # Reminders (drafts, complements, reviews): each is due from its moment until
    # its deadline and sent once, so hourly runs are precise enough and a missed
    # run loses nothing.
    "applicant-reminders": {"task": "applications.send_reminders", "schedule": 3600.0},
    "reviewer-reminders": {"task": "reviews.send_reminders", "schedule": 3600.0},
}

# --- accounts: sign-in lockouts and limits on account emails (issue 8) -------
# django-axes counts failed sign-ins (public and Wagtail admin login alike, through
# the authentication backend) in the database, so a lockout holds across every
# gunicorn worker; django-ratelimit counts the requests that send an account
# email (sign-up, new verification link, password reset) in the "ratelimit"
# cache: Redis when CACHE_URL is set, otherwise a database table (created by
# an accounts migration), shared by the workers either way.
INSTALLED_APPS = [*INSTALLED_APPS, "axes"]
MIDDLEWARE = [*MIDDLEWARE, "axes.middleware.AxesMiddleware"]  # last, as axes asks
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The request header that holds the visitor's address. Behind a proxy, set it to
# a header the proxy overwrites (e.g. HTTP_X_REAL_IP), never one a client chooses.
CLIENT_IP_META_KEY = os.environ.get("DJANGO_CLIENT_IP_HEADER", "REMOTE_ADDR")
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each counted on its own
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "accounts.limits.axes_username"
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_IPWARE_META_PRECEDENCE_ORDER = (CLIENT_IP_META_KEY,)
AXES_ENABLE_ADMIN = False
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = CLIENT_IP_META_KEY
ACCOUNTS_EMAIL_RATE_PER_ACCOUNT = "3/h"
ACCOUNTS_EMAIL_RATE_PER_CLIENT = "10/h"
RATELIMIT_DATABASE_CACHE = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "accounts_ratelimit_cache",
    "OPTIONS": {"MAX_ENTRIES": 100_000},
}
CACHES["ratelimit"] = (
    {**CACHES["default"], "KEY_PREFIX": "ratelimit"}
    if os.environ.get("CACHE_URL")
    else RATELIMIT_DATABASE_CACHE
)
# The database cache is shared but increments with a read and a write: two
# simultaneous requests may both pass, which a limit of a few emails tolerates.

# --- accounts: staff sign-in with ProConnect (issue 13) -----------------------
# mozilla-django-oidc (accounts/oidc.py). Configured when PROCONNECT_CLIENT_ID and
# an authorisation endpoint are set; otherwise no button and its URLs answer 404.
# The endpoints follow PROCONNECT_ISSUER (e.g.
# https://auth.agentconnect.gouv.fr/api/v2) unless set one by one.
PROCONNECT_ISSUER = os.environ.get("PROCONNECT_ISSUER", "").rstrip("/")


def _proconnect_endpoint(name: str, path: str) -> str:
    explicit = os.environ.get(f"PROCONNECT_{name}_ENDPOINT", "")
    return explicit or (PROCONNECT_ISSUER + path if PROCONNECT_ISSUER else "")


AUTHENTICATION_BACKENDS = [*AUTHENTICATION_BACKENDS, "accounts.oidc.ProConnectBackend"]
OIDC_RP_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = _proconnect_endpoint("AUTHORIZATION", "/authorize")
OIDC_OP_TOKEN_ENDPOINT = _proconnect_endpoint("TOKEN", "/token")
OIDC_OP_USER_ENDPOINT = _proconnect_endpoint("USERINFO", "/userinfo")
OIDC_OP_JWKS_ENDPOINT = _proconnect_endpoint("JWKS", "/jwks")
OIDC_OP_LOGOUT_ENDPOINT = _proconnect_endpoint("END_SESSION", "/session/end")
OIDC_RP_SIGN_ALGO = os.environ.get("PROCONNECT_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = "openid email given_name usual_name"
# The level of assurance asked of ProConnect (empty: not sent).
_PROCONNECT_ACR = os.environ.get("PROCONNECT_ACR_VALUES", "eidas1")
OIDC_AUTH_REQUEST_EXTRA_PARAMS = (
    {"acr_values": _PROCONNECT_ACR} if _PROCONNECT_ACR else {}
)
OIDC_CREATE_USER = False  # existing staff accounts only (accounts.oidc)
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the sign-out at ProConnect
OIDC_OP_LOGOUT_URL_METHOD = "accounts.oidc.provider_logout_url"
OIDC_TIMEOUT = 10
# A sign-out form's redirect to ProConnect must be allowed by form-action.
if OIDC_OP_LOGOUT_ENDPOINT:
    from urllib.parse import urlsplit as _urlsplit

    _PROCONNECT_ORIGIN = "{0.scheme}://{0.netloc}".format(
        _urlsplit(OIDC_OP_LOGOUT_ENDPOINT)
    )
    for _policy in (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN):
        _policy["DIRECTIVES"]["form-action"] = [
            *_policy["DIRECTIVES"]["form-action"],
            _PROCONNECT_ORIGIN,
        ]

# --- retention of the dossiers (RGPD, issue 13) -------------------------------
# How long a decided dossier is kept after its decision, unless its call says
# otherwise (Call.retention_years_accepted / retention_years_other); then its
# files are deleted and its personal data anonymised (applications.retention).
# A draft untouched for DRAFT_WARNING_MONTHS is warned once, then deleted
# DRAFT_DELETION_GRACE_DAYS later if still untouched. Daily (Celery beat).
RETENTION_YEARS_ACCEPTED = int(os.environ.get("RETENTION_YEARS_ACCEPTED", "10"))
RETENTION_YEARS_OTHER = int(os.environ.get("RETENTION_YEARS_OTHER", "2"))
DRAFT_WARNING_MONTHS = int(os.environ.get("DRAFT_WARNING_MONTHS", "12"))
DRAFT_DELETION_GRACE_DAYS = int(os.environ.get("DRAFT_DELETION_GRACE_DAYS", "30"))
CELERY_BEAT_SCHEDULE["retention"] = {
    "task": "applications.apply_retention",
    "schedule": 86400.0,
}

# Antivirus (issue 13) ---------------------------------------------------------------
# Uploads stay in quarantine until the scanner says they are clean (core.antivirus).
# ANTIVIRUS_SCANNER: a dotted path; empty = clamd when CLAMD_SOCKET or CLAMD_HOST is
# set, else the fake scanner (flags the EICAR test string only: never in production).
ANTIVIRUS_SCANNER = os.environ.get("ANTIVIRUS_SCANNER", "")
CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")
CLAMD_HOST = os.environ.get("CLAMD_HOST", "")
CLAMD_PORT = int(os.environ.get("CLAMD_PORT", "3310"))
CLAMD_TIMEOUT = float(os.environ.get("CLAMD_TIMEOUT", "60"))
# The scans whose task was lost (the broker emptied) are queued again.
CELERY_BEAT_SCHEDULE["requeue-scans"] = {
    "task": "applications.requeue_scans",
    "schedule": 900.0,
}
# Zip-based uploads (docx, xlsx, odt, ods, zip): refused beyond these (uploads.py).
UPLOAD_ZIP_MAX_ENTRIES = 1000
UPLOAD_ZIP_MAX_RATIO = 100
UPLOAD_ZIP_MAX_UNCOMPRESSED_MB = 200


# Two-factor authentication (issue 13, accounts.two_factor) ------------------------
# TOTP devices and recovery codes from django-otp; required of managers and
# administrators signing in with a password. Sign-ins through these backends do
# their own strong authentication and are never asked for a second factor.
INSTALLED_APPS = [
    *INSTALLED_APPS,
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
_AUTH_MIDDLEWARE_INDEX = MIDDLEWARE.index(
    "django.contrib.auth.middleware.AuthenticationMiddleware"
)
MIDDLEWARE = [
    *MIDDLEWARE[: _AUTH_MIDDLEWARE_INDEX + 1],
    "django_otp.middleware.OTPMiddleware",
    "accounts.two_factor.middleware.TwoFactorMiddleware",
    *MIDDLEWARE[_AUTH_MIDDLEWARE_INDEX + 1 :],
]
TWO_FACTOR_EXEMPT_BACKENDS = [
    b
    for b in os.environ.get(
        "TWO_FACTOR_EXEMPT_BACKENDS", "accounts.oidc.ProConnectBackend"
    ).split(",")
    if b
]
TWO_FACTOR_RECOVERY_CODES = 10
TWO_FACTOR_VERIFY_RATE = os.environ.get("TWO_FACTOR_VERIFY_RATE", "10/15m")
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Sillon")
