"""The two-factor services: enrol, verify, recovery codes, disable, reset."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor.policy import has_two_factor, two_factor_required
from accounts.two_factor.services import (
    TwoFactorError,
    pending_device,
    two_factor_disable,
    two_factor_enrol,
    two_factor_regenerate_recovery_codes,
    two_factor_reset,
    two_factor_verify,
)
from core.models import ActivityEntry, OutboundEmail
from tests.factories import (
    AdministratorFactory,
    ManagerFactory,
    ReviewerFactory,
    UserFactory,
)

from .two_factor_helpers import current_code, enrol, next_code

pytestmark = pytest.mark.django_db


def actions(user) -> list[str]:
    return list(
        ActivityEntry.objects.filter(target_object_id=str(user.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def subjects(user) -> list[str]:
    return list(
        OutboundEmail.objects.filter(to=[user.email])
        .order_by("pk")
        .values_list("subject", flat=True)
    )


def test_required_of_managers_and_administrators_only():
    assert two_factor_required(ManagerFactory())
    assert two_factor_required(AdministratorFactory())
    assert not two_factor_required(ReviewerFactory())
    assert not two_factor_required(UserFactory())


def test_enrol_confirms_the_device_issues_ten_codes_records_and_emails():
    user = UserFactory()
    device = pending_device(user)
    assert not has_two_factor(user)

    codes = two_factor_enrol(user=user, device=device, code=current_code(device))

    assert has_two_factor(user)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert actions(user) == ["two_factor.enabled"]
    assert subjects(user) == [
        "La double authentification a été activée sur votre compte"
    ]


def test_enrol_refuses_a_wrong_code():
    user = UserFactory()
    device = pending_device(user)
    wrong = f"{(int(current_code(device)) + 1) % 1000000:06d}"

    with pytest.raises(TwoFactorError):
        two_factor_enrol(user=user, device=device, code=wrong)

    assert not has_two_factor(user)
    assert actions(user) == []


def test_a_new_device_replaces_the_old_one():
    user = ManagerFactory()
    old, _ = enrol(user)
    new = pending_device(user)
    assert new.pk != old.pk

    two_factor_enrol(user=user, device=new, code=current_code(new))

    assert list(TOTPDevice.objects.filter(user=user)) == [new]


def test_a_recovery_code_works_once_and_is_recorded():
    user = UserFactory()
    _, codes = enrol(user)

    assert two_factor_verify(user=user, code=codes[0]) is not None
    assert two_factor_verify(user=user, code=codes[0]) is None
    assert actions(user) == ["two_factor.enabled", "two_factor.recovery_code_used"]
    assert subjects(user)[-1] == "Un code de secours a été utilisé pour vous connecter"


def test_verify_accepts_the_app_code_and_refuses_others():
    user = UserFactory()
    device, _ = enrol(user)
    other = UserFactory()

    assert two_factor_verify(user=other, code=next_code(device)) is None
    assert two_factor_verify(user=user, code="") is None
    assert two_factor_verify(user=user, code=next_code(device)) == device
    # The same code again: a replay.
    assert two_factor_verify(user=user, code=next_code(device)) is None


def test_regenerating_invalidates_the_old_codes():
    user = ManagerFactory()
    device, old = enrol(user)

    new = two_factor_regenerate_recovery_codes(user=user, code=next_code(device))

    assert set(new).isdisjoint(old)
    assert two_factor_verify(user=user, code=old[1]) is None
    assert two_factor_verify(user=user, code=new[1]) is not None
    assert "two_factor.recovery_codes_regenerated" in actions(user)


def test_regenerating_needs_a_current_code():
    user = UserFactory()
    enrol(user)

    with pytest.raises(TwoFactorError):
        two_factor_regenerate_recovery_codes(user=user, code="000000x")

    assert StaticToken.objects.filter(device__user=user).count() == 10


def test_an_applicant_may_disable():
    user = UserFactory()
    device, _ = enrol(user)

    two_factor_disable(user=user, code=next_code(device))

    assert not has_two_factor(user)
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert actions(user)[-1] == "two_factor.disabled"
    assert subjects(user)[-1] == (
        "La double authentification a été désactivée sur votre compte"
    )


@pytest.mark.parametrize("factory", [ManagerFactory, AdministratorFactory])
def test_a_manager_or_administrator_may_not_disable(factory):
    user = factory()
    device, _ = enrol(user)

    with pytest.raises(TwoFactorError) as refused:
        two_factor_disable(user=user, code=next_code(device))

    assert refused.value.code == "required"
    assert has_two_factor(user)


def test_disable_needs_a_current_code():
    user = UserFactory()
    enrol(user)

    with pytest.raises(TwoFactorError):
        two_factor_disable(user=user, code="123")

    assert has_two_factor(user)


def test_reset_command_removes_the_devices_and_tells_the_user():
    user = ManagerFactory()
    enrol(user)

    call_command("two_factor_reset", user.email.upper())

    assert not has_two_factor(user)
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert actions(user)[-1] == "two_factor.reset"
    assert subjects(user)[-1] == (
        "La double authentification de votre compte a été réinitialisée"
    )


def test_reset_of_an_account_without_device_records_nothing():
    user = UserFactory()

    assert two_factor_reset(user=user) is False
    assert actions(user) == []


def test_reset_command_refuses_an_unknown_address():
    with pytest.raises(CommandError):
        call_command("two_factor_reset", "personne@example.org")


@override_settings(OTP_TOTP_THROTTLE_FACTOR=1, OTP_STATIC_THROTTLE_FACTOR=1)
def test_after_a_wrong_code_django_otp_refuses_even_the_right_one_for_a_while():
    user = UserFactory()
    device, codes = enrol(user)

    right = next_code(device)
    assert two_factor_verify(user=user, code=f"{(int(right) + 1) % 10**6:06d}") is None

    assert two_factor_verify(user=user, code=right) is None
    assert two_factor_verify(user=user, code=codes[0]) is None
