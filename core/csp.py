"""The Content-Security-Policy: a strict one for the site, a looser one for the
Wagtail admin, whose own templates still carry inline scripts and styles."""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings


class SillonCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; under ``settings.CSP_ADMIN_PATH_PREFIX`` the
    directives of ``settings.CONTENT_SECURITY_POLICY_ADMIN`` replace the site's.

    A view's own ``@csp_override`` still wins."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIX)
        ):
            parts.config = default_config(
                settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"]
            )
        return parts
