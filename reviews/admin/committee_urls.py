"""The committee of a call: its sessions, the agenda and the decisions,
recorded silently until they are released.

GET shows the page or the form; POST runs it: ``committee_create`` (the
session), ``decision`` (record or correct one dossier's decision; over the
envelope, asks for a confirmation with a reason), ``decisions_bulk`` (the same
refusal for several dossiers, after a confirmation that names them).
``committee_minutes`` opens a session's minutes (procès-verbal) as a PDF.

The release (``release_views``): ``release`` (the recap, then the release
confirmed), ``release_progress`` (its figures, failures retried) and
``release_status`` (its figures as JSON), ``letter_preview`` (a dossier's
letter drawn, never stored), ``letter_download`` (a stored letter, for the
staff); ``decision_correct`` corrects a released decision with a new letter.
"""

from django.urls import path

from .committee_corrections import DecisionCorrectionView
from .committee_decisions import DecisionsBulkView, DecisionView
from .committee_minutes import CommitteeMinutesView
from .committee_views import CommitteeCreateView, CommitteeView
from .release_views import (
    LetterDownloadView,
    LetterPreviewView,
    ReleaseProgressView,
    ReleaseStatusView,
    ReleaseView,
)

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
    path(
        "dossiers/<int:pk>/decision/rectification/",
        DecisionCorrectionView.as_view(),
        name="decision_correct",
    ),
    path(
        "dossiers/<int:pk>/decision/apercu/",
        LetterPreviewView.as_view(),
        name="letter_preview",
    ),
    path("appels/<int:call_pk>/publication/", ReleaseView.as_view(), name="release"),
    path(
        "appels/<int:call_pk>/publication/<int:batch_pk>/",
        ReleaseProgressView.as_view(),
        name="release_progress",
    ),
    path(
        "appels/<int:call_pk>/publication/<int:batch_pk>/etat/",
        ReleaseStatusView.as_view(),
        name="release_status",
    ),
    path(
        "lettres/<int:letter_pk>/",
        LetterDownloadView.as_view(),
        name="letter_download",
    ),
]
