"""/favicon.ico: the Marianne favicon for a State identity, nothing (but no 404)
for a neutral one, cached a day."""

import pytest
from wagtail.models import Site

from cms.models import Branding, SiteIdentity

pytestmark = pytest.mark.django_db


def identity(branding):
    setting = SiteIdentity.for_site(Site.objects.get(is_default_site=True))
    setting.branding = branding
    setting.save()


def test_state_identity_gets_the_dsfr_favicon(client):
    identity(Branding.STATE)
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/dsfr/dist/favicon/favicon.ico"
    assert response["Cache-Control"] == "public, max-age=86400"


def test_neutral_identity_gets_no_content(client):
    identity(Branding.NEUTRAL)
    response = client.get("/favicon.ico")
    assert response.status_code == 204
    assert response.content == b""


def test_favicon_refuses_a_post(client):
    assert client.post("/favicon.ico").status_code == 405
