"""Reading a letter's PDF as a validator and a screen reader would: its text, the
PDF/A part it declares, and its tagged structure (for want of veraPDF, a Java
tool not packaged for this machine: docs/decisions.md).

The structure is read with pypdf: the structure tree from the catalog's
StructTreeRoot, each element with its type, alternative text and the marked
content it owns; the page text is attributed to its marked content (MCID) while
pypdf extracts it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID_NS = "http://www.aiim.org/pdfa/ns/id/"


def pdf_text(pdf: bytes) -> str:
    """The PDF's text on one line, whitespace collapsed (lines wrap anywhere)."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdfa_parts(pdf: bytes) -> set[tuple[str, str]]:
    """The (part, conformance) pairs the XMP metadata declares: {("3", "A")}."""
    reader = PdfReader(io.BytesIO(pdf))
    descriptions = reader.xmp_metadata.rdf_root.getElementsByTagNameNS(
        RDF_NS, "Description"
    )
    return {
        (
            d.getAttributeNS(PDFAID_NS, "part"),
            d.getAttributeNS(PDFAID_NS, "conformance"),
        )
        for d in descriptions
        if d.hasAttributeNS(PDFAID_NS, "part")
    }


@dataclass
class Element:
    """A structure element: its type (« H1 »), alternative text and own text."""

    type: str
    alt: str | None
    text: str


@dataclass
class Structure:
    catalog: DictionaryObject
    title: str
    # Every structure element under the root, in the tree's (reading) order.
    elements: list[Element] = field(default_factory=list)
    # The text of the marked content the tree reaches, in its order.
    tagged_text: str = ""
    # Marked content left out of the tree (WeasyPrint's page margins).
    untagged_text: str = ""
    # Text drawn outside any marked content (neither tagged nor an artifact).
    unmarked_text: str = ""

    @property
    def marked(self) -> bool:
        """Whether the catalog says the PDF is tagged (MarkInfo Marked true)."""
        return self.catalog["/MarkInfo"]["/Marked"].value is True

    @property
    def displays_title(self) -> bool:
        """Whether a viewer shows the title rather than the file name."""
        return self.catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True

    def of_type(self, kind: str) -> list[Element]:
        return [element for element in self.elements if element.type == kind]


def _collapse(parts) -> str:
    return " ".join(" ".join(parts).split())


def _marked_text(page) -> dict:
    """The page's text by marked content: {mcid: text}; None for the text drawn
    outside marked content, « Artifact » for artifacts."""
    stack: list = []
    texts: dict = {}

    def before(operator, operands, cm, tm):
        if operator == b"BDC":
            properties = operands[1]
            stack.append(
                properties.get("/MCID") if isinstance(properties, dict) else None
            )
        elif operator == b"BMC":
            stack.append(str(operands[0]).lstrip("/"))
        elif operator == b"EMC":
            stack.pop()

    def text(value, cm, tm, font, size):
        texts.setdefault(stack[-1] if stack else None, []).append(value)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return {key: _collapse(parts) for key, parts in texts.items()}


def pdf_structure(pdf: bytes) -> Structure:
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    pages = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    marked = [_marked_text(page) for page in reader.pages]
    structure = Structure(catalog=catalog, title=str(reader.metadata.title or ""))
    reached: list[tuple[int, int]] = []

    def walk(node, page_index) -> list[str]:
        node = node.get_object()
        if "/Pg" in node:
            page_index = pages[node.raw_get("/Pg").idnum]
        element = Element(str(node["/S"]).lstrip("/"), node.get("/Alt"), "")
        structure.elements.append(element)
        kids = node.get("/K", ArrayObject())
        texts = []
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, int):
                reached.append((page_index, kid))
                texts.append(marked[page_index].get(kid, ""))
                continue
            kid = kid.get_object()
            if kid.get("/Type") == "/MCR":
                kid_page = (
                    pages[kid.raw_get("/Pg").idnum] if "/Pg" in kid else page_index
                )
                reached.append((kid_page, kid["/MCID"]))
                texts.append(marked[kid_page].get(kid["/MCID"], ""))
            elif kid.get("/Type", "/StructElem") == "/StructElem":
                texts += walk(kid, page_index)
        element.text = _collapse(texts)
        return texts

    root = catalog["/StructTreeRoot"].get_object()
    tagged = []
    for top in root["/K"]:
        tagged += walk(top, 0)
    structure.tagged_text = _collapse(tagged)
    structure.untagged_text = _collapse(
        text
        for index, texts in enumerate(marked)
        for key, text in texts.items()
        if isinstance(key, int) and (index, key) not in reached
    )
    structure.unmarked_text = _collapse(texts.get(None, "") for texts in marked)
    return structure
