"""Reading the rendered public pages in tests."""

from __future__ import annotations

from bs4 import BeautifulSoup


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def by_testid(document: BeautifulSoup, name: str):
    return document.select_one(f'[data-testid="{name}"]')


def card_references(container) -> list[str]:
    """The call references of the cards in ``container``, in page order."""
    if container is None:
        return []
    return [
        card["data-reference"] for card in container.select('[data-testid="call-card"]')
    ]
