"""The DSFR bundle (core/dsfr_bundle.py): committed and current, complete for
the classes the project's pages use, and its references valid for collectstatic."""

from __future__ import annotations

import posixpath
import re

import pytest
from django.contrib.staticfiles import finders

from core import dsfr_bundle

BUNDLE_STATIC = dsfr_bundle.OUTPUT_STATIC


@pytest.fixture(scope="module")
def used():
    return dsfr_bundle.used_classes()


@pytest.fixture(scope="module")
def committed():
    return dsfr_bundle.output_path().read_text(encoding="utf-8")


def test_committed_bundle_is_the_build_output(committed):
    assert committed == dsfr_bundle.build(), (
        "core/static/core/css/dsfr-sillon.min.css is out of date: run "
        "`manage.py build_dsfr_bundle` and commit the result."
    )


def test_every_dsfr_rule_the_pages_can_match_is_in_the_bundle(used, committed):
    full = dsfr_bundle.applicable_selectors(dsfr_bundle.full_dsfr_blocks(), used)
    bundled = dsfr_bundle.applicable_selectors(dsfr_bundle.parse(committed), used)
    assert full - bundled == set()


def test_used_classes_include_templates_python_and_dynamic_ones(used):
    assert {"fr-header", "fr-btn", "fr-card", "fr-icon-arrow-right-line"} <= used
    assert "fr-select" in used  # only in forms.py widgets' attrs
    assert dsfr_bundle.DYNAMIC_CLASSES <= used


def test_unused_component_and_icons_are_left_out(used, committed):
    assert "fr-tile" not in used and "fr-icon-cake-fill" not in used
    assert ".fr-tile{" not in committed
    assert ".fr-icon-cake-fill" not in committed
    assert ".fr-icon-arrow-right-line:after" in committed


def test_a_class_missing_from_the_build_fails_the_completeness_check(used):
    """The check above can fail: a bundle built without a used icon lacks its
    rule."""
    without = frozenset(used - {"fr-icon-arrow-right-line"})
    bundle = dsfr_bundle.parse(dsfr_bundle.build(without))
    full = dsfr_bundle.applicable_selectors(dsfr_bundle.full_dsfr_blocks(), used)
    missing = full - dsfr_bundle.applicable_selectors(bundle, used)
    assert ".fr-icon-arrow-right-line:after" in missing


def test_used_classes_reads_a_new_template(tmp_path):
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        '<p class="fr-tile fr-tile--sm">{{ x }}</p><a class="fr-icon-cake-fill">'
    )
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text('"fr-toggle"')
    found = dsfr_bundle.used_classes(tmp_path)
    assert {"fr-tile", "fr-tile--sm", "fr-icon-cake-fill"} <= found
    assert "fr-toggle" not in found  # tests are not pages


def test_prune_keeps_selectors_whose_classes_are_all_used():
    css = (
        ".fr-a,.fr-b{color:red}@media (min-width:48em){.fr-b .fr-c{margin:0}"
        '.fr-a:not(.fr-z){padding:0}}[class*=" fr-icon-"]:before{content:""}'
    )
    pruned = dsfr_bundle.serialise(dsfr_bundle.prune(dsfr_bundle.parse(css), {"fr-a"}))
    assert pruned == (
        ".fr-a{color:red}@media (min-width:48em){.fr-a:not(.fr-z){padding:0}}"
        '[class*=" fr-icon-"]:before{content:""}'
    )


def test_urls_are_rebased_from_the_dist_to_the_bundle():
    css = 'a{background:url(../../../icons/system/x.svg)}b{mask:url("data:a,b")}'
    rebased = dsfr_bundle.rebase_urls(
        css, "dsfr/dist/utility/icons/icons-system/s.css", BUNDLE_STATIC
    )
    assert rebased == (
        'a{background:url(../../dsfr/dist/icons/system/x.svg)}b{mask:url("data:a,b")}'
    )


def test_every_file_the_bundle_points_to_exists(committed):
    """So collectstatic's manifest storage can hash each of them."""
    base = BUNDLE_STATIC.rsplit("/", 1)[0]
    urls = {
        u
        for u in re.findall(r"url\(([^)\"']+)\)", committed)
        if not u.startswith("data:")
    }
    assert urls
    missing = [
        u for u in sorted(urls) if not finders.find(posixpath.normpath(f"{base}/{u}"))
    ]
    assert missing == []


def test_media_queries_follow_every_base_rule_narrowest_first():
    """As dsfr.min.css: a component's base rule never overrides the core's
    responsive column (``.fr-col-lg-3`` after ``.fr-fieldset__element``)."""
    core = dsfr_bundle.parse(
        "@media (min-width:62em){.fr-col-lg-3{width:25%}}.fr-col{flex:1}"
        "@media (min-width:48em){.fr-col-md-6{width:50%}}"
    )
    form = dsfr_bundle.parse(
        ".fr-fieldset__element{flex:1 1 100%}@media (min-width:48em){.fr-x{a:b}}"
    )
    merged = dsfr_bundle.serialise(dsfr_bundle.merge_media([core, form]))
    assert merged == (
        ".fr-col{flex:1}.fr-fieldset__element{flex:1 1 100%}"
        "@media (min-width:48em){.fr-col-md-6{width:50%}.fr-x{a:b}}"
        "@media (min-width:62em){.fr-col-lg-3{width:25%}}"
    )
