from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

call_reference_validator = RegexValidator(
    r"^[A-Z0-9]+(-[A-Z0-9]+)+$",
    _("Use capital letters, digits and dashes, for example AAC-2025-BRE-MAV."),
)


def validate_strictly_positive(value) -> None:
    if value is None or Decimal(value) <= 0:
        raise ValidationError(
            _("The value must be strictly positive."), code="not_positive"
        )


RETENTION_YEARS_MIN = 1
RETENTION_YEARS_MAX = 30


def retention_years_validators() -> list:
    """A call's retention terms: at least a year, at most thirty."""
    message = _("Enter a number of years between 1 and 30.")
    return [
        MinValueValidator(RETENTION_YEARS_MIN, message=message),
        MaxValueValidator(RETENTION_YEARS_MAX, message=message),
    ]
