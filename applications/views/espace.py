"""The espace porteur's home: the user's organisations, dossiers and open calls."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from calls.publication import offered_calls
from organisations.enums import MembershipStatus
from organisations.selectors import memberships_for_espace

from ..next_step import next_step
from ..selectors import applications_for_espace, unsubmitted_changes_of


@login_required
def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    memberships = list(memberships_for_espace(request.user))
    rows = [
        {
            "application": application,
            "next_step": next_step(application, at=now),
            "unsubmitted": bool(unsubmitted_changes_of(application)),
        }
        for application in applications_for_espace(request.user)
    ]
    return render(
        request,
        "applications/espace/home.html",
        {
            "active_memberships": [
                m for m in memberships if m.status == MembershipStatus.ACTIVE
            ],
            "pending_memberships": [
                m for m in memberships if m.status == MembershipStatus.PENDING
            ],
            "rows": rows,
            "open_calls": offered_calls(at=now).order_by("closes_at", "reference"),
            # The dossier pages hang under the espace: /espace/dossiers/<pk>/.
            "espace_url": reverse("applications:home"),
        },
    )
