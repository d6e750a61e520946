"""The command line of `make bench` and the parts of the harness that need no
server (no timings here)."""

import pytest

from bench import load, runner
from bench.__main__ import options_from
from bench.options import BenchOptions


def test_every_option_has_its_flag():
    options = options_from(
        [
            "--runs",
            "1",
            "--rush-applicants",
            "50",
            "--seconds",
            "2.5",
            "--only",
            "public_pages, deadline_rush",
            "--no-lighthouse",
        ]
    )

    assert options == BenchOptions(
        runs=1,
        rush_applicants=50,
        seconds=2.5,
        only=("public_pages", "deadline_rush"),
        lighthouse=False,
    )


def test_an_unknown_scenario_is_refused():
    with pytest.raises(SystemExit):
        options_from(["--only", "public_pages,nope"])


def test_selected_scenarios_keep_the_registry_order():
    options = BenchOptions(only=("deadline_rush", "public_pages"), lighthouse=False)

    assert runner.selected(options) == ["public_pages", "deadline_rush"]
    assert runner.selected(BenchOptions(lighthouse=False))[-1] == "national_scale"


def test_a_scenario_not_built_is_none_but_a_broken_import_raises(monkeypatch):
    assert runner.load_scenario("no_such_scenario") is None

    def broken(name):
        raise ModuleNotFoundError("No module named 'missing_dep'", name="missing_dep")

    monkeypatch.setattr(runner.importlib, "import_module", broken)
    with pytest.raises(ModuleNotFoundError):
        runner.load_scenario("ranking")


def test_run_scenarios_reports_a_failure_as_a_row_and_goes_on(monkeypatch, capsys):
    class Failing:
        @staticmethod
        def run(options):
            raise ValueError("no data")

    modules = {"public_pages": Failing, "deadline_rush": None}
    monkeypatch.setattr(runner, "load_scenario", modules.get)

    figures, errors = runner.run_scenarios(
        BenchOptions(), ["public_pages", "deadline_rush"]
    )

    assert figures == []
    assert errors == [("public_pages", "ValueError: no data")]
    assert "scenario deadline_rush: not built" in capsys.readouterr().out


def test_the_bench_database_sits_beside_database_url():
    assert (
        runner.with_database("postgres://postgres@127.0.0.1:5432/postgres", "b")
        == "postgres://postgres@127.0.0.1:5432/b"
    )


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]

    assert load.percentile(values, 0.5) == 50.0
    assert load.percentile(values, 0.95) == 95.0
    assert load.percentile([], 0.95) is None
    assert load.percentile([3.0], 0.99) == 3.0


def test_the_load_generator_talks_to_this_machine_only():
    assert load.local_only("http://127.0.0.1:8765/") == "http://127.0.0.1:8765/"
    with pytest.raises(SystemExit):
        load.local_only("http://example.org/")
