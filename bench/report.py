"""The figures as a table (terminal and Markdown) and the generated section of
docs/performance.md. No Django here: the tests import it as it is."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from .figures import Figure
from .options import BenchOptions

START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
INTRO = """# Performance

Figures measured by `make bench` (`python -m bench`): each is a ratio to a
baseline measured in the same run on the same machine, and each value is the
median of several runs. The section between the markers below is rewritten by
every run; write anything else outside it.
"""
COLUMNS = ("scenario", "figure", "median", "baseline", "ratio", "target", "met")


def number(value: float | None) -> str:
    """A figure as people read it: 3 significant digits, thousands separated."""
    if value is None:
        return "-"
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}".replace(",", " ")
    if abs(value) >= 100:
        return f"{value:,.0f}".replace(",", " ")
    if abs(value) >= 1:
        return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
    return f"{value:.3g}"


def met_label(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: ""}[met]


def rows(figures: Sequence[Figure]) -> list[tuple[str, ...]]:
    return [
        (
            figure.scenario,
            f"{figure.name} ({figure.unit})" if figure.unit else figure.name,
            number(figure.value),
            f"{number(figure.baseline)} ({figure.baseline_name})"
            if figure.baseline_name
            else number(figure.baseline),
            number(figure.ratio),
            figure.target,
            met_label(figure.met),
        )
        for figure in figures
    ]


def text_table(
    figures: Sequence[Figure], errors: Sequence[tuple[str, str]] = ()
) -> str:
    """The table for the terminal: aligned columns."""
    body = rows(figures) + [
        (name, "error", error, "", "", "", "") for name, error in errors
    ]
    table = [COLUMNS, *body]
    widths = [max(len(row[i]) for row in table) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True))
        for row in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(
    figures: Sequence[Figure], errors: Sequence[tuple[str, str]] = ()
) -> str:
    body = rows(figures) + [
        (name, "error", error, "", "", "", "") for name, error in errors
    ]
    lines = [
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "|".join("---" for _ in COLUMNS) + "|",
    ]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in body]
    return "\n".join(lines)


def json_lines(figures: Sequence[Figure]) -> list[str]:
    return [
        json.dumps(figure.as_dict(), ensure_ascii=False, default=str)
        for figure in figures
    ]


# The machine and the run ------------------------------------------------------------


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                kib = int(line.split()[1])
                return f"{kib / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def git_commit(root: Path) -> str:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " + uncommitted changes"
    return commit


def machine() -> dict[str, str]:
    return {
        "cores": str(os.cpu_count()),
        "memory": memory_total(),
        "cpu": cpu_model(),
        "python": platform.python_version(),
    }


def options_text(options: BenchOptions) -> str:
    return ", ".join(
        f"{name}={','.join(value) if isinstance(value, tuple) else value}"
        for name, value in asdict(options).items()
    )


def section(
    figures: Sequence[Figure],
    *,
    options: BenchOptions,
    database: str,
    commit: str,
    when: datetime | None = None,
    machine_info: dict[str, str] | None = None,
    errors: Sequence[tuple[str, str]] = (),
    notes: Sequence[str] = (),
) -> str:
    """The generated section, markers included."""
    when = when or datetime.now(UTC)
    info = machine_info or machine()
    lines = [
        START,
        "",
        "## Last run",
        "",
        f"- Date: {when:%Y-%m-%d %H:%M} UTC",
        f"- Commit: {commit}",
        f"- Machine: {info['cores']} cores ({info['cpu']}), {info['memory']} of memory"
        + (f", Python {info['python']}" if info.get("python") else ""),
        f"- Database: {database}",
        f"- Options: {options_text(options)}",
        *(f"- {note}" for note in notes),
        "",
        markdown_table(figures, errors),
        "",
        "<details><summary>One JSON line per figure</summary>",
        "",
        "```json",
        *json_lines(figures),
        "```",
        "",
        "</details>",
        "",
        END,
    ]
    return "\n".join(lines)


def replace_section(document: str, new_section: str) -> str:
    """``document`` with its generated section replaced (appended when absent);
    the text outside the markers is kept as it is."""
    start, end = document.find(START), document.find(END)
    if start != -1 and end > start:
        return document[:start] + new_section + document[end + len(END) :]
    if not document.strip():
        document = INTRO
    return document.rstrip("\n") + "\n\n" + new_section + "\n"


def write(path: Path, new_section: str) -> None:
    document = path.read_text(encoding="utf-8") if path.exists() else INTRO
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(replace_section(document, new_section), encoding="utf-8")
