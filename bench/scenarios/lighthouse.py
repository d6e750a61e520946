"""What a visitor's phone receives: Lighthouse 12 (mobile profile, its default
simulated slow 4G and fourfold CPU slowdown) on the home page, an open call's page and
the directory, against the bench server.

Figures, per page, medians of ``options.runs`` runs:

- the performance score, against the score of a minimal static HTML page served
  by the same server in the same run (bench/static/bench/lighthouse-baseline.html,
  the best this machine and Chromium reach: 1.0 unless the machine is starved);
  target: ratio ≥ 0.9;
- accessibility, best practices and SEO scores, against their maximum (1.0):
  target 1.0;
- page weight (total bytes transferred, KiB) and first contentful paint (ms),
  recorded against the same baseline page, without target.

Lighthouse is installed from npm into var/lighthouse/ when missing; Chromium is
Debian's (/usr/bin/chromium, or CHROME_PATH).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
from dataclasses import replace
from pathlib import Path

from django.conf import settings
from django.templatetags.static import static
from django.utils import timezone

from bench.figures import Figure, ratio_at_least
from bench.options import BenchOptions
from calls.enums import CallStatus
from cms.models import CallPage, HomePage
from directory.models import DirectoryPage

SCENARIO = "lighthouse"
PERFORMANCE_TARGET = 0.9
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
OTHER_CATEGORIES = CATEGORIES[1:]
LIGHTHOUSE = "lighthouse@12"
BASELINE_STATIC = "bench/lighthouse-baseline.html"
RUN_TIMEOUT = 180
# Chromium sometimes fails to start on a loaded machine: one more try.
ATTEMPTS = 2


def lighthouse_dir() -> Path:
    return Path(settings.BASE_DIR) / "var" / "lighthouse"


def lighthouse_cli() -> Path:
    """The Lighthouse CLI, installed into var/lighthouse/ on first use."""
    cli = lighthouse_dir() / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed to install Lighthouse (node ≥ 18).")
        lighthouse_dir().mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                npm,
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(lighthouse_dir()),
                LIGHTHOUSE,
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return cli


def chrome_path() -> str:
    path = (
        os.environ.get("CHROME_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    )
    if not Path(path).exists():
        raise RuntimeError(f"Chromium not found ({path}): apt-get install chromium.")
    return path


def audit(url: str) -> dict:
    """One Lighthouse run of ``url``: scores, weight, paint times, and the ids of
    the audits that cost points in the non-performance categories."""
    command = [
        "node",
        str(lighthouse_cli()),
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox",
    ]
    env = {**os.environ, "CHROME_PATH": chrome_path()}
    for _attempt in range(ATTEMPTS):
        completed = subprocess.run(
            command, env=env, capture_output=True, timeout=RUN_TIMEOUT, check=False
        )
        if completed.returncode == 0:
            break
    else:
        raise RuntimeError(
            f"Lighthouse on {url} failed {ATTEMPTS} times: "
            + completed.stderr.decode(errors="replace")[-2000:]
        )
    report = json.loads(completed.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"Lighthouse on {url}: {report['runtimeError']}")
    audits = report["audits"]
    failing = {}
    for category in OTHER_CATEGORIES:
        refs = report["categories"][category]["auditRefs"]
        failing[category] = sorted(
            ref["id"]
            for ref in refs
            if ref["weight"] and (audits[ref["id"]].get("score") or 0) < 1
        )
    return {
        "scores": {c: report["categories"][c]["score"] for c in CATEGORIES},
        "weight_kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "failing": failing,
    }


def open_call_path() -> str:
    """The page of a published call open now (any live call page otherwise)."""
    pages = CallPage.objects.live().select_related("call").order_by("pk")
    now = timezone.now()
    for page in pages:
        if page.call.status(now) == CallStatus.OPEN:
            return page.get_url()
    page = pages.first()
    if page is None:
        raise RuntimeError("No live call page: seed the bench data first.")
    return page.get_url()


def page_paths() -> dict[str, str]:
    return {
        "home page": HomePage.objects.live().get().get_url(),
        "call page": open_call_path(),
        "directory": DirectoryPage.objects.live().first().get_url(),
    }


def skipped(note: str) -> list[Figure]:
    return [
        Figure(
            scenario=SCENARIO,
            name="skipped",
            unit="",
            runs=(0.0,),
            baseline_name="",
            baseline_runs=(0.0,),
            note=note,
        )
    ]


def median_of(results: list[dict], key) -> tuple[float, ...]:
    return tuple(key(r) for r in results)


def page_figures(name: str, path: str, results: list[dict], baseline: list[dict]):
    label = f"{name} {path}"
    performance = Figure(
        scenario=SCENARIO,
        name=f"{label}: performance",
        unit="score",
        runs=median_of(results, lambda r: r["scores"]["performance"]),
        baseline_name="minimal static page",
        baseline_runs=median_of(baseline, lambda r: r["scores"]["performance"]),
        target=f"≥ {PERFORMANCE_TARGET}",
        extra={
            "lcp_ms": [r["lcp_ms"] for r in results],
            "tbt_ms": [r["tbt_ms"] for r in results],
        },
    )
    figures = [
        replace(
            performance,
            met=bool(ratio_at_least(performance.ratio, PERFORMANCE_TARGET)),
        )
    ]
    for category in OTHER_CATEGORIES:
        runs = median_of(results, lambda r, c=category: r["scores"][c])
        failing = sorted({a for r in results for a in r["failing"][category]})
        figures.append(
            Figure(
                scenario=SCENARIO,
                name=f"{label}: {category}",
                unit="score",
                runs=runs,
                baseline_name="maximum score",
                baseline_runs=(1.0,),
                target="= 1.0",
                met=statistics.median(runs) >= 1.0,
                note=("failing: " + ", ".join(failing)) if failing else "",
            )
        )
    for key, unit, title in (
        ("weight_kib", "KiB", "page weight"),
        ("fcp_ms", "ms", "FCP"),
    ):
        figures.append(
            Figure(
                scenario=SCENARIO,
                name=f"{label}: {title}",
                unit=unit,
                runs=median_of(results, lambda r, k=key: round(r[k], 1)),
                baseline_name="minimal static page",
                baseline_runs=median_of(baseline, lambda r, k=key: round(r[k], 1)),
                note="recorded, no target",
            )
        )
    return figures


def run(options: BenchOptions) -> list[Figure]:
    if not options.lighthouse:
        return skipped("Lighthouse not run (--no-lighthouse).")
    base = options.base_url.rstrip("/")
    paths = page_paths()
    baseline_url = base + static(BASELINE_STATIC)
    baseline: list[dict] = []
    results: dict[str, list[dict]] = {name: [] for name in paths}
    for _ in range(options.runs):
        baseline.append(audit(baseline_url))
        for name, path in paths.items():
            results[name].append(audit(base + path))
    figures = []
    for name, path in paths.items():
        figures += page_figures(name, path, results[name], baseline)
    return figures
