"""The chart of a dossier's scores per criterion: an SVG rendered on the server
(no script), readable without colour.

Per criterion, one horizontal bar per reviewer, its length the score over the
criterion's maximum. Reviewers are told apart by a fill pattern AND a text
label beside each bar; each bar carries its value in text. The SVG is an image
(``role="img"``) named by its ``<title>`` and ``<desc>``; the page shows the
same values in a table beside it (``CriterionChart.table_rows``).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .selectors import ChartReviewer, CriterionChart

WIDTH = 720
LABEL_X = 170  # right edge of the reviewers' labels
BAR_X = 180
BAR_LENGTH = 400
BAR_HEIGHT = 14
ROW = 20  # one reviewer's line
HEADING = 24  # a criterion's heading line
LEGEND_ROW = 22
TOP = 8
INK = "#1b1b1b"

# Fill patterns, one per reviewer (cycled beyond six): the shapes tell the
# reviewers apart; the colours only help.
PATTERNS = (
    ("solid", "#1d4f91"),
    ("diagonal", "#b34700"),
    ("dots", "#2d6a2d"),
    ("cross", "#6b2c91"),
    ("horizontal", "#8a5a00"),
    ("vertical", "#0b6b6b"),
)


def _pattern_def(pattern_id: str, shape: str, colour: str) -> SafeString:
    if shape == "solid":
        body = format_html('<rect width="8" height="8" fill="{}"/>', colour)
    elif shape == "diagonal":
        body = format_html(
            '<rect width="8" height="8" fill="#ffffff"/>'
            '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{}" '
            'stroke-width="2"/>',
            colour,
        )
    elif shape == "dots":
        body = format_html(
            '<rect width="8" height="8" fill="#ffffff"/>'
            '<circle cx="4" cy="4" r="2" fill="{}"/>',
            colour,
        )
    elif shape == "cross":
        body = format_html(
            '<rect width="8" height="8" fill="#ffffff"/>'
            '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="{}" stroke-width="1.5"/>',
            colour,
        )
    elif shape == "horizontal":
        body = format_html(
            '<rect width="8" height="8" fill="#ffffff"/>'
            '<path d="M0,2 h8 M0,6 h8" stroke="{}" stroke-width="2"/>',
            colour,
        )
    else:
        body = format_html(
            '<rect width="8" height="8" fill="#ffffff"/>'
            '<path d="M2,0 v8 M6,0 v8" stroke="{}" stroke-width="2"/>',
            colour,
        )
    return format_html(
        '<pattern id="{}" width="8" height="8" patternUnits="userSpaceOnUse">'
        "{}</pattern>",
        pattern_id,
        body,
    )


def number(value) -> str:
    """A score in French: « 3,5 », « 4 »."""
    decimal = Decimal(value).normalize()
    if decimal == decimal.to_integral_value():
        decimal = decimal.quantize(Decimal(1))
    return f"{decimal:f}".replace(".", ",")


def _score_text(value, max_score: int) -> str:
    if value is None:
        return _("not scored")
    return f"{number(value)} / {max_score}"


def _legend(prefix: str, labels) -> tuple[SafeString, int]:
    items, y = [], TOP
    for index, label in enumerate(labels):
        items.append(
            format_html(
                '<rect x="{}" y="{}" width="28" height="{}" fill="url(#{}-p{})" '
                'stroke="{}"/><text x="{}" y="{}">{}</text>',
                BAR_X,
                y,
                BAR_HEIGHT,
                prefix,
                index % len(PATTERNS),
                INK,
                BAR_X + 36,
                y + BAR_HEIGHT - 3,
                label,
            )
        )
        y += LEGEND_ROW
    # Each part is built by format_html: escaped already.
    return mark_safe("".join(items)), y


def _criterion_group(prefix, chart, criterion, labels, y) -> tuple[SafeString, int]:
    parts = [
        format_html(
            '<text x="8" y="{}" font-weight="bold">{}</text>',
            y + 16,
            _("%(criterion)s (out of %(max)d)")
            % {"criterion": criterion.label, "max": criterion.max_score},
        )
    ]
    y += HEADING
    for index, (reviewer, label) in enumerate(
        zip(chart.reviewers, labels, strict=True)
    ):
        value = chart.value(reviewer, criterion)
        ratio = min(max(Decimal(value or 0) / criterion.max_score, Decimal(0)), 1)
        length = round(float(ratio) * BAR_LENGTH, 1)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="none" '
                'stroke="#8c8c8c" stroke-dasharray="2 2"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-p{})" '
                'stroke="{}"/>'
                '<text x="{}" y="{}">{}</text>',
                LABEL_X,
                y + BAR_HEIGHT - 3,
                label,
                BAR_X,
                y,
                BAR_LENGTH,
                BAR_HEIGHT,
                BAR_X,
                y,
                length,
                BAR_HEIGHT,
                prefix,
                index % len(PATTERNS),
                INK,
                BAR_X + BAR_LENGTH + 8,
                y + BAR_HEIGHT - 3,
                _score_text(value, criterion.max_score),
            )
        )
        y += ROW
    # Each part is built by format_html: escaped already.
    return mark_safe("".join(parts)), y + 6


def _label(reviewer: ChartReviewer, names: bool) -> str:
    return f"{reviewer.label} — {reviewer.name}" if names else reviewer.label


def criterion_chart_svg(
    chart: CriterionChart, *, names: bool = False, title: str = ""
) -> SafeString:
    """The chart as inline SVG markup; empty when no review counts yet (the
    page then says so in text). ``names`` adds the reviewers' names to their
    labels (« Instructeur 1 — Claude Martin »)."""
    if chart.is_empty or not chart.criteria:
        return SafeString("")
    prefix = f"criterion-chart-{chart.application_pk}"
    labels = [_label(reviewer, names) for reviewer in chart.reviewers]
    patterns = format_html_join(
        "",
        "{}",
        (
            (_pattern_def(f"{prefix}-p{index}", *PATTERNS[index]),)
            for index in range(min(len(chart.reviewers), len(PATTERNS)))
        ),
    )
    legend, y = _legend(prefix, labels)
    groups = []
    for criterion in chart.criteria:
        group, y = _criterion_group(prefix, chart, criterion, labels, y + 4)
        groups.append(group)
    height = y + TOP
    description = ngettext(
        "Score of %(count)d reviewer for each of the %(criteria)d criteria, as "
        "horizontal bars (score over the criterion's maximum); each bar is "
        "labelled with the reviewer and the score. The table beside gives the "
        "same values.",
        "Scores of %(count)d reviewers for each of the %(criteria)d criteria, as "
        "horizontal bars (score over the criterion's maximum); each reviewer has "
        "a fill pattern and each bar is labelled with the reviewer and the "
        "score. The table beside gives the same values.",
        len(chart.reviewers),
    ) % {"count": len(chart.reviewers), "criteria": len(chart.criteria)}
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="criterion-chart" '
        'role="img" aria-labelledby="{p}-title {p}-desc" width="{w}" '
        'height="{h}" viewBox="0 0 {w} {h}" font-family="sans-serif" '
        'font-size="12" fill="{ink}">'
        '<title id="{p}-title">{title}</title>'
        '<desc id="{p}-desc">{desc}</desc>'
        "<defs>{patterns}</defs>{legend}{groups}</svg>",
        p=prefix,
        w=WIDTH,
        h=height,
        ink=INK,
        title=title or _("Scores per criterion"),
        desc=description,
        patterns=patterns,
        legend=legend,
        groups=mark_safe("".join(groups)),
    )
