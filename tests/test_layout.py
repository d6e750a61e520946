"""Rules on the tests themselves."""

from pathlib import Path

TESTS = Path(__file__).parent
MATRIX = TESTS / "applications" / "test_workflow_matrix.py"


def test_the_state_forcing_helper_lives_in_the_transition_matrix_only():
    """Elsewhere a dossier reaches its state through the services (``drive_to``)."""
    needle = "force" + "_state"  # this file must not match itself
    offenders = [
        str(path.relative_to(TESTS))
        for path in sorted(TESTS.rglob("*.py"))
        if path != MATRIX and needle in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
