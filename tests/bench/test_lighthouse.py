"""The Lighthouse scenario's figures, from made-up Lighthouse results (the runs
themselves belong to `make bench`)."""

from bench.options import BenchOptions
from bench.scenarios import lighthouse


def result(performance, *, seo=1.0, failing_seo=()):
    return {
        "scores": {
            "performance": performance,
            "accessibility": 1.0,
            "best-practices": 1.0,
            "seo": seo,
        },
        "weight_kib": 200.0,
        "fcp_ms": 1500.0,
        "lcp_ms": 1800.0,
        "tbt_ms": 0.0,
        "failing": {
            "accessibility": [],
            "best-practices": [],
            "seo": list(failing_seo),
        },
    }


def by_name(figures):
    return {f.name.split(": ")[1]: f for f in figures}


def test_performance_is_held_to_nine_tenths_of_the_baseline_page():
    baseline = [result(1.0)] * 3
    good = by_name(
        lighthouse.page_figures("home page", "/", [result(0.9)] * 3, baseline)
    )
    bad = by_name(
        lighthouse.page_figures(
            "home page", "/", [result(0.95), result(0.85), result(0.8)], baseline
        )
    )
    assert (good["performance"].value, good["performance"].met) == (0.9, True)
    assert (bad["performance"].value, bad["performance"].met) == (0.85, False)
    assert good["performance"].baseline_name == "minimal static page"


def test_other_categories_must_be_perfect_and_name_their_failing_audits():
    runs = [result(1.0, seo=0.9, failing_seo=["meta-description"])] * 3
    figures = by_name(lighthouse.page_figures("directory", "/annuaire/", runs, runs))
    assert figures["seo"].met is False
    assert figures["seo"].note == "failing: meta-description"
    assert figures["accessibility"].met is True
    assert figures["page weight"].unit == "KiB"
    assert figures["page weight"].met is None


def test_skipped_when_lighthouse_is_off():
    (figure,) = lighthouse.run(BenchOptions(lighthouse=False))
    assert figure.name == "skipped"
    assert "not run" in figure.note
