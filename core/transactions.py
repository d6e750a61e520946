"""The guard shared by the services whose rows must commit with their cause."""

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
