"""Background work of the instruction: thin tasks, idempotent."""

from celery import shared_task

from .reminders import reviewer_reminders_send
from .services.release import release_item_process


@shared_task(name="reviews.send_reminders")
def send_reminders_task() -> dict[str, int]:
    """For Celery beat: the reviewers' reminders due now (``reminders``)."""
    return reviewer_reminders_send()


@shared_task(name="reviews.release_item")
def release_item_task(*, item_id: int) -> str | None:
    """One decision of a release: its letter, its state, its email. A failure
    is recorded on the item, which the manager retries."""
    item = release_item_process(item_id=item_id)
    return None if item is None else item.status
