"""Folding text for search: accents, case, ligatures and spaced identifiers."""

import pytest

from core.search import matches, search_key, search_terms


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("Les Chênes", "les chenes"),
        ("  CŒUR   de Breizh ", "coeur de breizh"),
        ("Hôpital Saint-Jean", "hopital saint-jean"),
        (None, ""),
    ],
)
def test_search_key(value, key):
    assert search_key(value) == key


def test_a_spaced_identifier_is_one_term():
    assert search_terms("123 456 789 00012") == ["12345678900012"]
    assert search_terms("29.000.001-7") == ["290000017"]
    assert search_terms("Les  Chênes") == ["les", "chenes"]


def test_every_term_must_match_some_field():
    terms = search_terms("chenes brest")
    assert matches(terms, "Les Chênes", "Brest")
    assert not matches(terms, "Les Chênes", "Quimper")
