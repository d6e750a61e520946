"""Forms of the applicant's account pages."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    SetPasswordMixin,
)
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from .emails import send_password_reset_email
from .selectors import email_is_taken, normalise_email, user_awaiting_verification
from .services import email_taken_message

EMAIL_MAX_LENGTH = 150  # the username, which is the email, holds 150 characters


def password_help_text() -> str:
    """The password validators' rules as one sentence list (no HTML)."""
    return " ".join(password_validation.password_validators_help_texts())


class SignupForm(SetPasswordMixin, forms.Form):
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Format: name@example.org"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()
    accept_terms = forms.BooleanField(
        label=_("I have read and I accept the terms of use"),
        error_messages={
            "required": _("You must accept the terms of use to create an account.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request, in the visitor's language, as plain text.
        self.fields["password1"].help_text = password_help_text()

    def clean_email(self) -> str:
        email = normalise_email(self.cleaned_data["email"])
        if email_is_taken(email):
            raise ValidationError(email_taken_message(), code="email_taken")
        return email

    @sensitive_variables("password1", "password2")
    def clean(self):
        self.validate_passwords()
        data = self.cleaned_data
        # Compare the password with what the applicant typed about themself.
        user = get_user_model()(
            username=data.get("email", ""),
            email=data.get("email", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
        )
        self.validate_password_for_user(user)
        return data


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in with the email, whatever its case.

    Applicants' usernames are their lowercased email; an identifier without
    ``@`` (a staff username) is passed as typed.
    """

    username = forms.CharField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Incorrect email or password."),
        "unverified": _(
            "Your email address is not confirmed yet. Open the link in the email "
            "we sent you, or ask for a new one."
        ),
    }

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        return normalise_email(username) if "@" in username else username

    def get_invalid_login_error(self) -> ValidationError:
        return ValidationError(
            self.error_messages["invalid_login"], code="invalid_login"
        )

    @sensitive_variables()
    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and self._is_unverified_account():
                raise ValidationError(
                    self.error_messages["unverified"], code="unverified"
                ) from None
            raise

    @sensitive_variables()
    def _is_unverified_account(self) -> bool:
        """Whether the right password was given for an account not yet verified.

        Checking the password first means the hint never tells a stranger
        that an email has an account.
        """
        password = self.cleaned_data["password"]
        user = user_awaiting_verification(self.cleaned_data["username"])
        if user is None:
            # Hash anyway, so that the answer takes as long either way.
            get_user_model()().set_password(password)
            return False
        return user.check_password(password)

    @property
    def is_unverified(self) -> bool:
        return self.has_error(NON_FIELD_ERRORS, "unverified")


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
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset_email(
                user=user, absolute_url=request.build_absolute_uri
            )


class AccountSetPasswordForm(SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].help_text = password_help_text()
