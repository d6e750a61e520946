"""The deadline rush: N applicants, each signed in with a dossier ready to
submit (three attachments), open its confirmation page, then all post the
submission at once (N concurrent clients, no cap: the server's backlog holds
them). Baseline: the same clients fetching the static file, all at once.

Figures: submissions/s (dossiers submitted ÷ time from the first post to the
last answer), p95 of the post's latency, and the counts that must be zero:
lost (a client told "submitted" whose dossier is not), duplicated (a dossier
with more than one version, receipt or receipt email), errors (no answer, or
an answer ≥ 400, or a confirmation page that did not open).
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count, Q

from applications.enums import ApplicationState
from applications.models import Application
from bench.figures import Figure
from bench.load import spawn
from bench.options import BenchOptions
from bench.statics import baseline_static_path
from core.models import OutboundEmail

SCENARIO = "deadline_rush"


def prepare(options: BenchOptions) -> list[dict]:
    out = io.StringIO()
    call_command(
        "bench_rush_data",
        applicants=options.rush_applicants,
        sessions=True,
        stdout=out,
    )
    return [json.loads(line) for line in out.getvalue().splitlines() if line]


def rush(options: BenchOptions, entries: list[dict]) -> dict:
    plan = {
        "base_url": options.base_url,
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "static_path": baseline_static_path(),
        "entries": entries,
    }
    path = Path(settings.BENCH_DIR) / "rush-plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    return spawn("rush", "--plan", str(path), timeout=900)


def outcome(result: dict) -> dict:
    """What the database holds after the rush, against what each client read."""
    ids = [r["dossier"] for r in result["results"]]
    dossiers = Application.objects.filter(pk__in=ids).annotate(
        version_count=Count("versions", distinct=True),
        receipt_count=Count("versions", filter=~Q(versions__receipt=""), distinct=True),
    )
    emails = dict(
        OutboundEmail.objects.filter(
            template="submitted",
            context_ref__in=[f"applications.application:{pk}" for pk in ids],
        )
        .values_list("context_ref")
        .annotate(count=Count("pk"))
    )
    state = {}
    for dossier in dossiers:
        state[dossier.pk] = {
            "submitted": dossier.state == ApplicationState.SUBMITTED
            and dossier.version_count >= 1,
            "duplicated": dossier.version_count > 1
            or dossier.receipt_count > 1
            or emails.get(f"applications.application:{dossier.pk}", 0) > 1,
            "receipt": dossier.receipt_count >= 1,
        }
    told = {r["dossier"] for r in result["results"] if r.get("told_submitted")}
    return {
        "submitted": sum(s["submitted"] for s in state.values()),
        "lost": sum(1 for pk in told if not state[pk]["submitted"]),
        "duplicated": sum(s["duplicated"] for s in state.values()),
        "without_receipt": sum(
            1 for s in state.values() if s["submitted"] and not s["receipt"]
        ),
        "not_submitted": sum(not s["submitted"] for s in state.values()),
    }


def run(options: BenchOptions) -> list[Figure]:
    # One rush per `make bench`, whatever ``options.runs``: each renders N receipt
    # PDFs (a submission holds a worker about a second), and its N posts are already
    # N samples of the latency (docs/decisions/issue12-bench.md).
    runs = []
    for _ in range(1):
        entries = prepare(options)
        result = rush(options, entries)
        runs.append({**result, **outcome(result), "results": None})
    n = options.rush_applicants
    static_rps = tuple(r["static_requests_per_second"] for r in runs)
    common = {"applicants": n, "concurrency": n, "runs_detail": runs}

    def counts(key: str) -> tuple[float, ...]:
        return tuple(float(r[key]) for r in runs)

    errors = tuple(
        float(r["form_errors"] + r["post_errors"] + r["static_errors"]) for r in runs
    )
    return [
        Figure(
            scenario=SCENARIO,
            name="submissions",
            unit="submissions/s",
            runs=tuple(r["submitted"] / r["rush_seconds"] for r in runs),
            baseline_name="static file, same clients",
            baseline_runs=static_rps,
            note=f"{n} applicants posting at once",
            extra=common,
        ),
        Figure(
            scenario=SCENARIO,
            name="p95 of a submission",
            unit="ms",
            runs=tuple(r["p95_ms"] or 0.0 for r in runs),
            baseline_name="p95 of the static file",
            baseline_runs=tuple(r["static"]["p95_ms"] or 0.0 for r in runs),
            target="recorded",
        ),
        Figure(
            scenario=SCENARIO,
            name="lost submissions",
            unit="dossiers",
            runs=counts("lost"),
            baseline_name="applicants",
            baseline_runs=(float(n),),
            target="0",
            met=not any(counts("lost")),
            note="told « submitted », not submitted",
        ),
        Figure(
            scenario=SCENARIO,
            name="duplicated submissions",
            unit="dossiers",
            runs=counts("duplicated"),
            baseline_name="applicants",
            baseline_runs=(float(n),),
            target="0",
            met=not any(counts("duplicated")),
            note="more than one version, receipt or receipt email",
        ),
        Figure(
            scenario=SCENARIO,
            name="errors",
            unit="requests",
            runs=errors,
            baseline_name="applicants",
            baseline_runs=(float(n),),
            note=(
                f"not submitted: {max(counts('not_submitted')):.0f}, "
                f"without receipt: {max(counts('without_receipt')):.0f} (worst run)"
            ),
        ),
    ]
