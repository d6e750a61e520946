"""Organisations in the espace porteur: register one, ask to join one, and, for its
administrators, handle the requests to join it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions, services
from .exceptions import (
    OrganisationError,
    OrganisationNotFound,
    OrganisationPermissionRefused,
)
from .forms import JoinForm, OrganisationForm
from .identifiers import finess_warning
from .models import Membership, Organisation
from .selectors import membership_of_organisation, organisation_for_member

TEMPLATES = "organisations/"


def _organisation_or_404(user, pk: int) -> Organisation:
    try:
        return organisation_for_member(user, pk)
    except Organisation.DoesNotExist:
        raise Http404(_("No such organisation among yours.")) from None


def _person(membership: Membership) -> str:
    return membership.user.get_full_name() or membership.user.get_username()


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                organisation = services.organisation_create(
                    user=request.user, **form.cleaned_data
                )
            except OrganisationError as refused:
                error = refused
            else:
                messages.success(
                    request,
                    _(
                        "The organisation %(name)s is registered, and you are its "
                        "administrator."
                    )
                    % {"name": organisation.name},
                )
                warning = finess_warning(organisation.finess)
                if warning:
                    messages.warning(request, warning)
                return redirect("organisations:detail", organisation.pk)
    else:
        form = OrganisationForm(initial={"siret": request.GET.get("siret", "")})
    return render(
        request,
        TEMPLATES + "create.html",
        {
            "form": form,
            "error": error,
            "existing": getattr(error, "organisation", None),
        },
    )


@login_required
def organisation_join(request: HttpRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                membership = services.membership_request(
                    user=request.user, siret=form.cleaned_data["siret"]
                )
            except OrganisationError as refused:
                error = refused
            else:
                messages.success(
                    request,
                    _(
                        "Your request to join %(name)s has been sent: an administrator "
                        "of the organisation must approve it."
                    )
                    % {"name": membership.organisation.name},
                )
                return redirect("applications:home")
    else:
        form = JoinForm(initial={"siret": request.GET.get("siret", "")})
    return render(
        request,
        TEMPLATES + "join.html",
        {
            "form": form,
            "error": error,
            "not_found": isinstance(error, OrganisationNotFound),
        },
    )


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _organisation_or_404(request.user, pk)
    return render(
        request,
        TEMPLATES + "detail.html",
        {
            "organisation": organisation,
            "is_admin": permissions.is_organisation_admin(request.user, organisation),
        },
    )


def _handle_request(request, pk: int, membership_pk: int, *, approve: bool):
    organisation = _organisation_or_404(request.user, pk)
    try:
        membership = membership_of_organisation(organisation, membership_pk)
    except Membership.DoesNotExist:
        messages.info(request, _("This request has already been handled."))
        return redirect("organisations:detail", organisation.pk)
    action = services.membership_approve if approve else services.membership_reject
    try:
        action(membership=membership, user=request.user)
    except OrganisationPermissionRefused as refused:
        return render(
            request,
            TEMPLATES + "refused.html",
            {"organisation": organisation, "error": refused},
            status=403,
        )
    except OrganisationError as refused:
        messages.error(request, refused.message)
    else:
        if approve:
            text = _("%(person)s is now a member of the organisation.")
        else:
            text = _("The request of %(person)s has been turned down.")
        messages.success(request, text % {"person": _person(membership)})
    return redirect("organisations:detail", organisation.pk)


@login_required
@require_POST
def membership_approve(request: HttpRequest, pk: int, membership_pk: int):
    return _handle_request(request, pk, membership_pk, approve=True)


@login_required
@require_POST
def membership_reject(request: HttpRequest, pk: int, membership_pk: int):
    return _handle_request(request, pk, membership_pk, approve=False)
