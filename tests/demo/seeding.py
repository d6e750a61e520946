"""Running the demo seeder from the tests."""

from io import StringIO

from django.core.management import call_command

from calls.enums import CallStatus

EXPECTED_STATUSES = {
    "AAC-2024-BRE-FIL": CallStatus.CLOSED,
    "AAC-2026-BRE-MAV": CallStatus.OPEN,
    "AAC-2026-BRE-GDP": CallStatus.UPCOMING,
    # Closed the day before the seed runs: its dossiers are under instruction.
    "AAC-2026-ARA-FIL": CallStatus.CLOSED,
}


def seed() -> str:
    """Run ``seed_demo`` (forced: test settings have DEBUG off); return its output."""
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()
