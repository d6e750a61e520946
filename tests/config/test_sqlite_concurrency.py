"""The embedded default (SQLite) under concurrent writes: writers wait their turn.

The web server runs requests in threads; on SQLite a transaction that reads, then
writes, used to fail at once with "database is locked" (a 500) when another one
was writing. The race runs in a fresh interpreter on a SQLite file, with the
project's database settings (the test suite's database is in memory).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL")


def test_twenty_simultaneous_submits_make_one_version_and_no_error(tmp_path):
    environment = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'sillon.sqlite3'}",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.config.sqlite_race"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    outcomes = report["outcomes"]
    assert outcomes.pop("version") == 1, report
    # Every other submit waited, then was told the dossier had changed.
    assert all(key.startswith("ApplicationChanged") for key in outcomes), report
    assert sum(outcomes.values()) == 19
    assert report["versions"] == 1
    assert report["journal_mode"] == "wal"
