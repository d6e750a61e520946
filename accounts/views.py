"""The applicant's account pages: sign up, verify the email, sign in, reset."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from .forms import (
    AccountPasswordResetForm,
    AccountSetPasswordForm,
    EmailAuthenticationForm,
    ResendVerificationForm,
    SignupForm,
)
from .services import (
    AccountError,
    account_signup,
    account_verification_resend,
    account_verify,
)

SIGNUP_EMAIL_SESSION_KEY = "accounts_signup_email"
# Local accounts; stated because ProConnect may add a second backend.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def espace_home_url() -> str:
    return reverse("applications:home")


def terms_url() -> str:
    return getattr(settings, "ACCOUNTS_TERMS_URL", "")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm


@method_decorator(
    [sensitive_post_parameters("password1", "password2"), never_cache],
    name="dispatch",
)
class SignupView(FormView):
    template_name = "accounts/signup.html"
    form_class = SignupForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(espace_home_url())
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(terms_url=terms_url(), **kwargs)

    def form_valid(self, form: SignupForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            user = account_signup(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                password=data["password1"],
                terms_accepted=data["accept_terms"],
                absolute_url=self.request.build_absolute_uri,
            )
        except AccountError as error:
            form.add_error("email", error.message)
            return self.form_invalid(form)
        self.request.session[SIGNUP_EMAIL_SESSION_KEY] = user.email
        return redirect("signup_done")


class SignupDoneView(TemplateView):
    template_name = "accounts/signup_done.html"

    def get_context_data(self, **kwargs):
        email = self.request.session.pop(SIGNUP_EMAIL_SESSION_KEY, "")
        return super().get_context_data(email=email, **kwargs)


@require_GET
@never_cache
def verify_email(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    try:
        user = account_verify(uidb64=uidb64, token=token)
    except AccountError:
        return render(
            request,
            "accounts/verification_invalid.html",
            {"form": ResendVerificationForm()},
            status=400,
        )
    login(request, user, backend=MODEL_BACKEND)
    messages.success(
        request, _("Your email address is confirmed. Welcome to your space.")
    )
    return redirect(espace_home_url())


class ResendVerificationView(FormView):
    template_name = "accounts/resend_verification.html"
    form_class = ResendVerificationForm
    success_url = reverse_lazy("resend_verification_done")

    def form_valid(self, form: ResendVerificationForm) -> HttpResponse:
        account_verification_resend(
            email=form.cleaned_data["email"],
            absolute_url=self.request.build_absolute_uri,
        )
        return super().form_valid(form)


class ResendVerificationDoneView(TemplateView):
    template_name = "accounts/resend_verification_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = AccountPasswordResetForm
    success_url = reverse_lazy("password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = AccountSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
