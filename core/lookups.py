"""``__in`` on an integer column ignores the integers the column cannot hold.

Django's ``exact``, ``gt``, ``gte``, ``lt`` and ``lte`` on an integer field
already treat an out-of-range value as matching nothing (or everything), but not
``in``: on SQLite, ``filter(pk__in=["9223372036854775808"])`` raises
``OverflowError``. A ``ModelMultipleChoiceField`` (a call's territories, the
reviewers and dossiers of an assignment) looks the posted ids up that way, so a
hand-made id answered 500 instead of the field's « Sélectionnez un choix
valide » error. Registered in ``CoreConfig.ready``.
"""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.lookups import In


@IntegerField.register_lookup
class IntegerFieldIn(In):
    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(
                self.lhs.output_field.get_internal_type()
            )
            self.rhs = [value for value in self.rhs if _holds(value, low, high)]
        return super().process_rhs(compiler, connection)


def _holds(value, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int):
        return True
    return (low is None or value >= low) and (high is None or value <= high)
