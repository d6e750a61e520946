"""Fixtures of the shared services' tests: email templates held in memory."""

import pytest

SUBJECT = "[{{ reference }}]\n  Dossier reçu le {{ at|date:'j F Y à H:i' }}\n"
BODY = "\nBonjour {{ name }},\n\nVotre dossier {{ reference }} est reçu.\n\n"
HTML = "<p>Bonjour {{ name }},</p>\n"

TEMPLATES = {
    "emails/_test/subject.txt": SUBJECT,
    "emails/_test/body.txt": BODY,
    "emails/_test_html/subject.txt": SUBJECT,
    "emails/_test_html/body.txt": BODY,
    "emails/_test_html/body.html": HTML,
    "emails/_test_broken_html/subject.txt": SUBJECT,
    "emails/_test_broken_html/body.txt": BODY,
    "emails/_test_broken_html/body.html": '{% include "emails/missing.html" %}',
}


@pytest.fixture
def email_templates(settings):
    """The test emails ``_test``, ``_test_html`` and ``_test_broken_html``,
    without adding files to the project's templates."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **engine,
            "APP_DIRS": False,
            "OPTIONS": {
                **engine["OPTIONS"],
                "loaders": [
                    ("django.template.loaders.locmem.Loader", TEMPLATES),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
