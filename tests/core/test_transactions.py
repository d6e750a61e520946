"""Work queued once a transaction commits, by task name."""

import pytest
from django.db import transaction

from core.transactions import queue_on_commit, task_named


def test_task_named_finds_the_tasks_of_every_app():
    assert task_named("core.send_email").name == "core.send_email"
    assert task_named("applications.receipt_generate").name == (
        "applications.receipt_generate"
    )


def test_task_named_refuses_an_unknown_task():
    with pytest.raises(KeyError):
        task_named("core.no_such_task")


@pytest.mark.django_db
def test_queued_task_runs_once_the_transaction_commits(
    django_capture_on_commit_callbacks, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        task_named("core.outbox_retry"), "delay", lambda **kw: calls.append(kw)
    )
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_on_commit("core.outbox_retry", dry_run=True)
        assert calls == []
    assert calls == [{"dry_run": True}]
