"""Forms of the applicant's account pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from .selectors import normalise_email
from .services import account_password_reset

EMAIL_MAX_LENGTH = 150  # the username, which is the email, holds 150 characters


def password_help_text() -> str:
    """The password validators' rules as one sentence list (no HTML)."""
    return " ".join(password_validation.password_validators_help_texts())


def first_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )


def last_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )


class SignupForm(forms.Form):
    """Who signs up; the password is chosen from the verification link."""

    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Format: name@example.org"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = first_name_field()
    last_name = last_name_field()
    accept_terms = forms.BooleanField(
        label=_("I have read and I accept the terms of use"),
        error_messages={
            "required": _("You must accept the terms of use to create an account.")
        },
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class ActivationForm(SetPasswordForm):
    """The verification link's page: check the names, choose the password."""

    first_name = first_name_field()
    last_name = last_name_field()
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        if user is not None:  # None: the page says the link is invalid
            kwargs["initial"] = {
                "first_name": user.first_name,
                "last_name": user.last_name,
                **(kwargs.get("initial") or {}),
            }
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Password")
        self.fields["new_password2"].label = _("Password confirmation")
        self.fields["new_password1"].help_text = password_help_text()

    @sensitive_variables()
    def clean(self):
        # Compare the password with the names as they are being saved.
        for name in ("first_name", "last_name"):
            if name in self.cleaned_data:
                setattr(self.user, name, self.cleaned_data[name].strip())
        return super().clean()

    def save(self, commit=True):
        raise NotImplementedError("accounts.services.account_activate saves it.")


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with the email, whatever its case.

    Applicants' usernames are their lowercased email; an identifier without
    ``@`` (a staff username) is passed as typed.
    """

    # Bounded as the username is: a longer one is no account, and django-axes
    # would fail to record it (its column holds 255; PostgreSQL refused, 500).
    username = forms.CharField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Incorrect email or password."),
    }

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        return normalise_email(username) if "@" in username else username

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid_login"], code="invalid_login"
        )


class ResendVerificationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("The address you signed up with."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class AccountPasswordResetForm(PasswordResetForm):
    """Django's form, with French emails and links built from the request."""

    def save(self, *, request, **kwargs) -> None:
        account_password_reset(
            email=self.cleaned_data["email"],
            absolute_url=request.build_absolute_uri,
        )


class AccountSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help_text()
