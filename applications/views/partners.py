"""The dossier's governance pages: the applicant's partners page (checklist, lead
category, partners, steering body) and the partner's public page, reached through
its signed link without an account.

The applicant's pages load the dossier through ``application_for_user`` (another
organisation's dossier answers 404); each POST calls one service of
``services`` and shows its refusal with what the user typed kept.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..exceptions import ApplicationError
from ..forms.dossiers import ConfirmForm
from ..forms.partners import (
    CommitmentLetterForm,
    LeadCategoryForm,
    PartnerAnswerForm,
    PartnerForm,
    SteeringMemberForm,
)
from ..governance import governance_check
from ..models import Application, Partner
from ..partner_links import (
    PartnerLinkError,
    commitment_closed_problem,
    partner_from_token,
)
from ..policies import editing_problem
from ..uploads import rename_notice
from .loading import own_dossier_or_404

TEMPLATES = "applications/partners/"
ANSWER_SESSION_KEY = "sillon.partner_answer"
PARTNER_FIELDS = (
    "name",
    "siret",
    "finess",
    "category",
    "role",
    "contact_name",
    "contact_email",
)


# Loading ---------------------------------------------------------------------------


def _dossier_or_404(user, pk: int) -> Application:
    """The user's dossier, with its governance loaded for the partners page."""
    application = own_dossier_or_404(user, pk)
    # What the page and the checklist read, in a fixed number of queries.
    prefetch_related_objects(
        [application],
        Prefetch(
            "partners", queryset=Partner.objects.select_related("commitment_letter")
        ),
        "steering_members",
        "call__governance_rules",
    )
    return application


def _partner_or_404(application: Application, partner_pk: int) -> Partner:
    partner = next((p for p in application.partners.all() if p.pk == partner_pk), None)
    if partner is None:
        raise Http404(_("No such partner in this dossier."))
    return partner


def _to_page(application: Application, anchor: str = "") -> HttpResponse:
    response = redirect("applications:dossier_partners", application.pk)
    response["Location"] += f"#{anchor}" if anchor else ""
    return response


def _partner_initial(partner: Partner) -> dict:
    return {field: getattr(partner, field) for field in PARTNER_FIELDS}


# The applicant's partners page --------------------------------------------------------


