"""How often an account can be tried or emailed.

Failed sign-ins are counted by django-axes (settings ``AXES_*``), per account and
per client address, on the public and the Wagtail admin login alike. Requests
that send an account email (sign-up, a new verification link, a password reset)
are counted by django-ratelimit, per address typed and per client address,
whether or not an account uses the address, so that the limit tells nothing.
"""

from __future__ import annotations

from axes.utils import reset as axes_reset
from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from .selectors import normalise_email


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account a sign-in attempt is counted against, whatever its case."""
    if credentials and credentials.get("username"):
        username = credentials["username"]
    else:
        username = request.POST.get("username", "")
    return normalise_email(str(username))


def email_request_limited(request: HttpRequest, *, action: str, email: str) -> bool:
    """Count one ``action`` request for ``email``; whether it is over a limit.

    Both counters move on every request, so that a client cannot spread its
    requests over many addresses, nor many clients over one address.
    """
    address = normalise_email(email)
    per_account = is_ratelimited(
        request,
        group=f"accounts.{action}.account",
        key=lambda _group, _request: address,
        rate=settings.ACCOUNTS_EMAIL_RATE_PER_ACCOUNT,
        increment=True,
    )
    per_client = is_ratelimited(
        request,
        group=f"accounts.{action}.client",
        key="ip",
        rate=settings.ACCOUNTS_EMAIL_RATE_PER_CLIENT,
        increment=True,
    )
    return per_account or per_client


def sign_in_unlock(username: str) -> None:
    """Forget the failed sign-ins of an account whose owner has just proved, by
    their mailbox, that they hold it (a password reset link)."""
    axes_reset(username=normalise_email(username))
