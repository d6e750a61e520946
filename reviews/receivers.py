"""What the reviews app does when the dossiers tell it something."""

from applications.signals import inadmissibility_declared


def on_inadmissibility_declared(sender, *, application, user, notify_now, **kwargs):
    from .services import inadmissibility_record  # noqa: PLC0415 (app loading)

    inadmissibility_record(application=application, user=user, notify_now=notify_now)


def connect() -> None:
    inadmissibility_declared.connect(
        on_inadmissibility_declared, dispatch_uid="reviews.inadmissibility_letter"
    )
