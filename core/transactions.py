"""What the services share around their transaction: the guard of the rows that
must commit with their cause, and the work queued once it commits."""

import functools

from celery import current_app
from django.db import transaction

from .exceptions import TransactionRequiredError


def require_transaction(service: str) -> None:
    """Refuse to run outside the caller's ``transaction.atomic()``.

    In autocommit the row would be committed on its own: an activity entry or an
    email could then describe a change that is later rolled back.
    """
    if not transaction.get_connection().in_atomic_block:
        raise TransactionRequiredError(
            f"{service}() must be called inside transaction.atomic(), "
            "so that it commits or rolls back with the change it records."
        )


def queue_on_commit(task_name: str, **kwargs) -> None:
    """Queue the Celery task ``task_name`` once the transaction commits.

    By name, so that a service need not import the tasks that call it. Robust:
    once the change is saved, a failure to queue (or, with eager Celery, to run)
    the follow-up work is logged, never turned into an error for a request whose
    transaction has committed; the tasks are idempotent and can be run again.
    """
    transaction.on_commit(lambda: task_named(task_name).delay(**kwargs), robust=True)


@functools.cache
def _discover_tasks() -> None:
    # Celery imports the apps' tasks modules lazily, when a worker starts; a web
    # process must import them itself, or its eager tasks would go to a broker.
    # Not ``loader.import_default_modules()``: in a worker it runs django.setup()
    # again, whose logging configuration silences the worker's logs.
    current_app.autodiscover_tasks(force=True)


def task_named(task_name: str):
    """The registered Celery task ``task_name`` (``KeyError`` if there is none)."""
    _discover_tasks()
    return current_app.tasks[task_name]
