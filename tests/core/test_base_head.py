"""The head every public page shares (templates/base.html): one stylesheet, the
bundle, and a description for search engines from the page's own text."""

import pytest

from cms.models import SiteIdentity
from core import dsfr_bundle
from tests.factories import home_page

pytestmark = pytest.mark.django_db


def test_pages_load_the_bundle_not_the_whole_dsfr(client):
    html = client.get("/").content.decode()
    assert html.count('rel="stylesheet"') == 1
    assert f'href="/static/{dsfr_bundle.OUTPUT_STATIC}"' in html
    assert "integrity=" not in html.split("</head>")[0]


def test_a_page_without_description_block_describes_itself_by_its_intro(client):
    home = home_page()
    home.intro = "Les appels à projets de l'ARS & leurs résultats."
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert (
        '<meta name="description" content="Les appels à projets de '
        'l&#x27;ARS &amp; leurs résultats.">'
    ) in html


def test_the_search_description_comes_first(client):
    home = home_page()
    home.intro = "Intro"
    home.search_description = "Pour les moteurs"
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert '<meta name="description" content="Pour les moteurs">' in html


def test_a_page_without_its_own_text_is_described_by_the_site_tagline(client):
    home = home_page()
    home.intro = ""
    home.search_description = ""
    home.save_revision().publish()
    identity = SiteIdentity.for_site(home.get_site())
    identity.tagline = "Les appels à candidatures de l'agence"
    identity.save()
    html = client.get("/").content.decode()
    assert (
        '<meta name="description" content="Les appels à candidatures de l&#x27;agence">'
    ) in html
