"""Fixtures of the tests with real Celery workers (``workers``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.integration.workers import Worker, Workers, workers_for_test


@pytest.fixture
def workers(transactional_db, settings, tmp_path) -> Iterator[Workers]:
    """The test's workers, none started yet (``workers.start()``).

    Asks for ``transactional_db`` so that the workers are stopped before the
    database is flushed.
    """
    with workers_for_test(settings, tmp_path) as test_workers:
        yield test_workers


@pytest.fixture
def worker(workers) -> Worker:
    """One worker, started."""
    return workers.start()
