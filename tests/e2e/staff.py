"""Staff sign in at /admin/login/ as they do in production: their password,
then the code of their authenticator app (issue 13: managers and administrators
must use two factors). Each staff member signed in here gets an app (a TOTP
device) if they have none, and the code is computed as the app would show it."""

from __future__ import annotations

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def authenticator(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Application de test", confirmed=True
    )


def current_code(device: TOTPDevice) -> str:
    """The app's code; the next period's when this one was used already (a code
    is accepted once, and one period early)."""
    device.refresh_from_db()
    clock = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if device.last_t is not None and device.last_t >= clock.t():
        clock.drift = device.last_t + 1 - clock.t() + device.drift
    return f"{clock.token():0{device.digits}d}"


def sign_in_staff(page, live_server, user, password: str) -> None:
    device = authenticator(user)
    page.goto(live_server.url + "/admin/login/")
    page.fill('input[name="username"]', user.username)
    page.fill('input[name="password"]', password)
    page.click('button[type="submit"]')
    page.wait_for_url("**/double-authentification/verification/**")
    page.fill('input[name="code"]', current_code(device))
    page.press('input[name="code"]', "Enter")
    page.wait_for_url(f"{live_server.url}/admin/")
