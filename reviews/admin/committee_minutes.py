"""The minutes of a committee session (procès-verbal) as a PDF, opened in the
browser, for the call's managers: the same refusals as the committee's page
(the section refused to non-managers, a call of another authority or a session
of another call: 404). Drawn on each request, never stored."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.decorators import method_decorator
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.cache import never_cache

from ..minutes import minutes_filename, render_committee_minutes_pdf
from ..models import Committee
from .manager_common import ManagerSectionMixin, call_or_404


@method_decorator(never_cache, name="dispatch")
class CommitteeMinutesView(ManagerSectionMixin, View):
    def get(self, request, *args, **kwargs):
        call = call_or_404(request.user, kwargs["call_pk"])
        committee = (
            Committee.objects.filter(call=call, pk=kwargs["committee_pk"])
            .select_related("call__authority")
            .first()
        )
        if committee is None:
            raise Http404
        response = HttpResponse(
            render_committee_minutes_pdf(committee), content_type="application/pdf"
        )
        response["Content-Disposition"] = content_disposition_header(
            False, minutes_filename(committee)
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
