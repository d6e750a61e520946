"""``python -m bench [options]``: one option per BenchOptions field.

python -m bench --runs 3 --rush-applicants 200
python -m bench --only public_pages,deadline_rush --no-lighthouse
"""

from __future__ import annotations

import argparse
import dataclasses
import sys

from .options import BenchOptions
from .runner import SCENARIOS, run

HELP = {
    "runs": "repetitions of each measurement; figures are medians",
    "base_url": "where gunicorn listens (127.0.0.1 only)",
    "workers": "gunicorn workers",
    "clients": "concurrent clients of the public pages",
    "seconds": "seconds of load per public-page measurement",
    "rush_applicants": "applicants submitting at once in the deadline rush",
    "only": "comma-separated scenarios, among: " + ", ".join(SCENARIOS),
    "postgresql": "(set by the runner from DATABASE_URL)",
}


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Sillon's performance figures (docs/performance.md). "
        "PostgreSQL when DATABASE_URL is set, SQLite otherwise.",
    )
    defaults = BenchOptions()
    for field in dataclasses.fields(BenchOptions):
        if field.name == "postgresql":
            continue  # the runner sets it from the database it prepares
        flag = "--" + field.name.replace("_", "-")
        default = getattr(defaults, field.name)
        help_text = HELP.get(field.name, field.name.replace("_", " "))
        if isinstance(default, bool):
            parser.add_argument(
                flag,
                action=argparse.BooleanOptionalAction,
                default=default,
                help=help_text,
            )
        elif isinstance(default, tuple):
            parser.add_argument(
                flag,
                type=lambda text: tuple(
                    n.strip() for n in text.split(",") if n.strip()
                ),
                default=default,
                help=help_text,
            )
        else:
            parser.add_argument(
                flag,
                type=type(default),
                default=default,
                help=f"{help_text} (default: {default})",
            )
    return parser


def options_from(argv: list[str] | None = None) -> BenchOptions:
    args = parser().parse_args(argv)
    values = {
        f.name: getattr(args, f.name)
        for f in dataclasses.fields(BenchOptions)
        if f.name != "postgresql"
    }
    unknown = set(values["only"]) - set(SCENARIOS)
    if unknown:
        parser().error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    return BenchOptions(**values)


if __name__ == "__main__":
    sys.exit(run(options_from()))