def _render_page(
    request: HttpRequest,
    application: Application,
    *,
    partner_form=None,
    lead_form=None,
    member_form=None,
    error=None,
    status: int = 200,
) -> HttpResponse:
    call = application.call
    context = {
        "application": application,
        "call": call,
        "governance": governance_check(application),
        "partners": list(application.partners.all()),
        "members": list(application.steering_members.all()),
        "editing_problem": editing_problem(application),
        "partner_form": partner_form or PartnerForm(),
        "lead_form": lead_form
        or LeadCategoryForm(
            initial={"category": application.lead_category},
            allowed=call.lead_categories,
        ),
        "member_form": member_form or SteeringMemberForm(),
        "error": error,
    }
    return render(request, TEMPLATES + "page.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def dossier_partners(request: HttpRequest, pk: int) -> HttpResponse:
    """The page; a POST adds a partner."""
    application = _dossier_or_404(request.user, pk)
    if request.method == "GET":
        return _render_page(request, application)
    form = PartnerForm(request.POST)
    if not form.is_valid():
        return _render_page(request, application, partner_form=form)
    try:
        partner = services.partner_add(
            application=application, user=request.user, **form.cleaned_data
        )
    except ApplicationError as refused:
        return _render_page(request, application, partner_form=form, error=refused)
    messages.success(
        request,
        _(
            "%(name)s is added to the partners. The link to confirm its commitment "
            "was sent to %(email)s."
        )
        % {"name": partner.name, "email": partner.contact_email},
    )
    return _to_page(application, "partners")


@login_required
@require_POST
def dossier_lead_category(request: HttpRequest, pk: int) -> HttpResponse:
    application = _dossier_or_404(request.user, pk)
    form = LeadCategoryForm(request.POST, allowed=application.call.lead_categories)
    if not form.is_valid():
        return _render_page(request, application, lead_form=form)
    try:
        services.lead_category_set(
            application=application,
            user=request.user,
            category=form.cleaned_data["category"],
        )
    except ApplicationError as refused:
        return _render_page(request, application, lead_form=form, error=refused)
    messages.success(request, _("The category of the lead organisation is saved."))
    return _to_page(application, "lead")


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: HttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    application = _dossier_or_404(request.user, pk)
    partner = _partner_or_404(application, partner_pk)
    error = None
    if request.method == "POST":
        form = PartnerForm(request.POST)
        if form.is_valid():
            try:
                updated = services.partner_update(
                    application=application,
                    user=request.user,
                    partner=partner,
                    **form.cleaned_data,
                )
            except ApplicationError as refused:
                error = refused
            else:
                saved = _("The partner %(name)s is saved.") % {"name": updated.name}
                if updated.invited_at is None and not updated.is_confirmed:
                    saved += " " + _(
                        "The link already sent no longer works: send the new one "
                        "with « Send the new link » when the partner is ready."
                    )
                messages.success(request, saved)
                return _to_page(application, "partners")
    else:
        form = PartnerForm(initial=_partner_initial(partner))
    return render(
        request,
        TEMPLATES + "edit.html",
        {
            "application": application,
            "partner": partner,
            "form": form,
            "error": error,
            "editing_problem": editing_problem(application),
        },
    )


@login_required
@require_POST
def partner_invite(request: HttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    application = _dossier_or_404(request.user, pk)
    partner = _partner_or_404(application, partner_pk)
    try:
        services.partner_invite(
            application=application, user=request.user, partner=partner
        )
    except ApplicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("A new link was sent to %(email)s; the previous one no longer works.")
            % {"email": partner.contact_email},
        )
    return _to_page(application, "partners")


@login_required
@require_http_methods(["GET", "POST"])
def partner_remove(request: HttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    """GET names the partner and what its removal means; only a POST carrying the
    page's confirmation removes it."""
    application = _dossier_or_404(request.user, pk)
    partner = _partner_or_404(application, partner_pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.partner_remove(
                application=application, user=request.user, partner=partner
            )
        except ApplicationError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(
                request,
                _("%(name)s is no longer a partner of the dossier.")
                % {"name": partner.name},
            )
        return _to_page(application, "partners")
    return render(
        request,
        TEMPLATES + "remove.html",
        {
            "application": application,
            "partner": partner,
            "form": ConfirmForm(),
            "editing_problem": editing_problem(application),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_letter(request: HttpRequest, pk: int, partner_pk: int) -> HttpResponse:
    application = _dossier_or_404(request.user, pk)
    partner = _partner_or_404(application, partner_pk)
    error = None
    if request.method == "POST":
        form = CommitmentLetterForm(request.POST, request.FILES)
    else:
        form = CommitmentLetterForm()
    if form.is_bound and form.is_valid():
        uploaded_file = form.cleaned_data["file"]
        try:
            letter = services.partner_letter_attach(
                application=application,
                user=request.user,
                partner=partner,
                uploaded_file=uploaded_file,
            )
        except ValidationError as refused:
            form.add_error("file", refused)
        except ApplicationError as refused:
            error = refused
        else:
            messages.success(
                request,
                _(
                    "The signed letter of %(name)s is saved: its commitment is "
                    "confirmed."
                )
                % {"name": partner.name},
            )
            notice = rename_notice(
                uploaded_file.name, letter.original_name, letter.content_type
            )
            if notice:
                messages.warning(request, notice)
            return _to_page(application, "partners")
    return render(
        request,
        TEMPLATES + "letter.html",
        {
            "application": application,
            "partner": partner,
            "form": form,
            "error": error,
            "editing_problem": editing_problem(application),
        },
    )


@login_required
@require_POST
def steering_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _dossier_or_404(request.user, pk)
    form = SteeringMemberForm(request.POST)
    if not form.is_valid():
        return _render_page(request, application, member_form=form)
    try:
        services.steering_member_add(
            application=application, user=request.user, **form.cleaned_data
        )
    except ApplicationError as refused:
        return _render_page(request, application, member_form=form, error=refused)
    messages.success(
        request,
        _("%(name)s is added to the steering body.")
        % {"name": form.cleaned_data["name"]},
    )
    return _to_page(application, "steering")


@login_required
@require_POST
def steering_member_remove(
    request: HttpRequest, pk: int, member_pk: int
) -> HttpResponse:
    application = _dossier_or_404(request.user, pk)
    member = next(
        (m for m in application.steering_members.all() if m.pk == member_pk), None
    )
    if member is None:
        raise Http404(_("No such member of the steering body."))
    try:
        services.steering_member_remove(
            application=application, user=request.user, member=member
        )
    except ApplicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request,
            _("%(name)s is no longer in the steering body.") % {"name": member.name},
        )
    return _to_page(application, "steering")


# The partner's public page ------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    # The address carries the partner's token: never send it to another site.
    # ("no-referrer" would make the browser send "Origin: null" with the form,
    # which Django's CSRF check rightly refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response


def _link_refused(request: HttpRequest, refused: ApplicationError, status: int):
    response = render(
        request, TEMPLATES + "link_refused.html", {"refused": refused}, status=status
    )
    return _public(response)


@never_cache
@require_http_methods(["GET", "POST"])
def partner_commitment(request: HttpRequest, token: str) -> HttpResponse:
    """The partner's page: the dossier's summary, its role, confirm or decline."""
    try:
        partner = partner_from_token(token)
    except PartnerLinkError as refused:
        return _link_refused(request, refused, refused.status)
    problem = commitment_closed_problem(partner.application)
    if problem:
        return _link_refused(request, services.CommitmentClosed(problem), 410)
    form = PartnerAnswerForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            answered = services.partner_respond(
                token=token,
                accept=form.cleaned_data["answer"] == "confirm",
                reason=form.cleaned_data["reason"],
            )
        except PartnerLinkError as refused:
            return _link_refused(request, refused, refused.status)
        except ApplicationError as refused:
            return _link_refused(request, refused, 410)
        request.session[ANSWER_SESSION_KEY] = {
            "partner": answered.name,
            "reference": answered.application.reference,
            "title": answered.application.title,
            "lead": answered.application.organisation.name,
            "confirmed": answered.is_confirmed,
            "reason": answered.decline_reason,
        }
        return _public(redirect("applications:partner_thanks"))
    context = {
        "partner": partner,
        "application": partner.application,
        "call": partner.application.call,
        "form": form,
    }
    status = 400 if form.is_bound else 200  # a POST without a valid answer
    return _public(
        render(request, TEMPLATES + "commitment.html", context, status=status)
    )


@never_cache
def partner_thanks(request: HttpRequest) -> HttpResponse:
    """After the answer: what was recorded (kept in the partner's session)."""
    answer = request.session.get(ANSWER_SESSION_KEY)
    return _public(render(request, TEMPLATES + "thanks.html", {"answer": answer}))
