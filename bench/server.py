"""The server every HTTP scenario talks to: gunicorn on 127.0.0.1, production-like
(config.settings.bench), started and stopped by the runner."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG = ROOT / "var" / "bench" / "gunicorn.log"


def gunicorn_command(*, bind: str, workers: int) -> list[str]:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return [
        str(gunicorn),
        "config.wsgi",
        "--workers",
        str(workers),
        "--bind",
        bind,
        # The rush queues hundreds of requests at once: let them wait their turn.
        "--backlog",
        "2048",
        "--timeout",
        "120",
    ]


def wait_until_up(url: str, *, timeout: float = 60.0, process=None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}); see {LOG}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.25)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout:.0f} s")


@contextlib.contextmanager
def gunicorn(base_url: str, *, workers: int, env: dict[str, str]) -> Iterator[None]:
    """Serve the site at ``base_url`` (127.0.0.1) for the time of the block;
    stopped at the end, on error and on Ctrl-C alike."""
    bind = base_url.split("://", 1)[1].rstrip("/")
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("w") as log:
        process = subprocess.Popen(
            gunicorn_command(bind=bind, workers=workers),
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # Ctrl-C reaches us, and we stop it
        )
        try:
            wait_until_up(base_url.rstrip("/") + "/", process=process)
            yield
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
