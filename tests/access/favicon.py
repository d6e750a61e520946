"""/favicon.ico (issue 12): public, the same for every role. The world's site
has the default, neutral identity: no Marianne, so an empty answer (204); a
State identity is redirected to the DSFR's favicon (tests/core/test_favicon.py).
"""

from __future__ import annotations

from .expectations import everyone, row

ROWS = [
    row("favicon", note="public; neutral identity: 204, no Marianne", **everyone(204)),
]
