"""The server-rendered chart of a dossier's scores per criterion."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils.translation import gettext

from reviews.charts import criterion_chart_svg, number
from reviews.selectors import ChartCriterion, ChartReviewer, CriterionChart

SVG = "{http://www.w3.org/2000/svg}"


def _chart(**overrides):
    values = {
        "application_pk": 7,
        "criteria": [
            ChartCriterion(pk=1, label="Gouvernance <b>&</b>", max_score=4),
            ChartCriterion(pk=2, label="Territoire", max_score=10),
        ],
        "reviewers": [
            ChartReviewer(pk=11, label="Instructeur 1", name="Léa <Martin>"),
            ChartReviewer(pk=12, label="Instructeur 2", name="Tom & Jerry"),
        ],
        "values": {
            11: {1: Decimal("4.00"), 2: Decimal("5.00")},
            12: {1: Decimal("2.50"), 2: None},
        },
    }
    values.update(overrides)
    return CriterionChart(**values)


def _texts(root):
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def test_chart_is_a_named_image():
    root = ET.fromstring(str(criterion_chart_svg(_chart(), title="Scores de X")))

    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert title.text == "Scores de X"
    assert desc.text
    assert title.get("id") == "criterion-chart-7-title"


def test_chart_bars_carry_value_and_reviewer_in_text():
    root = ET.fromstring(str(criterion_chart_svg(_chart())))

    texts = _texts(root)
    assert texts.count("Instructeur 1") == 3  # legend, then one per criterion
    assert texts.count("Instructeur 2") == 3
    assert "4 / 4" in texts
    assert "2,5 / 4" in texts
    assert "5 / 10" in texts
    assert gettext("not scored") in texts  # Territoire, reviewer 2


def test_chart_bar_lengths_are_score_over_maximum():
    root = ET.fromstring(str(criterion_chart_svg(_chart())))

    bars = [
        rect
        for rect in root.iter(f"{SVG}rect")
        if (rect.get("fill") or "").startswith("url(#") and rect.get("width") != "28"
    ]
    # Per criterion, per reviewer: 4/4, 2.5/4, 5/10, none.
    assert [float(bar.get("width")) for bar in bars] == [400.0, 250.0, 200.0, 0.0]


def test_chart_reviewers_differ_by_pattern_not_colour_alone():
    root = ET.fromstring(str(criterion_chart_svg(_chart())))

    patterns = list(root.iter(f"{SVG}pattern"))
    assert [p.get("id") for p in patterns] == [
        "criterion-chart-7-p0",
        "criterion-chart-7-p1",
    ]
    shapes = [
        sorted(child.tag for child in pattern if child.tag != f"{SVG}rect")
        for pattern in patterns
    ]
    assert shapes[0] != shapes[1]  # a plain fill, then a hatching


def test_chart_escapes_text():
    svg = str(criterion_chart_svg(_chart(), names=True, title="<script>"))

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Gouvernance &lt;b&gt;&amp;&lt;/b&gt;" in svg
    assert "Tom &amp; Jerry" in svg
    root = ET.fromstring(svg)
    assert "Instructeur 1 — Léa <Martin>" in _texts(root)


def test_chart_empty_without_reviews():
    assert str(criterion_chart_svg(_chart(reviewers=[], values={}))) == ""


def test_number_in_french():
    assert [number(Decimal(v)) for v in ("4.00", "2.50", "0", "10")] == [
        "4",
        "2,5",
        "0",
        "10",
    ]
