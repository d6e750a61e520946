"""Use cases of two-factor authentication: enrol a device, verify a code,
regenerate the recovery codes, disable, and an administrator's reset.

Every change writes one activity row (``core.activity``, target: the user) and
tells the user by email (``core.outbox``), so that a change they did not make
does not go unnoticed.
"""

from __future__ import annotations

from base64 import b32encode

from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.activity import activity_record
from core.outbox import email_enqueue

from .policy import may_disable_two_factor

RECOVERY_DEVICE_NAME = "recovery"
TOTP_DEVICE_NAME = "authenticator"


class TwoFactorError(Exception):
    """A refused two-factor action; ``code`` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _notify(user, event: str) -> None:
    email_enqueue(
        to=[user.email],
        template=event,
        context={"user": user},
        context_ref=f"auth.user:{user.pk}",
    )


def _record(*, actor, user, action: str, details: dict | None = None) -> None:
    activity_record(actor=actor, action=action, target=user, details=details)


def pending_device(user) -> TOTPDevice:
    """The unconfirmed authenticator being enrolled (created on first call)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, confirmed=False
        )
    return device


def device_secret(device: TOTPDevice) -> str:
    """The key as a user types it into an authenticator app (base32)."""
    return b32encode(device.bin_key).decode("ascii")


def _new_recovery_codes(user) -> list[str]:
    """Replace the user's recovery codes with fresh ones (the old ones die)."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME)
    codes = [
        StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)
    ]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


@transaction.atomic
def two_factor_enrol(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm ``device`` with its first ``code``; returns the recovery codes.

    A confirmed device replaces any previous one (a lost phone), and the
    recovery codes are issued anew.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if device.confirmed or not device.verify_token(code.strip()):
        raise TwoFactorError("invalid_code")
    replaced = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    _record(
        actor=user,
        user=user,
        action="two_factor.enabled",
        details={"replaced": replaced},
    )
    _notify(user, "two_factor_enabled")
    return codes


def two_factor_verify(*, user, code: str) -> Device | None:
    """The device that accepts ``code`` (an app's code or a recovery code), or
    None. A recovery code works once; using one is recorded and notified.
    django-otp throttles each device after failures."""
    code = code.strip().replace(" ", "").lower()
    if not code:
        return None
    for model in (TOTPDevice, StaticDevice):
        for device in model.objects.filter(user=user, confirmed=True):
            with transaction.atomic():
                device = model.objects.select_for_update().get(pk=device.pk)
                if not device.verify_token(code):
                    continue
                if model is StaticDevice:
                    _record(
                        actor=user,
                        user=user,
                        action="two_factor.recovery_code_used",
                        details={"remaining": device.token_set.count()},
                    )
                    _notify(user, "two_factor_recovery_code_used")
                return device
    return None


def _require_current_code(user, code: str) -> None:
    if two_factor_verify(user=user, code=code) is None:
        raise TwoFactorError("invalid_code")


def two_factor_regenerate_recovery_codes(*, user, code: str) -> list[str]:
    """New recovery codes, the old ones invalidated; a current code is required
    (checked first, so that a failure counts for django-otp's throttling)."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise TwoFactorError("not_enrolled")
    _require_current_code(user, code)
    with transaction.atomic():
        codes = _new_recovery_codes(user)
        _record(actor=user, user=user, action="two_factor.recovery_codes_regenerated")
        _notify(user, "two_factor_recovery_codes_regenerated")
    return codes


def _delete_devices(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def two_factor_disable(*, user, code: str) -> None:
    """Turn two-factor authentication off: applicants (and reviewers) only."""
    if not may_disable_two_factor(user):
        raise TwoFactorError("required")
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise TwoFactorError("not_enrolled")
    _require_current_code(user, code)
    with transaction.atomic():
        _delete_devices(user)
        _record(actor=user, user=user, action="two_factor.disabled")
        _notify(user, "two_factor_disabled")


@transaction.atomic
def two_factor_reset(*, user, actor=None) -> bool:
    """An administrator's reset of a lost device: the devices and recovery codes
    go; the user enrols again at their next password sign-in. Whether the user
    had any device."""
    had_device = (
        TOTPDevice.objects.filter(user=user).exists()
        or StaticDevice.objects.filter(user=user).exists()
    )
    _delete_devices(user)
    if had_device:
        _record(actor=actor, user=user, action="two_factor.reset")
        _notify(user, "two_factor_reset")
    return had_device
