"""Helpers of the two-factor tests: a confirmed device and its current code."""

from __future__ import annotations

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.services import pending_device, two_factor_enrol

PASSWORD = "mot-de-passe-de-test"  # tests.factories.UserFactory's


def current_code(device: TOTPDevice, *, drift: int = 0) -> str:
    """The code the authenticator app shows now (``drift`` steps away)."""
    code = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0,
        digits=device.digits,
        drift=drift,
    )
    return f"{code:0{device.digits}d}"


def next_code(device: TOTPDevice) -> str:
    """A code not used yet after enrolment: django-otp refuses a code of a
    time step already used (replay), and accepts one step of drift."""
    return current_code(device, drift=1)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Give ``user`` a confirmed device; returns it and the recovery codes."""
    device = pending_device(user)
    codes = two_factor_enrol(user=user, device=device, code=current_code(device))
    device.refresh_from_db()
    return device, codes


def password_sign_in(client, user, *, url: str = "/compte/connexion/"):
    return client.post(url, {"username": user.email, "password": PASSWORD})
