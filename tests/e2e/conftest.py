"""Headless Chromium for the end-to-end tests, and the axe-core check they share.

The tests skip when Debian's Chromium is missing, unless SILLON_REQUIRE_BROWSER is
set (CI), in which case they fail.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(os.environ.get("SILLON_SCREENSHOTS", "/tmp"))


@pytest.fixture
def browser_page(monkeypatch):
    if not CHROMIUM.exists():
        if os.environ.get("SILLON_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is required (SILLON_REQUIRE_BROWSER is set)")
        pytest.skip(f"{CHROMIUM} is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by the test itself stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            locale="fr-FR",
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
        )
        page = context.new_page()
        # Chromium reports what the Content-Security-Policy blocked on the console.
        csp_violations = []
        page.on(
            "console",
            lambda message: (
                csp_violations.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        try:
            yield page
        finally:
            context.close()
            browser.close()
        assert csp_violations == [], "blocked by the Content-Security-Policy:\n" + (
            "\n".join(csp_violations)
        )


def check_accessibility(page, name: str) -> None:
    """Run axe-core on the page; keep a screenshot in SCREENSHOTS for review.

    ``caret="initial"``: hiding the caret, Playwright's default, injects a style
    that the site's Content-Security-Policy rightly blocks.
    """

    page.screenshot(
        path=str(SCREENSHOTS / f"sillon-{name}.png"), full_page=True, caret="initial"
    )
    results = Axe().run(page)
    violations = results.response["violations"]
    assert violations == [], f"axe violations on the {name} page:\n" + "\n".join(
        f"- {violation['id']} ({violation['impact']}): {violation['help']} "
        f"{[node['target'] for node in violation['nodes']]}"
        for violation in violations
    )
