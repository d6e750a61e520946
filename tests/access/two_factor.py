"""The two-factor pages, /compte/double-authentification/ (issue 13): any
signed-in account's own settings; the anonymous go to the sign-in page.

The matrix signs its roles in with ``force_login`` (no password sign-in) and
none has a device: verification has nothing to ask (back to the settings),
there are no fresh recovery codes to download, and there is nothing to
disable. Noting the codes is a POST only.
"""

from __future__ import annotations

from .expectations import REDIRECT, row, signed_in

NOTHING_TO_DO = "no device: back to the settings page"

ROWS = [
    row("two_factor:home", **signed_in(200)),
    row("two_factor:verify", note=NOTHING_TO_DO, **signed_in(REDIRECT)),
    row("two_factor:enrol", note="creates the user's pending device", **signed_in(200)),
    row("two_factor:recovery_codes", **signed_in(200)),
    row(
        "two_factor:recovery_codes_download",
        note="no codes just issued: back to the codes page",
        **signed_in(REDIRECT),
    ),
    row("two_factor:recovery_codes_done", note="POST only", **signed_in(405)),
    row("two_factor:disable", note=NOTHING_TO_DO, **signed_in(REDIRECT)),
]
