"""The committee of a call: its sessions, the agenda and the decisions,
recorded silently until they are released.

GET shows the page or the form; POST runs it: ``committee_create`` (the
session), ``decision`` (record or correct one dossier's decision; over the
envelope, asks for a confirmation with a reason), ``decisions_bulk`` (the same
refusal for several dossiers, after a confirmation that names them).
``committee_minutes`` opens a session's minutes (procès-verbal) as a PDF.
"""

from django.urls import path

from .committee_decisions import DecisionsBulkView, DecisionView
from .committee_minutes import CommitteeMinutesView
from .committee_views import CommitteeCreateView, CommitteeView

urlpatterns = [
    path("appels/<int:call_pk>/comite/", CommitteeView.as_view(), name="committee"),
    path(
        "appels/<int:call_pk>/comite/seance/",
        CommitteeCreateView.as_view(),
        name="committee_create",
    ),
    path(
        "appels/<int:call_pk>/comite/<int:committee_pk>/proces-verbal/",
        CommitteeMinutesView.as_view(),
        name="committee_minutes",
    ),
    path(
        "appels/<int:call_pk>/comite/refus/",
        DecisionsBulkView.as_view(),
        name="decisions_bulk",
    ),
    path("dossiers/<int:pk>/decision/", DecisionView.as_view(), name="decision"),
]
