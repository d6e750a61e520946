"""The one stylesheet a visitor's browser loads: the parts of the DSFR that
Sillon's pages use, then Sillon's own additions (cms/css/sillon.css).

django-dsfr's ``{% dsfr_css %}`` loads the whole DSFR (dsfr.min.css, 712 KB) and
every icon (utility.min.css, 459 KB). This module builds instead, from the DSFR
dist that django-dsfr ships:

- the core (fonts, grid, spacing, typography, colour variables), whole;
- each component whose classes the project uses (a class "belongs" to a
  component when one of the component's selectors starts with it), whole, so
  the states the DSFR's JavaScript toggles are kept;
- from the utilities (icons, colour classes), only the rules whose classes are
  all used, with the icon files they point to.

The classes used are the ``fr-*`` tokens of the project's templates, Python
modules and scripts, plus :data:`DYNAMIC_CLASSES` (classes a template builds
from a variable). Relative ``url()`` references are rewritten to point into the
DSFR dist from the bundle's place, so collectstatic's manifest storage hashes
them. ``manage.py build_dsfr_bundle`` writes the result to :data:`OUTPUT`, which
is committed: nothing is built at run time, and a test checks it is current.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import dsfr
from django.conf import settings
from django.contrib.staticfiles import finders

DIST_STATIC = "dsfr/dist"  # the DSFR dist's place among the static files
OUTPUT_STATIC = "core/css/dsfr-sillon.min.css"  # the bundle's
# Appended after the DSFR, comments and line breaks dropped: django-dsfr's few
# rules for Django's error lists (part of ``{% dsfr_css %}``), then Sillon's.
EXTRA_CSS = ("css/dsfr-django-overrides.css", "cms/css/sillon.css")

# Classes a template builds from a variable (``fr-alert--{{ level }}``).
DYNAMIC_CLASSES = frozenset(
    {
        # base.html: the messages' levels (debug shows as info).
        "fr-alert--info",
        "fr-alert--success",
        "fr-alert--warning",
        "fr-alert--error",
    }
)

# Where the classes are looked for, under the project's root; e-mails and PDFs
# never load the bundle.
SOURCE_SUFFIXES = (".html", ".py", ".js")
SKIPPED_PARTS = frozenset(
    {".venv", "var", "node_modules", "tests", "migrations", "emails", "pdf", "bench"}
)

CLASS_TOKEN = re.compile(r"(?<![\w-])fr-[a-z0-9]+(?:(?:--?|__)[a-z0-9]+)*")
SELECTOR_CLASS = re.compile(r"\.(fr-[\w-]+)")
NOT_PSEUDO = re.compile(r":not\([^()]*\)")
URL = re.compile(r"url\((['\"]?)([^'\")]+)\1\)")


def dist_dir() -> Path:
    return Path(dsfr.__file__).parent / "static" / DIST_STATIC


def output_path() -> Path:
    return Path(settings.BASE_DIR) / "core" / "static" / OUTPUT_STATIC


# --- The classes the project uses -------------------------------------------


def source_files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if SKIPPED_PARTS.intersection(relative.parts[:-1]):
            continue
        if path.suffix in SOURCE_SUFFIXES and path.is_file():
            yield path


def used_classes(root: Path | None = None) -> frozenset[str]:
    """Every ``fr-*`` token of the project's templates, modules and scripts."""
    root = Path(settings.BASE_DIR) if root is None else root
    found: set[str] = set(DYNAMIC_CLASSES)
    for path in source_files(root):
        found.update(CLASS_TOKEN.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


# --- A minimal reader of (minified) CSS ---------------------------------------


@dataclass
class Block:
    """``prelude { body }``; ``children`` for a conditional at-rule."""

    prelude: str
    body: str
    children: list[Block] | None = None

    def css(self) -> str:
        inner = (
            "".join(child.css() for child in self.children)
            if self.children is not None
            else self.body
        )
        return f"{self.prelude}{{{inner}}}"


NESTING_AT_RULES = ("@media", "@supports", "@layer", "@container")


def parse(css: str) -> list[Block]:
    """Top-level blocks of ``css``, comments dropped; a statement such as
    ``@charset "x";`` is kept as a block without body."""
    css = strip_comments(css)
    blocks: list[Block] = []
    i, start, n = 0, 0, len(css)
    while i < n:
        char = css[i]
        if char == "{":
            prelude = css[start:i].strip()
            body_end = matching_brace(css, i)
            body = css[i + 1 : body_end]
            children = parse(body) if prelude.startswith(NESTING_AT_RULES) else None
            blocks.append(Block(prelude, body, children))
            i = start = body_end + 1
        elif char == ";" and css[start:i].strip().startswith("@"):
            blocks.append(Block(css[start : i + 1].strip(), ""))
            i = start = i + 1
        else:
            i += 1
    return blocks


def strip_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def matching_brace(css: str, opening: int) -> int:
    depth, i, quote = 0, opening, ""
    while i < len(css):
        char = css[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError("Unbalanced braces in the DSFR's CSS.")


def serialise(blocks: Iterable[Block]) -> str:
    return "".join(
        block.prelude if block.prelude.endswith(";") else block.css()
        for block in blocks
    )


def split_selectors(prelude: str) -> list[str]:
    parts, depth, current = [], 0, []
    for char in prelude:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def selector_classes(selector: str) -> set[str]:
    """The ``fr-*`` classes a selector requires (not those it excludes)."""
    previous = None
    while previous != selector:
        previous, selector = selector, NOT_PSEUDO.sub("", selector)
    return set(SELECTOR_CLASS.findall(selector))


def prune(blocks: list[Block], used: frozenset[str]) -> list[Block]:
    """Only the rules with a selector whose ``fr-*`` classes are all used."""
    kept: list[Block] = []
    for block in blocks:
        if block.children is not None:
            children = prune(block.children, used)
            if children:
                kept.append(Block(block.prelude, "", children))
        elif block.prelude.startswith("@"):
            kept.append(block)
        else:
            selectors = [
                s for s in split_selectors(block.prelude) if selector_classes(s) <= used
            ]
            if selectors:
                kept.append(Block(",".join(selectors), block.body))
    return kept


def defined_classes(blocks: Iterable[Block]) -> set[str]:
    """Every ``fr-*`` class some selector of ``blocks`` names."""
    found: set[str] = set()
    for block in blocks:
        if block.children is not None:
            found |= defined_classes(block.children)
        elif not block.prelude.startswith("@"):
            found.update(SELECTOR_CLASS.findall(block.prelude))
    return found


def applicable_selectors(blocks: Iterable[Block], used: frozenset[str]) -> set[str]:
    """The selectors of ``blocks`` that can match the project's markup: they
    name at least one ``fr-*`` class, and only used ones."""
    found: set[str] = set()
    for block in blocks:
        if block.children is not None:
            found |= applicable_selectors(block.children, used)
        elif not block.prelude.startswith("@"):
            for selector in split_selectors(block.prelude):
                if classes := selector_classes(selector):
                    if classes <= used:
                        found.add(selector.strip())
    return found


# --- url() references --------------------------------------------------------


def rebase_urls(css: str, source_static: str, target_static: str) -> str:
    """Relative ``url()`` of a file at ``source_static`` (a static path), made
    relative to ``target_static``."""
    source_dir = posixpath.dirname(source_static)
    target_dir = posixpath.dirname(target_static)

    def rebase(match: re.Match) -> str:
        url = match.group(2)
        if url.startswith(("data:", "/", "#", "http:", "https:")):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(source_dir, url))
        return f"url({posixpath.relpath(resolved, target_dir)})"

    return URL.sub(rebase, css)


# --- The bundle ----------------------------------------------------------------


def read_dist(relative: str) -> str:
    return (dist_dir() / relative).read_text(encoding="utf-8")


def component_sheet(name: str) -> str | None:
    """The component's stylesheet (its modern part when split), if it has one."""
    for sheet in (f"{name}.main.min.css", f"{name}.min.css"):
        if (dist_dir() / "component" / name / sheet).is_file():
            return f"component/{name}/{sheet}"
    return None


def component_names() -> list[str]:
    """The DSFR's components with a stylesheet, in the order of its full one."""
    full = read_dist("component/component.main.min.css")
    names = [
        p.name
        for p in (dist_dir() / "component").iterdir()
        if p.is_dir() and component_sheet(p.name)
    ]

    def position(name: str) -> tuple[int, str]:
        text = strip_comments(read_dist(component_sheet(name))).strip()
        found = full.find(text[:200])
        return (found if found >= 0 else len(full), name)

    return sorted(names, key=position)


def components_for(used: frozenset[str]) -> list[str]:
    """The components with a rule for the project's markup."""
    return [
        name
        for name in component_names()
        if applicable_selectors(parse(read_dist(component_sheet(name))), used)
    ]


HEADER = (
    "/*! Sillon: DSFR v{version} (core, {components}; the used icons and"
    " utilities) then Sillon's own rules. Built by `manage.py build_dsfr_bundle`"
    " from django-dsfr's dist; do not edit. DSFR: SPDX-License-Identifier: MIT"
    " | License-Filename: LICENSE.md | restricted use (see terms and conditions)"
    " */\n"
)


def dsfr_version() -> str:
    match = re.search(r"DSFR v([\d.]+)", read_dist("core/core.main.min.css"))
    return match.group(1) if match else "?"


MIN_WIDTH = re.compile(r"@media \(min-width:([\d.]+)em\)$")


def merge_media(parts: list[list[Block]]) -> list[Block]:
    """The blocks of ``parts`` as the DSFR's own build lays them out: every rule
    outside a media query first, in order, then one block per media query, the
    breakpoints first from the narrowest. A component's responsive rules thus
    come after every component's base rules (``.fr-col-lg-3`` after
    ``.fr-fieldset__element``), as in dsfr.min.css."""
    base: list[Block] = []
    media: dict[str, list[Block]] = {}
    for blocks in parts:
        for block in blocks:
            if block.prelude.startswith("@media") and block.children is not None:
                media.setdefault(block.prelude, []).extend(block.children)
            else:
                base.append(block)
    order = list(media)

    def key(prelude: str) -> tuple:
        width = MIN_WIDTH.match(prelude)
        return (0, float(width.group(1))) if width else (1, order.index(prelude))

    return base + [Block(p, "", media[p]) for p in sorted(media, key=key)]


def read_part(relative: str, used: frozenset[str], pruned: bool) -> list[Block]:
    css = rebase_urls(read_dist(relative), f"{DIST_STATIC}/{relative}", OUTPUT_STATIC)
    blocks = parse(css)
    return prune(blocks, used) if pruned else blocks


def build(used: frozenset[str] | None = None) -> str:
    """The bundle's text for the classes ``used`` (the project's by default):
    the DSFR's core and components (one sheet, like dsfr.min.css), then its
    utilities (a second sheet in ``{% dsfr_css %}``), then the extra rules."""
    used = used_classes() if used is None else used
    components = components_for(used)
    main = ["core/core.main.min.css", *(component_sheet(n) for n in components)]
    sheets = [
        [read_part(relative, used, pruned=False) for relative in main],
        [read_part("utility/utility.main.min.css", used, pruned=True)],
    ]
    # @charset counts only as the file's very first bytes.
    chunks = [
        '@charset "UTF-8";',
        HEADER.format(version=dsfr_version(), components=", ".join(components)),
    ]
    for sheet in sheets:
        blocks = merge_media(sheet)
        blocks = [b for b in blocks if not b.prelude.startswith("@charset")]
        chunks.append(serialise(blocks) + "\n")
    for static_path in EXTRA_CSS:
        source = Path(finders.find(static_path))
        text = strip_comments(source.read_text(encoding="utf-8"))
        text = re.sub(r"\s*\n\s*", "", text)
        chunks.append(rebase_urls(text, static_path, OUTPUT_STATIC) + "\n")
    return "".join(chunks)


def full_dsfr_blocks() -> list[Block]:
    """The whole DSFR, as ``{% dsfr_css %}`` loads it (modern part)."""
    return [
        *parse(read_dist("dsfr.main.min.css")),
        *parse(read_dist("utility/utility.main.min.css")),
    ]


def write() -> Path:
    path = output_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(build(), encoding="utf-8")
    return path
