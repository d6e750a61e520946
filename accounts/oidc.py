"""Staff sign-in with ProConnect, the State agents' OpenID Connect federation.

mozilla-django-oidc runs the authorisation code flow (state, nonce, code
exchange, JWKS, a userinfo answer that may be a signed JWT); this module only
narrows it to Sillon's rule: ProConnect matches an EXISTING, active staff
account by its email (any case). It never creates an account and never grants
staff rights. When ProConnect is not configured (no client id or no
authorisation endpoint), its URLs answer 404 and the backend steps aside.

``signed_in_with_proconnect(request)`` tells whether the session was opened
through ProConnect (two-factor checks leave those sessions alone);
``provider_logout_url`` is the ``OIDC_OP_LOGOUT_URL_METHOD`` that ends the
ProConnect session too.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from django.utils.crypto import get_random_string
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger(__name__)

BACKEND_PATH = "accounts.oidc.ProConnectBackend"


def proconnect_enabled() -> bool:
    """Whether ProConnect is configured (read at each call: settings may change)."""
    return bool(
        getattr(settings, "OIDC_RP_CLIENT_ID", "")
        and getattr(settings, "OIDC_OP_AUTHORIZATION_ENDPOINT", "")
    )


def signed_in_with_proconnect(request: HttpRequest) -> bool:
    """Whether the request's session was opened through ProConnect."""
    session = getattr(request, "session", None)
    return session is not None and session.get(BACKEND_SESSION_KEY) == BACKEND_PATH


def provider_logout_url(request: HttpRequest) -> str:
    """Where to send a user who signs out: ProConnect's end-session endpoint
    (with the ID token, a state and the way back) for a ProConnect session,
    the admin sign-in page otherwise. Called before the local logout."""
    back = reverse("wagtailadmin_login")
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    id_token = request.session.get("oidc_id_token")
    if not (endpoint and id_token and signed_in_with_proconnect(request)):
        return back
    query = urlencode(
        {
            "id_token_hint": id_token,
            "state": get_random_string(32),
            "post_logout_redirect_uri": request.build_absolute_uri(back),
        }
    )
    return f"{endpoint}?{query}"


class ProConnectBackend(OIDCAuthenticationBackend):
    """The OIDC backend, limited to existing active staff accounts."""

    def __init__(self, *args, **kwargs):
        # Django builds every backend at each sign-in, the password ones too:
        # unconfigured, the library's own checks would refuse to start.
        self.UserModel = get_user_model()
        if proconnect_enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request, **kwargs):
        # Only the callback view's call (it passes the nonce), never a password
        # sign-in that happens to carry ?code=&state= in its address.
        if not proconnect_enabled() or "nonce" not in kwargs:
            return None
        return super().authenticate(request, **kwargs)

    def filter_users_by_claims(self, claims):
        email = (claims.get("email") or "").strip()
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(
            email__iexact=email, is_staff=True, is_active=True
        )

    def verify_claims(self, claims) -> bool:
        # ProConnect's identity providers vouch for the agent's email; an answer
        # that says outright it is not verified is refused.
        if claims.get("email_verified") is False:
            return False
        return bool(claims.get("email")) and bool(claims.get("sub"))

    def verify_token(self, token, **kwargs):
        """The library checks the signature, the expiry and the nonce; the
        audience and the issuer are checked here, as ProConnect asks."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("OIDC token for another audience.")
        issuer = getattr(settings, "PROCONNECT_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("OIDC token from another issuer.")
        return payload

    def create_user(self, claims):  # pragma: no cover - OIDC_CREATE_USER is False
        raise SuspiciousOperation("ProConnect never creates an account.")
