"""The sizes and counts of a `make bench` run; every one is a command-line option
of ``python -m bench`` (the defaults finish in under ten minutes on two cores)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchOptions:
    # How many times each measurement is repeated; figures are medians.
    runs: int = 3
    # The server every HTTP scenario talks to (gunicorn started by the runner).
    base_url: str = "http://127.0.0.1:8765"
    workers: int = 2
    # Public pages: concurrent clients and seconds of load per measurement.
    clients: int = 16
    seconds: float = 5.0
    # Deadline rush: applicants submitting at once, each with three attachments.
    rush_applicants: int = 200
    # Ranking: dossiers x reviews x criteria of one call.
    ranking_dossiers: int = 2000
    ranking_reviews: int = 3
    ranking_criteria: int = 8
    # Staff dossier list: the small and the large call.
    staff_list_small: int = 10
    staff_list_large: int = 1000
    # Release of decision letters.
    letters: int = 200
    # Exports: the baseline and the measured size.
    export_small: int = 1000
    export_large: int = 10_000
    # National scale: authorities, dossiers, directory services (and the
    # reference sizes they are compared with).
    national_authorities: int = 18
    national_dossiers: int = 180_000
    national_services: int = 10_000
    national_reference_dossiers: int = 1000
    national_reference_services: int = 100
    # Lighthouse: pages audited, mobile profile.
    lighthouse: bool = True
    # Only these scenarios (by module name); empty: all.
    only: tuple[str, ...] = ()
    # Whether the bench database is PostgreSQL (set by the runner).
    postgresql: bool = False
    # National scale on SQLite: the share of the dossiers and services generated
    # (generating the full size there takes most of the time budget); 1: full.
    national_sqlite_scale: float = 0.1
    # Exports: untimed traced run (peak memory) plus this many timed runs per
    # size and format (an export of 10,000 dossiers takes seconds).
    export_runs: int = 1
