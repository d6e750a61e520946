"""The applicant's account pages: sign up, verify the email, sign in, reset."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView

from cms.selectors import terms_of_use_url

from .forms import (
    AccountPasswordResetForm,
    AccountSetPasswordForm,
    ActivationForm,
    EmailAuthenticationForm,
    ResendVerificationForm,
    SignupForm,
)
from .limits import email_request_limited, sign_in_unlock
from .selectors import is_awaiting_verification
from .services import (
    AccountError,
    account_activate,
    account_signup,
    account_verification_resend,
)
from .tokens import email_verification_token_generator

SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"
# Local accounts; stated because ProConnect may add a second backend.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
TOO_MANY_REQUESTS = 429


def espace_home_url() -> str:
    return reverse("applications:home")


def terms_url() -> str:
    return getattr(settings, "ACCOUNTS_TERMS_URL", "") or terms_of_use_url()


def too_many_emails_message() -> str:
    return _(
        "Too many requests for this address or from your connection. For your "
        "security, please wait an hour before asking again."
    )


class LimitedEmailFormMixin:
    """Refuse, with a French message, a request over the account email limits."""

    limit_action = ""

    def limited_response(self, form) -> HttpResponse | None:
        if not email_request_limited(
            self.request, action=self.limit_action, email=form.cleaned_data["email"]
        ):
            return None
        form.add_error(None, too_many_emails_message())
        response = self.form_invalid(form)
        response.status_code = TOO_MANY_REQUESTS
        return response


def locked_out(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """What django-axes answers to a sign-in while it is locked out (public
    login and Wagtail admin login alike)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes},
        status=TOO_MANY_REQUESTS,
    )


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm


@method_decorator(never_cache, name="dispatch")
class SignupView(LimitedEmailFormMixin, FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm
    limit_action = "signup"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(espace_home_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms_url=terms_url(), **kwargs)

    def form_valid(self, form: SignupForm) -> HttpResponse:
        if (response := self.limited_response(form)) is not None:
            return response
        data = form.cleaned_data
        try:
            account_signup(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                terms_accepted=data["accept_terms"],
                absolute_url=self.request.build_absolute_uri,
            )
        except AccountError as error:
            form.add_error("accept_terms", error.message)
            return self.form_invalid(form)
        # The same answer whether or not the address already had an account.
        self.request.session[SIGNUP_EMAIL_SESSION_KEY] = data["email"]
        return redirect("signup_done")


class SignupDoneView(TemplateView):
    template_name = "accounts/signup_done.html"

    def get_context_data(self, **kwargs):
        email = self.request.session.pop(SIGNUP_EMAIL_SESSION_KEY, "")
        return super().get_context_data(email=email, **kwargs)


class VerifyEmailView(auth_views.PasswordResetConfirmView):
    """The verification link: its recipient chooses the password, which
    activates the account and signs them in.

    Like Django's password reset, the token moves to the session and the page
    is served at ``verification/<uid>/choisir-mot-de-passe/``, so that it never
    leaks through the Referer header. Opening the link changes nothing: a mail
    scanner that follows it activates no account.
    """

    template_name = "accounts/verify_email.html"
    form_class = ActivationForm
    token_generator = email_verification_token_generator
    reset_url_token = "choisir-mot-de-passe"

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and is_awaiting_verification(user) else None

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if self.validlink or response.status_code == 302:
            return response
        return invalid_link_response(request)

    def form_valid(self, form: ActivationForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = account_activate(
                user=self.user,
                token=self.request.session.get(INTERNAL_RESET_SESSION_TOKEN, ""),
                password=data["new_password1"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except AccountError:
            return invalid_link_response(self.request)
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        login(self.request, user, backend=MODEL_BACKEND)
        messages.success(
            self.request, _("Your account is activated. Welcome to your space.")
        )
        return redirect(espace_home_url())


def invalid_link_response(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/verification_invalid.html",
        {"form": ResendVerificationForm()},
        status=400,
    )


class ResendVerificationView(LimitedEmailFormMixin, FormView):
    template_name = "accounts/resend_verification.html"
    form_class = ResendVerificationForm
    success_url = reverse_lazy("resend_verification_done")
    limit_action = "resend"

    def form_valid(self, form: ResendVerificationForm) -> HttpResponse:
        if (response := self.limited_response(form)) is not None:
            return response
        account_verification_resend(
            email=form.cleaned_data["email"],
            absolute_url=self.request.build_absolute_uri,
        )
        return super().form_valid(form)


class ResendVerificationDoneView(TemplateView):
    template_name = "accounts/resend_verification_done.html"


class PasswordResetView(LimitedEmailFormMixin, auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = AccountPasswordResetForm
    success_url = reverse_lazy("password_reset_done")
    limit_action = "password_reset"

    def form_valid(self, form: AccountPasswordResetForm) -> HttpResponse:
        if (response := self.limited_response(form)) is not None:
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = AccountSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: AccountSetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # A lockout someone caused by trying passwords ends with the new one.
        sign_in_unlock(self.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
