"""Who must use two-factor authentication, and which sessions owe it.

Managers (the managers' group) and administrators (superusers) must; anyone
else may. A session owes its second factor only when it was opened by typing a
password (a sign-in form, flagged in the ``user_logged_in`` signal): a sign-in
through a backend of ``TWO_FACTOR_EXEMPT_BACKENDS`` (ProConnect, which does its
own strong authentication) never does.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.permissions import MANAGERS_GROUP

# Set on a session opened by a password sign-in; the middleware reads it.
PASSWORD_SIGN_IN_SESSION_KEY = "two_factor_password_sign_in"


def two_factor_required(user) -> bool:
    """Whether ``user`` may not reach a protected page without a device."""
    if not (user.is_authenticated and user.is_active):
        return False
    return user.is_superuser or user.groups.filter(name=MANAGERS_GROUP).exists()


def may_disable_two_factor(user) -> bool:
    """Managers and administrators may only replace their device."""
    return not two_factor_required(user)


def has_two_factor(user) -> bool:
    """Whether ``user`` has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def backend_is_exempt(backend_path: str | None) -> bool:
    return backend_path in settings.TWO_FACTOR_EXEMPT_BACKENDS


def session_owes_second_factor(request) -> bool:
    """Whether this session was opened with a password and is not verified yet."""
    session = request.session
    if not session.get(PASSWORD_SIGN_IN_SESSION_KEY):
        return False
    if backend_is_exempt(session.get(BACKEND_SESSION_KEY)):
        return False
    return not request.user.is_verified()
