"""The load generator: a separate process, on 127.0.0.1 only, bounded in count
and time, printing its measurements as one JSON object.

    python -m bench.load throughput --url http://127.0.0.1:8765/ --clients 16 \\
        --seconds 5
    python -m bench.load rush --plan var/bench/rush.json

``throughput``: ``clients`` concurrent clients GET one URL in a loop for
``seconds`` (after a warm-up that is not counted), at most ``max_requests``
in all: requests/s, latency percentiles, errors.

``rush``: the deadline rush. The plan is a JSON file: the base URL, the
session cookie's name, the static file's path and one entry per applicant
(session key, submit page path). Each client fetches the static file once,
all together (the baseline), then opens its submit page (the form's CSRF
token and version), then every client posts its submission at once; each
reads its dossier page afterwards to see whether it was told "submitted".

No Django here: this process only speaks HTTP (aiohttp).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp

# What the dossier page says after a submission (French first, the site's
# language; English when the client's language is English).
SUBMITTED_MARKERS = ("Votre dossier est déposé (version", "Your dossier is submitted")
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SEEN_VERSION_FIELD = re.compile(r'name="seen_version" value="(\d+)"')
# Hard bounds, whatever the options say.
MAX_SECONDS = 120.0
MAX_CLIENTS = 500
REQUEST_TIMEOUT = 300.0


def local_only(url: str) -> str:
    host = urlsplit(url).hostname
    if host not in {"127.0.0.1", "localhost"}:
        raise SystemExit(f"bench.load talks to 127.0.0.1 only, not {host!r}")
    return url


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile of ``values`` (None when empty)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def latency_summary(latencies: list[float]) -> dict:
    """Percentiles in milliseconds."""
    return {
        f"p{int(q * 100)}_ms": (None if v is None else round(v * 1000, 2))
        for q in (0.5, 0.95, 0.99)
        for v in [percentile(latencies, q)]
    }


# Throughput -------------------------------------------------------------------------


async def _hammer(session, url, deadline, budget, latencies, errors) -> None:
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        started = time.perf_counter()
        try:
            async with session.get(url, allow_redirects=False) as response:
                await response.read()
                ok = response.status < 400
        except (TimeoutError, aiohttp.ClientError):
            ok = False
        if ok:
            latencies.append(time.perf_counter() - started)
        else:
            errors.append(1)


async def throughput(
    url: str, *, clients: int, seconds: float, warmup: float, max_requests: int
) -> dict:
    clients = min(clients, MAX_CLIENTS)
    seconds = min(seconds, MAX_SECONDS)
    connector = aiohttp.TCPConnector(limit=clients, force_close=False)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        if warmup > 0:
            deadline = time.perf_counter() + warmup
            await asyncio.gather(
                *(
                    _hammer(session, url, deadline, [max_requests], [], [])
                    for _ in range(clients)
                )
            )
        latencies: list[float] = []
        errors: list[int] = []
        budget = [max_requests]
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(
            *(
                _hammer(session, url, deadline, budget, latencies, errors)
                for _ in range(clients)
            )
        )
        elapsed = time.perf_counter() - started
    return {
        "url": url,
        "clients": clients,
        "seconds": round(elapsed, 3),
        "requests": len(latencies),
        "errors": len(errors),
        "requests_per_second": round(len(latencies) / elapsed, 2),
        **latency_summary(latencies),
    }


# Rush -------------------------------------------------------------------------------


def _jar(base_url: str, cookie_name: str, session_key: str) -> aiohttp.CookieJar:
    # unsafe: keep cookies for an IP address host (127.0.0.1).
    jar = aiohttp.CookieJar(unsafe=True)
    jar.update_cookies({cookie_name: session_key}, aiohttp.client.URL(base_url))
    return jar


async def _timed(coroutine_factory) -> tuple[float, int | None, str]:
    started = time.perf_counter()
    try:
        status, text = await coroutine_factory()
    except (TimeoutError, aiohttp.ClientError) as error:
        return time.perf_counter() - started, None, repr(error)
    return time.perf_counter() - started, status, text


async def _get(session, url, **kwargs):
    async with session.get(url, **kwargs) as response:
        return response.status, await response.text()


async def _post(session, url, data):
    async with session.post(url, data=data, allow_redirects=False) as response:
        await response.read()
        return response.status, response.headers.get("Location", "")


class RushClient:
    def __init__(self, plan: dict, entry: dict, connector) -> None:
        self.base = plan["base_url"].rstrip("/")
        self.entry = entry
        self.session = aiohttp.ClientSession(
            connector=connector,
            connector_owner=False,
            cookie_jar=_jar(self.base, plan["session_cookie"], entry["session_key"]),
            timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT),
        )
        self.form: dict | None = None
        self.result: dict = {"dossier": entry["dossier"]}

    async def open_form(self) -> None:
        _elapsed, status, text = await _timed(
            lambda: _get(self.session, self.base + self.entry["submit_path"])
        )
        token, seen = (
            CSRF_FIELD.search(text or ""),
            SEEN_VERSION_FIELD.search(text or ""),
        )
        if status == 200 and token and seen:
            self.form = {
                "csrfmiddlewaretoken": token.group(1),
                "seen_version": seen.group(1),
                "declaration": "on",
            }
        else:
            self.result["form_error"] = f"GET {status}"

    async def submit(self) -> None:
        if self.form is None:
            return
        elapsed, status, location = await _timed(
            lambda: _post(
                self.session, self.base + self.entry["submit_path"], self.form
            )
        )
        self.result.update(post_status=status, post_seconds=elapsed)
        if status is None or status >= 400:
            self.result["post_error"] = f"POST {status} {location[:200]}"
            return
        # What the applicant reads next: the dossier page, with the message.
        _elapsed, status, text = await _timed(
            lambda: _get(self.session, self.base + (location or "/"))
        )
        self.result["told_submitted"] = bool(
            status == 200 and any(m in (text or "") for m in SUBMITTED_MARKERS)
        )

    async def fetch_static(self) -> float | None:
        elapsed, status, _text = await _timed(
            lambda: _get(self.session, self.base + self.entry["static_path"])
        )
        return elapsed if status == 200 else None

    async def close(self) -> None:
        await self.session.close()


async def rush(plan: dict) -> dict:
    local_only(plan["base_url"])
    entries = plan["entries"][:MAX_CLIENTS]
    static_path = plan["static_path"]
    connector = aiohttp.TCPConnector(limit=len(entries) or 1)
    clients = [
        RushClient(plan, {**entry, "static_path": static_path}, connector)
        for entry in entries
    ]
    try:
        # Baseline: the same clients, each fetching the static file, all at once.
        started = time.perf_counter()
        static = await asyncio.gather(*(c.fetch_static() for c in clients))
        static_wall = time.perf_counter() - started
        static_ok = [s for s in static if s is not None]
        # Each client opens its confirmation page (not timed as the rush).
        await asyncio.gather(*(c.open_form() for c in clients))
        # The rush: every client posts at once.
        started = time.perf_counter()
        await asyncio.gather(*(c.submit() for c in clients))
        rush_wall = time.perf_counter() - started
    finally:
        for client in clients:
            await client.close()
        await connector.close()
    results = [c.result for c in clients]
    posted = [r for r in results if "post_seconds" in r]
    latencies = [r["post_seconds"] for r in posted if "post_error" not in r]
    return {
        "clients": len(clients),
        "static_requests_per_second": round(len(static_ok) / static_wall, 2),
        "static_errors": len(static) - len(static_ok),
        "static": latency_summary(static_ok),
        "rush_seconds": round(rush_wall, 3),
        "posted": len(posted),
        "form_errors": sum("form_error" in r for r in results),
        "post_errors": sum("post_error" in r for r in results),
        "told_submitted": sum(bool(r.get("told_submitted")) for r in results),
        **latency_summary(latencies),
        "results": results,
    }


def spawn(*args: str, timeout: float = 600) -> dict:
    """Run ``python -m bench.load <args>`` in its own process; its JSON result."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench.load", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"bench.load {args[0]} failed: {completed.stderr.strip()[-2000:]}"
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


# Command line -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load")
    commands = parser.add_subparsers(dest="command", required=True)
    load = commands.add_parser("throughput", help="GET one URL in a loop")
    load.add_argument("--url", required=True)
    load.add_argument("--clients", type=int, default=16)
    load.add_argument("--seconds", type=float, default=5.0)
    load.add_argument("--warmup", type=float, default=1.0)
    load.add_argument("--max-requests", type=int, default=1_000_000)
    plan = commands.add_parser("rush", help="every applicant submits at once")
    plan.add_argument("--plan", required=True, help="the JSON plan file")
    args = parser.parse_args(argv)
    if args.command == "throughput":
        result = asyncio.run(
            throughput(
                local_only(args.url),
                clients=args.clients,
                seconds=args.seconds,
                warmup=args.warmup,
                max_requests=args.max_requests,
            )
        )
    else:
        with open(args.plan, encoding="utf-8") as file:
            result = asyncio.run(rush(json.load(file)))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
