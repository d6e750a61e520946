"""Backups restore (docs/operations.md): the database dumped with ``pg_dump``
and the private files archived, then restored into a fresh database and a fresh
folder with ``pg_restore``, give back the same dossiers, versions and files
(each file's SHA-256 checked against the restored rows), and the restored
schema is the one the code expects (``migrate --check``).

PostgreSQL only (the production database): skipped on SQLite.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from applications import services
from tests.factories import ApplicationFactory, RequiredDocumentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="pg_dump and pg_restore: PostgreSQL only",
    ),
]

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"


def _url(database: str) -> str:
    params = connection.settings_dict
    user = params["USER"] or "postgres"
    host = params["HOST"] or "127.0.0.1"
    port = params["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{database}"


def _run(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, capture_output=True, **kwargs)


@pytest.fixture
def private_root(tmp_path, settings):
    root = tmp_path / "private"
    storages = {**settings.STORAGES}
    storages["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": root, "base_url": None},
    }
    settings.STORAGES = storages
    return root


@pytest.fixture
def restored_database():
    name = f"sillon_restore_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _dossiers(url: str) -> list[tuple]:
    with psycopg.connect(url) as database:
        return database.execute(
            """
            SELECT a.reference, a.state, a.title, count(v.id)
            FROM applications_application a
            LEFT JOIN applications_applicationversion v ON v.application_id = a.id
            GROUP BY a.reference, a.state, a.title ORDER BY a.reference
            """
        ).fetchall()


def _files(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as database:
        return database.execute(
            "SELECT file, sha256 FROM applications_attachment ORDER BY file"
        ).fetchall()


def test_a_dump_and_the_files_restore_the_same_dossiers(
    private_root, restored_database, tmp_path, django_capture_on_commit_callbacks
):
    for number in range(3):
        application = ApplicationFactory(title=f"Filière de soins palliatifs {number}")
        document = RequiredDocumentFactory(
            call=application.call, label="Statuts", allowed_types=["pdf"]
        )
        # A test with transaction=True: the upload's scan runs when it commits.
        services.attachment_add(
            application=application,
            user=application.created_by,
            uploaded_file=SimpleUploadedFile(
                "statuts.pdf", PDF + f"% dossier {number}\n".encode()
            ),
            required_document=document,
        )
        application.refresh_from_db()
        with django_capture_on_commit_callbacks(execute=True):
            if number:  # one draft, two submitted dossiers with their receipts
                services.application_submit(
                    application=application, user=application.created_by
                )
    source = _url(connection.settings_dict["NAME"])
    dossiers, files = _dossiers(source), _files(source)
    assert len(dossiers) == 3 and len(files) == 3

    # The backup, as docs/operations.md writes it.
    dump = tmp_path / "sillon.dump"
    archive = tmp_path / "private-files.tar.gz"
    _run("pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source)
    _run("tar", "--create", "--gzip", f"--file={archive}", "-C", str(private_root), ".")

    # The restore, into a fresh database and a fresh folder.
    target = _url(restored_database)
    restored_root = tmp_path / "restored-private"
    restored_root.mkdir()
    _run("pg_restore", "--no-owner", f"--dbname={target}", str(dump))
    _run("tar", "--extract", "--gzip", f"--file={archive}", "-C", str(restored_root))

    assert _dossiers(target) == dossiers
    assert _files(target) == files
    for name, sha256 in _files(target):
        content = (restored_root / name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == sha256
    receipts = sorted(p.name for p in (restored_root / "receipts").rglob("*.pdf"))
    assert len(receipts) == 2

    # The restored schema is the code's: no migration missing.
    environment = {**os.environ, "DATABASE_URL": target}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    _run(
        sys.executable,
        "manage.py",
        "migrate",
        "--check",
        cwd=Path(settings.BASE_DIR),
        env=environment,
    )
