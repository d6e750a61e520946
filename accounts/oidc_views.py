"""ProConnect's views: the library's, answering 404 while ProConnect is not
configured, and bringing a refused agent back to the admin sign-in page with
a message. The admin's sign-out ends a ProConnect session at ProConnect too."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from .oidc import proconnect_enabled, provider_logout_url, signed_in_with_proconnect

logger = logging.getLogger(__name__)


class ConfiguredOnly:
    """404 until ProConnect is configured."""

    def dispatch(self, request, *args, **kwargs):
        if not proconnect_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class AuthenticateView(ConfiguredOnly, oidc_views.OIDCAuthenticationRequestView):
    """The « S'identifier avec ProConnect » button: off to ProConnect."""


class CallbackView(ConfiguredOnly, oidc_views.OIDCAuthenticationCallbackView):
    """Back from ProConnect: signed in, or back to the admin sign-in page."""

    @property
    def failure_url(self):
        return reverse("wagtailadmin_login")

    @property
    def success_url(self):
        next_url = self.request.session.get("oidc_login_next")
        return next_url or resolve_url("wagtailadmin_home")

    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # a replayed or forged state
            logger.warning("ProConnect callback refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "ProConnect sign-in failed: your ProConnect identity matches no "
                "active staff account of this site. Ask an administrator, or "
                "sign in with your password."
            ),
        )
        return super().login_failure()


class LogoutView(ConfiguredOnly, oidc_views.OIDCLogoutView):
    """Sign out here and at ProConnect (POST)."""


class AdminLogoutView(WagtailLogoutView):
    """Wagtail's sign-out; a ProConnect session is also ended at ProConnect."""

    def dispatch(self, request, *args, **kwargs):
        self.provider_url = None
        if request.method == "POST" and signed_in_with_proconnect(request):
            self.provider_url = provider_logout_url(request)  # before the logout
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self):
        return self.provider_url or super().get_success_url()
