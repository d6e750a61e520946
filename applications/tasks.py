"""Background work on dossiers: thin tasks calling one service each, idempotent."""

from celery import shared_task


@shared_task(
    name="applications.receipt_generate",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def receipt_generate_task(*, version_id: int) -> None:
    from .models import ApplicationVersion
    from .receipts import receipt_generate

    receipt_generate(version=ApplicationVersion.objects.get(pk=version_id))


@shared_task(
    name="applications.notify",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def notify_task(*, application_id: int, event: str) -> None:
    from .emails import send_event_email
    from .models import Application

    send_event_email(
        application=Application.objects.get(pk=application_id), event=event
    )
