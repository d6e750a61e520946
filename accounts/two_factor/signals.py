"""Flag the sessions opened by a password sign-in (see ``policy``)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .policy import (
    PASSWORD_SIGN_IN_SESSION_KEY,
    backend_is_exempt,
    has_two_factor,
    two_factor_required,
)


@receiver(user_logged_in, dispatch_uid="accounts.two_factor.password_sign_in")
def flag_password_sign_in(sender, request, user, **kwargs):
    """A sign-in form posts the password: the public login, the Wagtail admin
    login, the activation page. ``Client.force_login`` and an OpenID Connect
    callback (exempt backend, a GET) are not flagged."""
    if request is None or getattr(request, "method", None) != "POST":
        return
    if backend_is_exempt(getattr(user, "backend", None)):
        return
    # Decided once here, not on every request: a user with no device whom no
    # rule requires to have one owes nothing (most applicants).
    if not (has_two_factor(user) or two_factor_required(user)):
        return
    request.session[PASSWORD_SIGN_IN_SESSION_KEY] = True
