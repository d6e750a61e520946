"""The two-factor pages, /compte/double-authentification/ (one set for
applicants and staff): settings, verify, enrol, recovery codes, disable."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken
from django_ratelimit.core import is_ratelimited

from .forms import AppCodeForm, CodeForm
from .policy import has_two_factor, may_disable_two_factor, two_factor_required
from .qr import qr_svg
from .services import (
    TwoFactorError,
    device_secret,
    pending_device,
    two_factor_disable,
    two_factor_enrol,
    two_factor_regenerate_recovery_codes,
    two_factor_verify,
)

RECOVERY_CODES_SESSION_KEY = "two_factor_recovery_codes"
TOO_MANY_REQUESTS = 429


def _next_url(request: HttpRequest, default: str = "two_factor:home") -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def _limited(request: HttpRequest) -> bool:
    """Count one code attempt per account (django-ratelimit, as accounts.limits)."""
    return is_ratelimited(
        request,
        group="accounts.two_factor.account",
        key=lambda _group, req: str(req.user.pk),
        rate=settings.TWO_FACTOR_VERIFY_RATE,
        increment=True,
    )


def _invalid_code(form) -> None:
    form.add_error("code", _("This code is not valid. Check it and try again."))


def _too_many(request, template, context) -> HttpResponse:
    context["form"].add_error(
        None, _("Too many attempts. For your security, please wait and try again.")
    )
    return render(request, template, context, status=TOO_MANY_REQUESTS)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    codes_left = StaticToken.objects.filter(device__user=request.user).count()
    return render(
        request,
        "accounts/two_factor/home.html",
        {
            "enrolled": has_two_factor(request.user),
            "required": two_factor_required(request.user),
            "may_disable": may_disable_two_factor(request.user),
            "codes_left": codes_left,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified() or not has_two_factor(request.user):
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    context = {"form": form, "next": _next_url(request, "")}
    template = "accounts/two_factor/verify.html"
    if request.method == "POST" and form.is_valid():
        if _limited(request):
            return _too_many(request, template, context)
        device = two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request, settings.LOGIN_REDIRECT_URL))
        _invalid_code(form)
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: HttpRequest) -> HttpResponse:
    device = pending_device(request.user)
    form = AppCodeForm(request.POST or None)
    template = "accounts/two_factor/enrol.html"
    context = {
        "form": form,
        "next": _next_url(request, ""),
        "qr_svg": qr_svg(device.config_url),
        "secret": device_secret(device),
        "replacing": has_two_factor(request.user),
    }
    if request.method == "POST" and form.is_valid():
        if _limited(request):
            return _too_many(request, template, context)
        try:
            codes = two_factor_enrol(
                user=request.user, device=device, code=form.cleaned_data["code"]
            )
        except TwoFactorError:
            _invalid_code(form)
        else:
            otp_login(request, device)
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(
                request, _("Two-factor authentication is now on for your account.")
            )
            url = reverse("two_factor:recovery_codes")
            if context["next"]:
                url += "?" + urlencode({"next": context["next"]})
            return redirect(url)
    return render(request, template, context)


@login_required
@require_http_methods(["GET", "POST"])
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Shows the codes just issued (once: leaving for the settings page drops
    them), or asks for a current code to issue new ones."""
    form = AppCodeForm(request.POST or None)
    template = "accounts/two_factor/recovery_codes.html"
    context = {
        "form": form,
        "codes": request.session.get(RECOVERY_CODES_SESSION_KEY),
        "next": _next_url(request, ""),
        "enrolled": has_two_factor(request.user),
    }
    if request.method == "POST" and form.is_valid():
        if _limited(request):
            return _too_many(request, template, context)
        try:
            codes = two_factor_regenerate_recovery_codes(
                user=request.user, code=form.cleaned_data["code"]
            )
        except TwoFactorError:
            _invalid_code(form)
        else:
            request.session[RECOVERY_CODES_SESSION_KEY] = codes
            messages.success(
                request, _("New recovery codes: the old ones no longer work.")
            )
            return redirect("two_factor:recovery_codes")
    return render(request, template, context)


@login_required
def recovery_codes_download(request: HttpRequest) -> HttpResponse:
    codes = request.session.get(RECOVERY_CODES_SESSION_KEY)
    if not codes:
        return redirect("two_factor:recovery_codes")
    lines = [
        _("Recovery codes for %(account)s") % {"account": request.user.get_username()},
        _("Each code works once, in place of your authenticator app's code."),
        "",
        *codes,
        "",
    ]
    response = HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="codes-de-secours.txt"'
    return response


@login_required
@require_http_methods(["POST"])
def recovery_codes_done(request: HttpRequest) -> HttpResponse:
    """The user has noted their codes: they are no longer shown."""
    request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return redirect(_next_url(request))


@login_required
@require_http_methods(["GET", "POST"])
def disable(request: HttpRequest) -> HttpResponse:
    if not may_disable_two_factor(request.user):
        messages.error(
            request,
            _(
                "Two-factor authentication is required for your role: you may "
                "replace your device, not turn it off."
            ),
        )
        return redirect("two_factor:home")
    if not has_two_factor(request.user):
        return redirect("two_factor:home")
    form = CodeForm(request.POST or None)
    template = "accounts/two_factor/disable.html"
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        if _limited(request):
            return _too_many(request, template, context)
        try:
            two_factor_disable(user=request.user, code=form.cleaned_data["code"])
        except TwoFactorError:
            _invalid_code(form)
        else:
            messages.success(
                request, _("Two-factor authentication is now off for your account.")
            )
            return redirect("two_factor:home")
    return render(request, template, context)
