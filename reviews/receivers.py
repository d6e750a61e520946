"""What the reviews app does when the dossiers tell it something."""

from django.db.models.signals import post_delete, post_save

from applications.signals import dossier_anonymised, inadmissibility_declared
from core import page_cache


def on_inadmissibility_declared(sender, *, application, user, notify_now, **kwargs):
    from .services import inadmissibility_record  # noqa: PLC0415 (app loading)

    inadmissibility_record(application=application, user=user, notify_now=notify_now)


def on_dossier_anonymised(sender, *, application, **kwargs) -> int:
    from .retention import letters_erase  # noqa: PLC0415 (app loading)

    return letters_erase(application=application)


def connect() -> None:
    dossier_anonymised.connect(
        on_dossier_anonymised, dispatch_uid="reviews.retention_letters"
    )
    inadmissibility_declared.connect(
        on_inadmissibility_declared, dispatch_uid="reviews.inadmissibility_letter"
    )
    # A release, a letter sent or a correction changes the public results
    # (call pages, open data, the directory's recognised filières).
    from .models import ReleaseBatch, ReleaseItem  # noqa: PLC0415

    for model in (ReleaseBatch, ReleaseItem):
        for signal in (post_save, post_delete):
            signal.connect(
                page_cache.invalidate,
                sender=model,
                dispatch_uid=f"reviews.page_cache.{signal is post_save}.{model}",
            )
