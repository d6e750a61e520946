"""The matrix's world for the property-based tests, and the line that tells how
many generated inputs were posted (``inputs_posted``/``forms_fuzzed`` recorded
by each test), printed in the terminal summary."""

from tests.access import fixtures

world = fixtures.world
_media_root = fixtures._media_root

_TALLY = {"forms_fuzzed": 0, "inputs_posted": 0}


def pytest_runtest_logreport(report):
    if report.when == "call":
        for name, value in report.user_properties:
            if name in _TALLY:
                _TALLY[name] += value


def pytest_terminal_summary(terminalreporter):
    if _TALLY["forms_fuzzed"]:
        terminalreporter.write_line(
            f"{_TALLY['inputs_posted']} generated inputs posted to "
            f"{_TALLY['forms_fuzzed']} forms"
        )
