"""Staff sign-in with ProConnect (issue 13) in the matrix.

The matrix runs without ProConnect configured: its three addresses under
/compte/proconnect/ are mounted all the same and answer 404 to everyone (the
configured flow is tested against a real provider in
tests/accounts/test_proconnect.py). The admin's sign-out is served by
accounts.oidc_views.AdminLogoutView in front of Wagtail's (same address, same
admin-access check): POST only, so a GET is 405 for the staff and the sign-in
page for those who may not enter the admin.
"""

from __future__ import annotations

from .expectations import admin_side, everyone, row

UNCONFIGURED = "ProConnect not configured: 404 for everyone"

ROWS = [
    row("oidc_authentication_init", note=UNCONFIGURED, **everyone(404)),
    row("oidc_authentication_callback", note=UNCONFIGURED, **everyone(404)),
    row("oidc_logout", note=UNCONFIGURED, **everyone(404)),
    row(
        "admin_logout",
        note="the admin's sign-out (POST), also at ProConnect for its sessions",
        **admin_side(reviewer=405, manager=405, manager_other=405, admin=405),
    ),
]
