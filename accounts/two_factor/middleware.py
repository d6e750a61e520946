"""Send a session that owes its second factor to the verification page, or a
manager or administrator without a device to the enrolment page.

Placed after ``AuthenticationMiddleware`` and django-otp's ``OTPMiddleware``.
The two-factor pages themselves, signing out and static files stay reachable.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from .policy import has_two_factor, session_owes_second_factor, two_factor_required


def _allowed_prefixes() -> tuple[str, ...]:
    return (
        reverse("two_factor:home"),  # the whole /compte/double-authentification/
        reverse("logout"),
        reverse("wagtailadmin_logout"),
        settings.STATIC_URL,
    )


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        target = self._redirect_target(request)
        if target is not None:
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{target}?{query}")
        return self.get_response(request)

    def _redirect_target(self, request) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not session_owes_second_factor(request):
            return None
        if request.path.startswith(_allowed_prefixes()):
            return None
        if has_two_factor(user):
            return reverse("two_factor:verify")
        if two_factor_required(user):
            return reverse("two_factor:enrol")
        return None
