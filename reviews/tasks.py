"""Background work of the instruction: thin tasks, idempotent."""

from celery import shared_task

from .reminders import reviewer_reminders_send


@shared_task(name="reviews.send_reminders")
def send_reminders_task() -> dict[str, int]:
    """For Celery beat: the reviewers' reminders due now (``reminders``)."""
    return reviewer_reminders_send()
