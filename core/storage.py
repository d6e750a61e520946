"""The private storage: dossiers' files, receipts and letters, never public.

It is the ``"private"`` entry of ``STORAGES`` (local disk by default, an S3
bucket in production), served only through permission-checked views
(:func:`core.files.private_file_response`).
"""

from __future__ import annotations

from django.core.files.storage import storages
from django.core.signals import setting_changed
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
