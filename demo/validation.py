"""Validating demo objects the way the admin would before they are saved.

``Model.full_clean()`` does not run the StreamField blocks' own validation (the
admin does it through the form field), so it is run here explicitly, with the
cleaned value written back.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.fields import StreamField


def _stream_fields(instance: models.Model) -> list[StreamField]:
    return [f for f in instance._meta.concrete_fields if isinstance(f, StreamField)]


def clean_streams(instance: models.Model) -> None:
    """Validate every StreamField of ``instance`` against its blocks."""
    errors = {}
    for field in _stream_fields(instance):
        value = getattr(instance, field.attname)
        try:
            cleaned = field.stream_block.clean(value)
        except ValidationError as error:
            details = getattr(error, "as_json_data", None)
            message = (
                json.dumps(details(), ensure_ascii=False) if details else str(error)
            )
            errors[field.name] = ValidationError(message)
        else:
            setattr(instance, field.attname, cleaned)
    if errors:
        raise ValidationError(errors)


def validated(instance: models.Model, **kwargs) -> models.Model:
    """``full_clean()`` and the StreamField blocks; returns the instance."""
    instance.full_clean(**kwargs)
    clean_streams(instance)
    return instance


def stream_json(instance: models.Model, name: str) -> str:
    """A StreamField's stored form, for comparing two versions of a page."""
    field = instance._meta.get_field(name)
    return json.dumps(
        field.get_prep_value(getattr(instance, field.attname)),
        sort_keys=True,
        cls=field.json_field.encoder,
    )
