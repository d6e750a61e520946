"""SIRET, SIREN (python-stdnum) and FINESS identifiers: the one home of their rules.

The organisation form and the questionnaire's identifier questions both check
through ``clean_identifier``.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siren, siret

METROPOLITAN_DEPARTEMENT = re.compile(r"^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B)$")
OVERSEAS_PREFIX = re.compile(r"^9[7-8]$")


def normalise_siret(value: str) -> str:
    return siret.compact(value or "")


def validate_siret(value: str) -> None:
    try:
        siret.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This SIRET number is not valid: it has 14 digits and a check key."),
            code="invalid_siret",
        ) from None


def normalise_siren(value: str) -> str:
    return siren.compact(value or "")


def validate_siren(value: str) -> None:
    try:
        siren.validate(value)
    except StdnumError:
        raise ValidationError(
            _("This SIREN number is not valid: it has 9 digits and a check key."),
            code="invalid_siren",
        ) from None


def normalise_finess(value: str) -> str:
    return re.sub(r"[\s.-]", "", value or "").upper()


def finess_warning(value: str) -> str | None:
    """A warning for an unusual but acceptable FINESS (overseas codings vary)."""
    value = normalise_finess(value)
    if value and OVERSEAS_PREFIX.match(value[:2]):
        return str(
            _(
                "Overseas FINESS numbers follow several codings: check that this one "
                "is right."
            )
        )
    return None


def validate_finess(value: str) -> None:
    """Nine characters, a département prefix (2A/2B for Corsica), a Luhn key.

    Corsican numbers carry letters: the key is computed with 2A and 2B read as 20.
    Overseas numbers (97x, 98x) are accepted without a key check (see
    ``finess_warning``).
    """
    value = normalise_finess(value)
    if len(value) != 9 or not value[2:].isdigit():
        raise ValidationError(
            _("A FINESS number has 9 characters: a département code and 7 digits."),
            code="invalid_finess",
        )
    prefix = value[:2]
    if OVERSEAS_PREFIX.match(prefix):
        return
    if not METROPOLITAN_DEPARTEMENT.match(prefix):
        raise ValidationError(
            _("A FINESS number starts with a département code (01 to 95, 2A, 2B)."),
            code="invalid_finess_departement",
        )
    digits = (
        value.replace("2A", "20", 1).replace("2B", "20", 1)
        if prefix in {"2A", "2B"}
        else value
    )
    if not luhn.is_valid(digits):
        raise ValidationError(
            _("The FINESS number's check key is wrong: check the number."),
            code="invalid_finess_key",
        )


def siren_of(value: str) -> str:
    """The SIREN (the legal entity: the SIRET's first 9 digits), or "" when the
    value holds fewer than 9 digits. Two establishments of one entity share it."""
    digits = "".join(character for character in str(value or "") if character.isdigit())
    return digits[:9] if len(digits) >= 9 else ""


# kind → (normalise, validate); the kinds are those of ``IdentifierKind``.
_RULES = {
    "siret": (normalise_siret, validate_siret),
    "siren": (normalise_siren, validate_siren),
    "finess": (normalise_finess, validate_finess),
}


def clean_identifier(kind: str, value: str) -> str:
    """The identifier typed (spaces, dots and dashes allowed), normalised; raises
    ``ValidationError`` with the same message as the organisation form."""
    normalise, validate = _RULES[kind]
    value = normalise(value)
    validate(value)
    return value
