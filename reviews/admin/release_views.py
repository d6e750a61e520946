"""The release of a call's decisions, for its managers: the recap (what will
be sent, what blocks it) and its explicit confirmation (``release``); a
release's progress (``release_progress``, its figures as JSON on
``release_status``, the failed letters retried from it); a decision's letter
previewed before anything is stored (``letter_preview``) and any stored
letter opened by the staff (``letter_download``, which records no opening:
only the applicant's does).

The same refusals as the committee's page: the section refused to
non-managers, a call, a release or a letter of another authority: 404.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from wagtail.admin import messages

from core.time import in_paris, paris_datetime_short

from .. import services
from ..enums import ReleaseItemStatus
from ..exceptions import ReleaseRefused
from ..forms.release import ReleaseForm
from ..letters import render_decision_letter_pdf
from ..models import DecisionLetter
from ..notification import appeal_deadline
from ..selectors.committee import envelope_for_call
from ..selectors.release import (
    ReleaseProgress,
    decision_for_manager,
    letter_for_manager,
    release_items,
    release_of_call,
    release_progress,
    release_recap,
)
from ..services.letters import letter_filename
from .committee_views import CommitteeCallView, envelope_lines
from .manager_common import ManagerSectionMixin, call_or_404, show_refusal

# The letter is written in French whatever the reader's language: so is the
# number a preview carries in place of the one given when it is sent.
PREVIEW_NUMBER = "PROJET — numéro attribué à l'envoi"


def progress_label(progress: ReleaseProgress) -> str:
    """« 12 lettres envoyées sur 40 »."""
    return ngettext(
        "%(done)d letter sent of %(total)d",
        "%(done)d letters sent of %(total)d",
        progress.done,
    ) % {"done": progress.done, "total": progress.total}


@dataclass(frozen=True)
class LetterFacts:
    """A stored letter as the staff read it: its number and date, whether it
    was notified and opened, and the appeal deadline that follows."""

    letter: DecisionLetter
    issued_on: str
    notified: str
    opened: str
    deadline: str

    @property
    def url(self) -> str:
        return reverse("reviews_admin:letter_download", args=[self.letter.pk])


def letter_facts(letter: DecisionLetter) -> LetterFacts:
    deadline = appeal_deadline(letter)
    opened = (
        gettext("Opened on %(when)s")
        % {"when": paris_datetime_short(letter.first_opened_at)}
        if letter.first_opened_at
        else gettext("Not opened yet")
    )
    return LetterFacts(
        letter=letter,
        issued_on=formats.date_format(letter.issued_on, "SHORT_DATE_FORMAT"),
        notified=paris_datetime_short(letter.notified_at) or "—",
        opened=opened,
        deadline=formats.date_format(deadline, "SHORT_DATE_FORMAT")
        if deadline
        else gettext("Two months from its opening"),
    )


class ReleaseView(CommitteeCallView):
    """The recap of what releasing the call sends, then the release itself
    (a POST with the confirmation ticked)."""

    template_name = "reviews/release/recap.html"
    header_icon = "mail"
    page_title = _("Publish the decisions")

    def get_breadcrumbs_items(self):
        return self.committee_crumbs(("", self.page_title))

    def render_page(self, form, **context):
        recap = release_recap(self.call)
        envelope = envelope_for_call(self.call)
        return self.render_to_response(
            self.get_context_data(
                call=self.call,
                form=form,
                recap=recap,
                envelope=envelope,
                envelope_lines=envelope_lines(envelope),
                cancel_url=reverse("reviews_admin:committee", args=[self.call.pk]),
                **context,
            )
        )

    def get(self, request, *args, **kwargs):
        self.setup_call()
        return self.render_page(ReleaseForm())

    def post(self, request, *args, **kwargs):
        self.setup_call()
        form = ReleaseForm(request.POST)
        if not form.is_valid():
            messages.error(request, str(form.errors["confirm"][0]))
            return self.render_page(form)
        try:
            batch = services.decisions_release(call=self.call, user=request.user)
        except ReleaseRefused as error:
            reasons = show_refusal(request, error)
            return self.render_page(form, refusal=error.message, reasons=reasons)
        messages.success(
            request,
            _("The decisions are being released: their letters are being sent."),
        )
        return redirect(
            "reviews_admin:release_progress", call_pk=self.call.pk, batch_pk=batch.pk
        )


class ReleaseBatchMixin:
    def setup_batch(self):
        self.call = call_or_404(self.request.user, self.kwargs["call_pk"])
        self.batch = release_of_call(self.call, self.kwargs["batch_pk"])
        if self.batch is None:
            raise Http404


class ReleaseProgressView(ReleaseBatchMixin, CommitteeCallView):
    """How far a release has gone: its figures, its failures (retried from
    here) and each letter sent, with its notification and opening."""

    template_name = "reviews/release/progress.html"
    header_icon = "mail"
    page_title = _("Release of the decisions")

    def get_page_subtitle(self):
        return f"{self.call.reference} — {paris_datetime_short(self.batch.created_at)}"

    def get_breadcrumbs_items(self):
        return self.committee_crumbs(
            ("", f"{self.page_title} — {paris_datetime_short(self.batch.created_at)}")
        )

    def get(self, request, *args, **kwargs):
        self.setup_batch()
        progress = release_progress(self.batch)
        items = release_items(self.batch)
        return self.render_to_response(
            self.get_context_data(
                call=self.call,
                batch=self.batch,
                progress=progress,
                progress_label=progress_label(progress),
                # The two forms of the sentence, for the script to choose from.
                label_one=ngettext(
                    "%(done)d letter sent of %(total)d",
                    "%(done)d letters sent of %(total)d",
                    1,
                ),
                label_many=ngettext(
                    "%(done)d letter sent of %(total)d",
                    "%(done)d letters sent of %(total)d",
                    2,
                ),
                failed=[
                    item for item in items if item.status == ReleaseItemStatus.FAILED
                ],
                rows=[
                    (item, letter_facts(item.letter) if item.letter else None)
                    for item in items
                ],
                status_url=reverse(
                    "reviews_admin:release_status", args=[self.call.pk, self.batch.pk]
                ),
            )
        )

    def post(self, request, *args, **kwargs):
        """Retry the failed letters."""
        self.setup_batch()
        try:
            retried = services.release_retry(batch=self.batch, user=request.user)
        except ReleaseRefused as error:
            show_refusal(request, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d failed letter is sent again.",
                    "%(count)d failed letters are sent again.",
                    len(retried),
                )
                % {"count": len(retried)},
            )
        return redirect(request.path)


@method_decorator(never_cache, name="dispatch")
class ReleaseStatusView(ReleaseBatchMixin, ManagerSectionMixin, View):
    """The release's figures, for the progress page's script."""

    def get(self, request, *args, **kwargs):
        self.setup_batch()
        return JsonResponse(release_progress(self.batch).as_dict())


def pdf_inline(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@method_decorator(never_cache, name="dispatch")
class LetterPreviewView(ManagerSectionMixin, View):
    """The letter the dossier's recorded decision would get if it were sent
    today: drawn on the request, numbered « PROJET », never stored."""

    def get(self, request, *args, **kwargs):
        decision = decision_for_manager(request.user, kwargs["pk"])
        if decision is None:
            raise Http404
        pdf = render_decision_letter_pdf(
            decision,
            number=PREVIEW_NUMBER,
            issued_on=in_paris(timezone.now()).date(),
        )
        return pdf_inline(
            HttpResponse(pdf, content_type="application/pdf"),
            f"{decision.application.reference}-decision-projet.pdf",
        )


@method_decorator(never_cache, name="dispatch")
class LetterDownloadView(ManagerSectionMixin, View):
    """A stored letter (any version, superseded ones too), as it was sent.
    The staff opening it is no notification: nothing is recorded."""

    def get(self, request, *args, **kwargs):
        letter = letter_for_manager(request.user, kwargs["letter_pk"])
        if letter is None:
            raise Http404
        return pdf_inline(
            FileResponse(letter.file.open("rb"), content_type="application/pdf"),
            letter_filename(letter, letter.decision.application.reference),
        )
