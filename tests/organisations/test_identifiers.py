import pytest
from django.core.exceptions import ValidationError

from organisations.identifiers import (
    finess_warning,
    normalise_finess,
    normalise_siret,
    validate_finess,
    validate_siret,
)


@pytest.mark.parametrize("value", ["73282932000074", "35600000000048"])
def test_valid_siret(value):
    validate_siret(value)


@pytest.mark.parametrize(
    "value",
    ["73282932000075", "7328293200007", "732829320000745", "ABCDEFGHIJKLMN", ""],
)
def test_invalid_siret(value):
    with pytest.raises(ValidationError) as error:
        validate_siret(value)
    assert error.value.code == "invalid_siret"


def test_siret_normalised_without_spaces():
    assert normalise_siret("732 829 320 00074") == "73282932000074"


@pytest.mark.parametrize("value", ["010000024", "290007434", "2A0000024", "2B0000024"])
def test_valid_finess(value):
    validate_finess(value)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("010000025", "invalid_finess_key"),
        ("29000743", "invalid_finess"),
        ("2900074345", "invalid_finess"),
        ("2C0000024", "invalid_finess_departement"),
        ("2A0000025", "invalid_finess_key"),
        ("000000000", "invalid_finess_departement"),
        ("960000000", "invalid_finess_departement"),
        ("29000743X", "invalid_finess"),
    ],
)
def test_invalid_finess(value, code):
    with pytest.raises(ValidationError) as error:
        validate_finess(value)
    assert error.value.code == code


def test_overseas_finess_accepted_with_a_warning():
    validate_finess("970000000")
    assert finess_warning("970000000")
    assert finess_warning("290007434") is None


def test_finess_normalised():
    assert normalise_finess(" 2a 000 0024 ") == "2A0000024"
