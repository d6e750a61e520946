from django import forms
from django.db import models


class MultipleChoiceJSONField(models.JSONField):
    """A list of choices stored as JSON, edited as a set of checkboxes.

    Portable across SQLite and PostgreSQL (no ArrayField); each item is checked
    against ``item_choices`` by the form and by the model's ``clean``.
    """

    def __init__(self, *args, item_choices=(), **kwargs):
        self.item_choices = list(item_choices)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["item_choices"] = self.item_choices
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.item_choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
