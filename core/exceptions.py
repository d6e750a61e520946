"""Errors raised by the shared services."""


class AppendOnlyError(Exception):
    """An attempt to change or delete a row of an append-only table."""


class TransactionRequiredError(RuntimeError):
    """A service that must share its caller's transaction was called outside one.

    The activity log and the outbox are only trustworthy if their rows commit or
    roll back together with the change they describe.
    """


class OutboxError(Exception):
    """An outbox operation refused (e.g. resending an email that did not fail)."""
