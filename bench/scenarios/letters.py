"""The release of a call's decision letters (``decisions_release`` and its
per-item task ``release_item_process``): time per letter with one worker and
with two, against WeasyPrint alone writing the same letter's HTML with the
project's options (PDF/A-3a, its URL fetcher), timed in a fresh process
like the workers'. Targets: ≤ 1.3x per letter
with one worker; two workers ≥ 1.6x faster than one.

Workers: with ``CELERY_BROKER_URL`` set and its Redis answering, real
``celery -A config worker --concurrency 1`` processes (one, then two) on the
bench settings and database; otherwise the same task body in one, then two
``multiprocessing`` processes (fresh interpreters, each sets Django up). Each release is
timed from its items being queued to the last one done; each worker has
imported WeasyPrint and written a first PDF before (warm), except Celery
workers, whose first task pays it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import connections
from django.template.loader import render_to_string
from django.utils import timezone

from applications.letterhead import letterhead
from bench.figures import Figure, ratio_at_least, ratio_at_most
from bench.measure import generate, milliseconds, repeat
from bench.options import BenchOptions
from core.pdf import PDF_ASSETS_DIR, PDF_VARIANT, _url_fetcher, resource_url
from core.time import french_on_paris_clock, in_paris
from reviews.enums import ReleaseItemStatus
from reviews.letters import decision_letter_context
from reviews.models import Decision, DecisionLetter, ReleaseItem
from reviews.services.release import decisions_release

SCENARIO = "letters"
WORKER_COUNTS = (1, 2)
WORKER_CODE = (
    "import django; django.setup(); "
    "from bench.scenarios.letters import worker_main; worker_main()"
)
BASELINE_CODE = (
    "import django; django.setup(); "
    "from bench.scenarios.letters import baseline_main; "
    "baseline_main({decision_pk}, {runs})"
)
RELEASE_TIMEOUT = 900  # seconds: a release that takes longer is reported failed


# The baseline: WeasyPrint alone ---------------------------------------------------


def letter_html(decision) -> tuple[str, dict]:
    """The HTML of ``decision``'s letter, rendered by the project's letter code
    as ``render_decision_letter_pdf`` renders it, and its image resources."""
    head = letterhead(decision.application.call.authority)
    context = decision_letter_context(
        decision,
        number="BENCH-0000-00001",
        issued_on=in_paris(timezone.now()).date(),
        head=head,
    )
    context["pdf_resources"] = {name: resource_url(name) for name in head.resources}
    with french_on_paris_clock("fr"):
        html = render_to_string("pdf/decision_letter.html", context)
    return html, head.resources


def weasyprint_alone(html: str, resources: dict) -> bytes:
    from weasyprint import HTML  # noqa: PLC0415

    return HTML(
        string=html, base_url=f"{PDF_ASSETS_DIR}/", url_fetcher=_url_fetcher(resources)
    ).write_pdf(pdf_variant=PDF_VARIANT)


# Workers ----------------------------------------------------------------------------


def worker_main() -> None:
    """One worker process (``WORKER_CODE``, Django set up): warm WeasyPrint,
    say ``ready``, then on ``go`` process the item ids read from stdin."""
    from reviews.services.release import release_item_process  # noqa: PLC0415

    weasyprint_alone('<html lang="fr"><p>Chauffe</p></html>', {})
    item_ids = json.loads(sys.stdin.readline())
    print("ready", flush=True)  # noqa: T201 - the parent waits for this line
    sys.stdin.readline()  # go
    for item_id in item_ids:
        release_item_process(item_id=item_id)


def baseline_main(decision_pk: int, runs: int) -> None:
    """In a fresh process like the workers' (``BASELINE_CODE``): render the
    letter's HTML once, then print the ``runs`` timings (ms) of WeasyPrint
    alone writing it, after a warm-up."""
    decision = Decision.objects.select_related(
        "application__call__authority", "application__organisation", "committee"
    ).get(pk=decision_pk)
    html, resources = letter_html(decision)
    timings = milliseconds(repeat(lambda: weasyprint_alone(html, resources), runs))
    print(json.dumps(timings), flush=True)  # noqa: T201 - read by the parent


def baseline_in_a_worker(decision_pk: int, runs: int) -> tuple:
    """The baseline timed in a fresh process, as the letters are: the bench's
    own process holds every generated row, whose garbage collection would
    weigh on WeasyPrint there."""
    code = BASELINE_CODE.format(decision_pk=decision_pk, runs=runs)
    output = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=_environ(),
        capture_output=True,
        text=True,
        check=True,
        timeout=RELEASE_TIMEOUT,
    ).stdout
    return tuple(json.loads(output.strip().splitlines()[-1]))


def _environ() -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.bench",
        "SILLON_BENCH_DATABASE_URL": os.environ.get("SILLON_BENCH_DATABASE_URL", ""),
    }


def release_with_processes(batch, workers: int) -> float:
    """Seconds ``workers`` fresh Python processes take to process ``batch``,
    its items shared out in turn."""
    item_ids = list(batch.items.order_by("pk").values_list("pk", flat=True))
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER_CODE],
            cwd=settings.BASE_DIR,
            env=_environ(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(workers)
    ]
    for index, process in enumerate(processes):
        process.stdin.write(json.dumps(item_ids[index::workers]) + "\n")
        process.stdin.flush()
    for process in processes:
        if process.stdout.readline().strip() != "ready":
            raise RuntimeError("A letters worker failed to start.")
    start = time.perf_counter()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.close()
    for process in processes:
        process.wait(RELEASE_TIMEOUT)
    return time.perf_counter() - start


def broker_answers() -> bool:
    url = getattr(settings, "CELERY_BROKER_URL", "")
    if not url.startswith("redis"):
        return False
    try:
        import redis  # noqa: PLC0415

        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except Exception:  # any failure means: no broker to use
        return False


def _celery_workers(count: int) -> list[subprocess.Popen]:
    from config.celery import app  # noqa: PLC0415

    base = Path(settings.BASE_DIR)
    celery = Path(sys.executable).with_name("celery")
    environ = {**os.environ, **_environ()}
    workers = [
        subprocess.Popen(
            [
                str(celery),
                "-A",
                "config",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "warning",
                "-n",
                f"bench{i}-{os.getpid()}@%h",
            ],
            cwd=base,
            env=environ,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for i in range(count)
    ]
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1) or []
        if len(replies) >= count:
            return workers
    _stop(workers)
    raise RuntimeError("The Celery workers did not answer within two minutes.")


def _stop(workers) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()


def _wait_done(batch) -> None:
    deadline = time.monotonic() + RELEASE_TIMEOUT
    pending = batch.items.filter(status=ReleaseItemStatus.PENDING)
    while pending.exists() and time.monotonic() < deadline:
        time.sleep(0.2)


# The scenario ------------------------------------------------------------------------


def _release(count: int, workers: int, celery: bool) -> dict:
    data, decisions = generate("bench_letters_data", letters=count)
    if celery:
        pool = _celery_workers(workers)
        try:
            start = time.perf_counter()
            batch = decisions_release(call=data.call, user=data.manager)
            _wait_done(batch)
            seconds = time.perf_counter() - start
        finally:
            _stop(pool)
    else:
        # Queued by hand below, not by the eager on-commit hook.
        with mock.patch("reviews.services.release.queue_on_commit"):
            batch = decisions_release(call=data.call, user=data.manager)
        connections.close_all()
        seconds = release_with_processes(batch, workers)
    items = ReleaseItem.objects.filter(batch=batch)
    done = items.filter(status=ReleaseItemStatus.DONE).count()
    letters = DecisionLetter.objects.filter(decision__application__call=data.call)
    return {
        "data": data,
        "decision": decisions[0].pk,
        "seconds": seconds,
        "done": done,
        "failed": items.filter(status=ReleaseItemStatus.FAILED).count(),
        "letters": letters.count(),
    }


def run(options: BenchOptions) -> list[Figure]:
    count = options.letters
    celery = broker_answers()
    how = (
        "Celery workers (celery -A config worker --concurrency 1)"
        if celery
        else "worker processes (fresh interpreters) running release_item_process"
    )
    releases = {workers: _release(count, workers, celery) for workers in WORKER_COUNTS}
    baseline = baseline_in_a_worker(releases[1]["decision"], max(options.runs, 3))
    per_letter = {
        workers: round(release["seconds"] * 1000 / count, 3)
        for workers, release in releases.items()
    }
    outcome = "; ".join(
        f"{workers} worker(s): {release['done']}/{count} done, "
        f"{release['failed']} failed, {release['letters']} letters, "
        f"{release['seconds']:.1f} s"
        for workers, release in releases.items()
    )
    one, two = per_letter[1], per_letter[2]
    complete = all(r["done"] == count for r in releases.values())
    single = Figure("", "", "", (one,), "", baseline).ratio
    return [
        Figure(
            scenario=SCENARIO,
            name=f"release of {count} letters, 1 worker: time per letter",
            unit="ms",
            runs=(one,),
            baseline_name="WeasyPrint alone writing the same letter's HTML",
            baseline_runs=baseline,
            target="≤ 1.3x",
            met=ratio_at_most(single, 1.3) if complete else False,
            note=f"{how}; one release per worker count; {outcome}",
        ),
        Figure(
            scenario=SCENARIO,
            name=f"release of {count} letters, 2 workers: speed-up over 1",
            unit="x",
            runs=(round(one / two, 3),),
            baseline_name="1 worker",
            baseline_runs=(1.0,),
            target="≥ 1.6x",
            met=ratio_at_least(one / two, 1.6) if complete else False,
            note=f"{two} ms per letter with 2 workers, {one} with 1; {how}",
            extra={"per_letter_ms": per_letter},
        ),
    ]
