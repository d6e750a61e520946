"""The private storage: dossiers' files, receipts and letters, never public.

It is the ``"private"`` entry of ``STORAGES`` (local disk by default, an S3
bucket in production), served only through permission-checked views
(:func:`core.files.private_file_response`).
"""

from __future__ import annotations

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class _PrivateStorage(LazyObject):
    """The "private" storage of ``STORAGES``, looked up when first used.

    A FileField evaluates its storage callable once, when the model is built; this
    lazy object lets a changed ``STORAGES`` setting (tests) take effect.
    """

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorage()


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    """The storage callable of private ``FileField``s."""
    return _private_storage


def delete_on_commit(files) -> int:
    """Delete the stored ``files`` (``FieldFile``s; empty ones are skipped) once
    the transaction commits, so that a rolled-back change keeps its bytes; their
    count."""
    names = [(f.storage, f.name) for f in files if f]
    for storage, name in names:
        transaction.on_commit(
            lambda storage=storage, name=name: storage.delete(name), robust=True
        )
    return len(names)
