from datetime import UTC, datetime

import pytest
from django.template import TemplateDoesNotExist

from core.emails import render_email

# 22 November 2026, 14:05 in Paris (UTC+1 in winter).
AT = datetime(2026, 11, 22, 13, 5, 27, tzinfo=UTC)
CONTEXT = {"reference": "AAP-2026-001", "at": AT, "name": "Camille"}


def test_render_email_in_french_on_the_paris_clock(email_templates):
    subject, body, body_html = render_email("_test", CONTEXT)

    assert subject == "[AAP-2026-001] Dossier reçu le 22 novembre 2026 à 14:05"
    assert body == "Bonjour Camille,\n\nVotre dossier AAP-2026-001 est reçu.\n"
    assert body_html == ""


def test_render_email_in_the_recipients_language(email_templates):
    subject, _body, _html = render_email("_test", CONTEXT, language="en")
    assert subject == "[AAP-2026-001] Dossier reçu le 22 November 2026 à 14:05"


def test_render_email_with_an_html_body(email_templates):
    _subject, _body, body_html = render_email("_test_html", CONTEXT)
    assert body_html == "<p>Bonjour Camille,</p>"


def test_render_email_broken_html_body_fails_loudly(email_templates):
    with pytest.raises(TemplateDoesNotExist, match=r"emails/missing\.html"):
        render_email("_test_broken_html", CONTEXT)


def test_render_email_unknown_template_fails(email_templates):
    with pytest.raises(TemplateDoesNotExist, match=r"emails/nope/subject\.txt"):
        render_email("nope", CONTEXT)
