"""Rotating the secret key (docs/operations.md): with the old key in
``DJANGO_SECRET_KEY_FALLBACKS``, what it signed (partners' links, sessions)
still works; once it is removed, it no longer does."""

from __future__ import annotations

import runpy

import pytest
from django.test import Client

import config.settings.base
from applications.partner_links import PartnerLinkTampered, partner_token, read_token
from tests.factories import PartnerFactory, UserFactory

OLD, NEW = "old-secret-" + "x" * 40, "new-secret-" + "y" * 40


def test_fallbacks_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY_FALLBACKS", f"{OLD}, {NEW}")
    production = runpy.run_path(config.settings.base.__file__)
    assert production["SECRET_KEY_FALLBACKS"] == [OLD, NEW]


@pytest.mark.django_db
def test_a_partner_link_signed_with_the_old_key_survives_the_rotation(settings):
    partner = PartnerFactory()
    settings.SECRET_KEY = OLD
    token = partner_token(partner)

    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert read_token(token) == (partner.pk, str(partner.link_nonce))

    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(PartnerLinkTampered):
        read_token(token)


@pytest.mark.django_db
def test_a_session_opened_with_the_old_key_survives_the_rotation(settings):
    user = UserFactory()
    settings.SECRET_KEY = OLD
    during, after = Client(), Client()
    during.force_login(user)
    after.force_login(user)

    # During the rotation, the old key still opens the session, which Django
    # signs again with the new key on the way.
    settings.SECRET_KEY, settings.SECRET_KEY_FALLBACKS = NEW, [OLD]
    assert during.get("/espace/").wsgi_request.user == user

    # Once the old key is removed, only the sessions seen meanwhile remain.
    settings.SECRET_KEY_FALLBACKS = []
    assert during.get("/espace/").wsgi_request.user == user
    assert not after.get("/espace/").wsgi_request.user.is_authenticated
