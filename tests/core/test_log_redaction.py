"""A partner's signed link never reaches the logs or the error reports."""

import logging
import sys

import pytest
from django.core import signing
from django.test import RequestFactory
from django.urls import reverse
from django.views.debug import ExceptionReporter

from applications.partner_links import SALT
from core.log_redaction import REDACTED, RedactSecretPaths, redact, redacted_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    # Well signed, for a partner that does not exist: the page answers 410.
    return signing.dumps({"p": 999999, "n": "x"}, salt=SALT, compress=False)


def test_a_refused_partner_link_is_logged_without_its_token(client, caplog, token):
    url = reverse("applications:partner_commitment", args=[token])
    tampered = reverse("applications:partner_commitment", args=[token[:-3] + "abc"])

    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get(url).status_code == 410
        assert client.get(tampered).status_code == 400

    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == [
        f"Gone: /espace/partenaire/{REDACTED}/",
        f"Bad Request: /espace/partenaire/{REDACTED}/",
    ]
    assert token[:20] not in caplog.text
    for record in records:
        assert token[:20] not in record.request.path
        assert token[:20] not in record.request.META["PATH_INFO"]


def test_the_development_servers_request_line_is_redacted(token):
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /espace/partenaire/{token}/ HTTP/1.1", "200", "512"),
        None,
    )

    RedactSecretPaths().filter(record)

    assert record.getMessage() == (
        f'"GET /espace/partenaire/{REDACTED}/ HTTP/1.1" 200 512'
    )


def test_the_thanks_page_is_left_as_it_is():
    path = "/espace/partenaire/reponse-enregistree/"
    assert redact(path) == path


def test_the_emailed_error_report_hides_the_token(token):
    request = RequestFactory().get(
        f"/espace/partenaire/{token}/",
        HTTP_REFERER=f"https://sillon.example.org/espace/partenaire/{token}/",
    )

    def view(request, token):
        raise RuntimeError("the partner page broke")

    try:
        view(request, token)
    except RuntimeError:
        reporter = ExceptionReporter(
            redacted_request(request), *sys.exc_info(), is_email=True
        )
    text = reporter.get_traceback_text()
    html = reporter.get_traceback_html()

    assert "the partner page broke" in text
    assert f"/espace/partenaire/{REDACTED}/" in text
    for report in (text, html):
        assert token[:20] not in report
        assert token.split(":")[-1] not in report
    # The view's own request is untouched.
    assert request.path == f"/espace/partenaire/{token}/"
