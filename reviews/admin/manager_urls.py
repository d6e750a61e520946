"""The managers' side: assignments, the instruction table, the ranking, exports.

POST only: ``consensus_note``, ``manager_thread_post`` (GET redirects to the
dossier page). GET shows a form, POST runs it (after a confirmation page):
``assign``, ``distribute``, ``assignment_remove``, ``assignment_replace``,
``conflict_override``, ``review_reopen``, ``complete``.
"""

from django.urls import path

from .manager_actions import (
    AssignmentRemoveView,
    AssignmentReplaceView,
    ConflictOverrideView,
    ReviewReopenView,
)
from .manager_assign import AssignView, DistributeView
from .manager_calls import CallsView
from .manager_dossier import (
    CompleteView,
    ConsensusNoteView,
    DossierInstructionView,
    ThreadPostView,
)
from .manager_table import (
    ExportView,
    InstructionTableView,
    RankingView,
    ReviewerInterestsView,
)

urlpatterns = [
    path("appels/", CallsView.as_view(), name="calls"),
    path("appels/<int:call_pk>/", InstructionTableView.as_view(), name="table"),
    path("appels/<int:call_pk>/affecter/", AssignView.as_view(), name="assign"),
    path("appels/<int:call_pk>/repartir/", DistributeView.as_view(), name="distribute"),
    path("appels/<int:call_pk>/classement/", RankingView.as_view(), name="ranking"),
    path(
        "appels/<int:call_pk>/export/<str:table>.<str:fmt>",
        ExportView.as_view(),
        name="export",
    ),
    path("dossiers/<int:pk>/", DossierInstructionView.as_view(), name="dossier"),
    path("dossiers/<int:pk>/terminer/", CompleteView.as_view(), name="complete"),
    path("dossiers/<int:pk>/note/", ConsensusNoteView.as_view(), name="consensus_note"),
    path(
        "dossiers/<int:pk>/discussion/",
        ThreadPostView.as_view(),
        name="manager_thread_post",
    ),
    path(
        "affectations/<int:pk>/retirer/",
        AssignmentRemoveView.as_view(),
        name="assignment_remove",
    ),
    path(
        "affectations/<int:pk>/remplacer/",
        AssignmentReplaceView.as_view(),
        name="assignment_replace",
    ),
    path(
        "affectations/<int:pk>/conflit/",
        ConflictOverrideView.as_view(),
        name="conflict_override",
    ),
    path(
        "evaluations/<int:pk>/rouvrir/",
        ReviewReopenView.as_view(),
        name="review_reopen",
    ),
    path(
        "instructeurs/<int:user_pk>/interets/",
        ReviewerInterestsView.as_view(),
        name="reviewer_interests",
    ),
]
