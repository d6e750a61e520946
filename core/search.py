"""Search that forgives accents, case and spacing, the same on every database.

``search_key`` folds a text for comparison: « Les Chênes » and « les chenes »
give the same key, ligatures are spelt out (« Cœur » → « coeur »). The callers
fold both what is searched and the query, then compare the keys, so a search
behaves alike on SQLite and PostgreSQL without a database extension.
"""

from __future__ import annotations

import re
import unicodedata

LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})
IDENTIFIER_SEPARATORS = re.compile(r"[\s.\-]")


def search_key(value) -> str:
    """``value`` without accents, in lower case, its spaces collapsed."""
    text = str(value or "").translate(LIGATURES)
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def search_terms(query) -> list[str]:
    """The query's terms, folded. A query made of an identifier typed with
    spaces, dots or dashes (« 123 456 789 00012 ») is one term, its digits."""
    compact = IDENTIFIER_SEPARATORS.sub("", str(query or ""))
    if compact.isdigit():
        return [compact]
    return search_key(query).split()


def matches(terms: list[str], *fields) -> bool:
    """Every term is found in one of ``fields`` (each folded)."""
    haystack = " ".join(search_key(field) for field in fields if field)
    return all(term in haystack for term in terms)
