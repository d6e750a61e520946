"""The report of `make bench`: the table and the generated section of
docs/performance.md (no timings here: the figures are made up)."""

import json
from datetime import UTC, datetime

from bench import report
from bench.figures import Figure
from bench.options import BenchOptions

MACHINE = {"cores": "2", "cpu": "Test CPU", "memory": "4.0 GiB", "python": "3.11"}


def figure(**overrides) -> Figure:
    values = {
        "scenario": "public_pages",
        "name": "call page",
        "unit": "requests/s",
        "runs": (120.0, 132.0, 125.0),
        "baseline_name": "static file",
        "baseline_runs": (5000.0, 5370.0, 5400.0),
        "target": "≥ 0.8",
        "met": False,
    }
    return Figure(**{**values, **overrides})


def make_section(figures, **kwargs) -> str:
    return report.section(
        figures,
        options=BenchOptions(runs=3, only=("public_pages",)),
        database="SQLite 3.40",
        commit="abc1234",
        when=datetime(2026, 12, 4, 15, 0, tzinfo=UTC),
        machine_info=MACHINE,
        **kwargs,
    )


def test_markdown_table_holds_medians_ratio_target_and_met():
    table = report.markdown_table([figure()])

    assert table.splitlines() == [
        "| scenario | figure | median | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
        "| public_pages | call page (requests/s) | 125 | 5 370 (static file) "
        "| 0.0233 | ≥ 0.8 | NO |",
    ]


def test_markdown_table_escapes_pipes_and_lists_scenario_errors():
    table = report.markdown_table(
        [figure(name="a|b", met=True)], errors=[("ranking", "boom")]
    )

    lines = table.splitlines()
    assert lines[2].startswith("| public_pages | a\\|b (requests/s) |")
    assert lines[2].endswith("| yes |")
    assert lines[3] == "| ranking | error | boom |  |  |  |  |"


def test_text_table_aligns_the_columns():
    lines = report.text_table([figure(), figure(name="home", met=None)]).splitlines()

    assert lines[0].split() == [
        "scenario",
        "figure",
        "median",
        "baseline",
        "ratio",
        "target",
        "met",
    ]
    assert set(lines[1]) == {"-", " "}
    assert lines[2].index("125") == lines[3].index("125") == lines[0].index("median")
    assert not lines[3].endswith(" ")


def test_number_reads_as_people_read_figures():
    assert report.number(None) == "-"
    assert report.number(0.0) == "0"
    assert report.number(19069.18) == "19 069"
    assert report.number(2.1777) == "2.18"
    assert report.number(13.94) == "13.9"
    assert report.number(0.0059540) == "0.00595"


def test_section_names_the_run_and_keeps_one_json_line_per_figure():
    figures = [figure(), figure(name="home page", met=True)]

    section = make_section(figures, notes=["Duration: 12 s"])

    assert section.startswith(report.START)
    assert section.endswith(report.END)
    assert "- Date: 2026-12-04 15:00 UTC" in section
    assert "- Commit: abc1234" in section
    assert "- Machine: 2 cores (Test CPU), 4.0 GiB of memory, Python 3.11" in section
    assert "- Database: SQLite 3.40" in section
    assert "runs=3" in section
    assert "only=public_pages" in section
    assert "- Duration: 12 s" in section
    block = section.split("```json\n")[1].split("\n```")[0]
    assert [json.loads(line)["name"] for line in block.splitlines()] == [
        "call page",
        "home page",
    ]
    assert json.loads(block.splitlines()[0])["value"] == 125.0


def test_replace_section_keeps_the_text_outside_the_markers():
    document = (
        "# Performance\n\nWritten by hand.\n\n"
        f"{report.START}\nold figures\n{report.END}\n\n## Causes\n\nKept too.\n"
    )

    updated = report.replace_section(document, make_section([figure()]))

    assert updated.startswith("# Performance\n\nWritten by hand.\n\n" + report.START)
    assert updated.endswith(report.END + "\n\n## Causes\n\nKept too.\n")
    assert "old figures" not in updated
    assert updated.count(report.START) == 1


def test_replace_section_appends_when_there_are_no_markers():
    updated = report.replace_section("# Notes\n", "SECTION")

    assert updated == "# Notes\n\nSECTION\n"


def test_write_creates_the_file_with_an_intro(tmp_path):
    path = tmp_path / "docs" / "performance.md"

    report.write(path, make_section([figure()]))
    report.write(path, make_section([figure(name="second run")]))

    text = path.read_text(encoding="utf-8")
    assert text.startswith(report.INTRO)
    assert text.count(report.START) == 1
    assert "second run" in text
    assert "| call page (requests/s)" not in text


def test_git_commit_marks_uncommitted_changes(tmp_path, monkeypatch):
    outputs = {"rev-parse": "abc1234\n", "status": " M bench/runner.py\n"}

    def fake_run(command, **kwargs):
        class Done:
            stdout = outputs[command[1]]

        return Done()

    monkeypatch.setattr(report.subprocess, "run", fake_run)

    assert report.git_commit(tmp_path) == "abc1234 + uncommitted changes"
    outputs["status"] = ""
    assert report.git_commit(tmp_path) == "abc1234"
