"""One module per scenario; each exposes ``run(options) -> list[Figure]``."""
