"""Settings read from the environment: defaults, production secrets, services."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "AWS_STORAGE_BUCKET_NAME",
    "EMAIL_HOST",
    "CACHE_URL",
    "CLAMD_SOCKET",
    "SILLON_REQUIRE_CLAMD",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
)


def run_django(
    settings_module: str, code: str, **env: str
) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with only the given service variables."""
    environment = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    environment.update(DJANGO_SETTINGS_MODULE=settings_module, **env)
    script = f"import django; django.setup()\nfrom django.conf import settings\n{code}"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_environment() -> dict[str, str]:
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "sillon.example.org",
        "DATABASE_URL": "postgres://sillon@db.example.org:5432/sillon",
        # Uploads scanned by a real antivirus (check --deploy warns otherwise).
        "CLAMD_SOCKET": "/run/clamav/clamd.ctl",
    }


def test_default_settings_run_without_any_service():
    result = run_django(
        "config.settings.dev",
        "db, storages = settings.DATABASES['default'], settings.STORAGES\n"
        "print(db['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER,"
        " storages['default']['BACKEND'], settings.EMAIL_BACKEND,"
        " settings.LANGUAGE_CODE, settings.TIME_ZONE)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.files.storage.FileSystemStorage",
        "django.core.mail.backends.console.EmailBackend",
        "fr",
        "Europe/Paris",
    ]


def test_services_are_read_from_the_environment():
    result = run_django(
        "config.settings.dev",
        "db, storages = settings.DATABASES['default'], settings.STORAGES\n"
        "print(db['ENGINE'], db['NAME'],"
        " settings.CELERY_TASK_ALWAYS_EAGER, settings.CELERY_BROKER_URL,"
        " storages['default']['BACKEND'], storages['private']['BACKEND'],"
        " settings.EMAIL_BACKEND)",
        DATABASE_URL="postgres://u@127.0.0.1:5432/sillon",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        AWS_STORAGE_BUCKET_NAME="sillon",
        EMAIL_HOST="smtp.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "sillon",
        "False",
        "redis://127.0.0.1:6379/0",
        "storages.backends.s3.S3Storage",
        "storages.backends.s3.S3Storage",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def test_a_lost_worker_s_tasks_go_back_to_the_broker():
    """Acknowledged once done; the broker's visibility timeout from the
    environment (an hour unless told)."""
    code = (
        "from config.celery import app\n"
        "print(app.conf.task_acks_late, app.conf.task_reject_on_worker_lost,"
        " app.conf.broker_transport_options['visibility_timeout'])"
    )
    default = run_django("config.settings.dev", code)
    told = run_django("config.settings.dev", code, CELERY_VISIBILITY_TIMEOUT="900")
    assert default.returncode == told.returncode == 0, default.stderr + told.stderr
    assert default.stdout.split() == ["True", "True", "3600"]
    assert told.stdout.split() == ["True", "True", "900"]


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DATABASE_URL"]
)
def test_production_refuses_to_start_without_its_secrets(missing):
    environment = production_environment()
    del environment[missing]
    result = run_django("config.settings.prod", "print('started')", **environment)
    assert result.returncode != 0
    assert f"The environment variable {missing} must be set in production." in (
        result.stderr
    )
    assert "started" not in result.stdout


def test_production_settings_pass_the_deployment_checks():
    result = run_django(
        "config.settings.prod",
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')",
        **production_environment(),
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_deployment_checks_warn_when_no_antivirus_is_configured():
    environment = production_environment()
    del environment["CLAMD_SOCKET"]
    result = run_django(
        "config.settings.prod",
        "from django.core.management import call_command\n"
        "call_command('check', deploy=True, fail_level='WARNING')",
        **environment,
    )
    assert result.returncode != 0
    assert "sillon.W001" in result.stderr + result.stdout
