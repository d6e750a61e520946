from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
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
