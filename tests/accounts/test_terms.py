"""Issue 8, item 16: the terms of use that sign-up asks to accept can be read.

The page is a standard page created by cms migration 0004, editable in Wagtail,
and linked from the sign-up checkbox and from the footer.
"""

import pytest

from cms.models import StandardPage
from cms.selectors import TERMS_OF_USE_SLUG
from tests.cms.helpers import by_testid, soup
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TERMS_PATH = f"/{TERMS_OF_USE_SLUG}/"


def test_the_terms_page_exists_after_migrations_and_is_published():
    page = StandardPage.objects.get(slug=TERMS_OF_USE_SLUG)

    assert page.live
    assert page.title == "Conditions générales d'utilisation"
    assert page.url == TERMS_PATH
    assert [block.block_type for block in page.body][:2] == ["heading", "paragraph"]
    page.full_clean()


def test_signup_checkbox_label_links_the_terms_page_which_answers_200(client):
    signup = soup(client.get("/compte/inscription/"))

    label = signup.select_one('label[for="id_accept_terms"]')
    link = by_testid(label, "terms-link")
    assert link["href"] == TERMS_PATH
    terms = client.get(link["href"])
    assert terms.status_code == 200
    body = terms.content.decode()
    assert "Conditions générales d&#x27;utilisation" in body
    assert "RGPD" in body


def test_footer_links_the_terms_page(client):
    page = soup(client.get("/compte/connexion/"))

    assert by_testid(page, "footer-terms")["href"] == TERMS_PATH


def test_terms_page_is_editable_in_wagtail(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = StandardPage.objects.get(slug=TERMS_OF_USE_SLUG)

    response = client.get(f"/admin/pages/{page.pk}/edit/")

    assert response.status_code == 200


def test_an_unpublished_terms_page_is_not_linked(client):
    StandardPage.objects.filter(slug=TERMS_OF_USE_SLUG).update(live=False)

    signup = soup(client.get("/compte/inscription/"))

    assert by_testid(signup, "terms-link") is None
    assert by_testid(signup, "footer-terms") is None
