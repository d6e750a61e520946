"""Every account page renders for an anonymous visitor, accessibly."""

import pytest

from tests.cms.helpers import soup

pytestmark = pytest.mark.django_db

PAGES = [
    "/compte/connexion/",
    "/compte/inscription/",
    "/compte/inscription/email-envoye/",
    "/compte/verification/renvoyer/",
    "/compte/verification/renvoyer/envoye/",
    "/compte/mot-de-passe/oublie/",
    "/compte/mot-de-passe/oublie/envoye/",
    "/compte/mot-de-passe/modifie/",
    "/compte/mot-de-passe/nouveau/MQ/pas-un-jeton/",
]


@pytest.mark.parametrize("path", PAGES)
def test_account_page_renders_for_anonymous(client, path):
    response = client.get(path)

    assert response.status_code == 200
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    assert page.select_one("main#content") is not None
    assert page.select("[style]") == []
    assert [s for s in page.select("script") if not s.get("src")] == []
    for field in page.select("main input:not([type=hidden]), main select"):
        assert page.select_one(f'label[for="{field["id"]}"]') is not None
    for form in page.select('main form[method="post"]'):
        assert form.select_one('input[name="csrfmiddlewaretoken"]') is not None
