"""The README's production commands work as written: they migrate a fresh
database, collect the static files and start gunicorn, which serves the site and
its static files (compressed, hashed names, cached for a year) on its own."""

from __future__ import annotations

import json
import os
import re
import secrets
import shlex
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def documented_commands() -> list[list[str]]:
    """The commands of the README's production block that run the project's own
    programs (`.venv/bin/…`), in their order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Running on PostgreSQL, Redis, S3 and a Celery worker", 1)
    block = re.search(r"```sh\n(.*?)```", section[1], re.S).group(1)
    commands = []
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith(".venv/bin/"):
            commands.append(shlex.split(line))
    return commands


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, **headers) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(
        url, headers={"Host": "localhost", "X-Forwarded-Proto": "https", **headers}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_readme_lists_the_production_commands():
    programs = [command[0:3] for command in documented_commands()]
    assert [".venv/bin/python", "manage.py", "check"] in programs
    assert [".venv/bin/python", "manage.py", "migrate"] in programs
    assert [".venv/bin/python", "manage.py", "collectstatic"] in programs
    assert programs[-1][0] == ".venv/bin/gunicorn"


@pytest.mark.skipif(
    not (ROOT / ".venv" / "bin" / "gunicorn").exists(),
    reason="the project's virtualenv (.venv, made by `make install`) has no gunicorn",
)
@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="runs once, in the SQLite pass: it makes its own database either way",
)
def test_the_documented_production_commands_serve_the_site(tmp_path):
    port = free_port()
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "CELERY_", "CACHE_", "AWS_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="localhost",
        DATABASE_URL=f"sqlite:///{tmp_path / 'sillon.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    *setup, serve = documented_commands()
    for command in setup:
        completed = subprocess.run(
            command, cwd=ROOT, env=environment, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip
        assert completed.returncode == 0, (command, completed.stderr[-2000:])

    # gunicorn as written, on a free local port instead of 0.0.0.0:8000.
    serve = [f"127.0.0.1:{port}" if part == "0.0.0.0:8000" else part for part in serve]
    server = subprocess.Popen(
        serve, cwd=ROOT, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                status, _headers, _body = fetch(f"{base}/")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()[-2000:]
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer in 30 s")
        assert status < 500

        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["cms/css/sillon.css"]
        assert hashed != "cms/css/sillon.css"
        status, headers, _body = fetch(
            f"{base}/static/{hashed}", **{"Accept-Encoding": "br, gzip"}
        )
        assert status == 200
        assert headers["Content-Encoding"] in {"br", "gzip"}
        assert "immutable" in headers["Cache-Control"]
        assert "max-age=315360000" in headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)
