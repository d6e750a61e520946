"""The baseline of the HTTP scenarios: a small static file served by the same
server (WhiteNoise), by its hashed name from the manifest."""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings

SUFFIXES = (".css", ".js", ".svg")
# Small, as the static file the issue measured (441 bytes), but not empty.
SMALLEST, LARGEST = 300, 2000


def baseline_static_path() -> str:
    """The URL path of a small collected static file (the same one every run)."""
    root = Path(settings.STATIC_ROOT)
    manifest = json.loads((root / "staticfiles.json").read_text(encoding="utf-8"))
    candidates = []
    for name, hashed in manifest["paths"].items():
        if not name.endswith(SUFFIXES):
            continue
        size = (root / hashed).stat().st_size
        if SMALLEST <= size <= LARGEST:
            candidates.append((abs(size - 441), name, hashed))
    if not candidates:
        raise RuntimeError("No small static file in the manifest")
    _distance, _name, hashed = min(candidates)
    return settings.STATIC_URL.rstrip("/") + "/" + hashed
