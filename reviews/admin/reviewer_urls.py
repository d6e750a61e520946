"""The reviewers' side: their dossiers, the attestation, the grid, their
declaration of interests."""

from django.urls import path

from .reviewer_grid import ReviewGridView
from .reviewer_interests import InterestDeleteView, InterestFormView, InterestsView
from .reviewer_views import (
    AssignmentAcceptView,
    AssignmentView,
    AttachmentDownloadView,
    ConflictDeclareView,
    ReviewerHomeView,
    ThreadPostView,
)

urlpatterns = [
    path("", ReviewerHomeView.as_view(), name="reviewer_home"),
    path("evaluations/<int:pk>/", AssignmentView.as_view(), name="assignment"),
    path(
        "evaluations/<int:pk>/attester/",
        AssignmentAcceptView.as_view(),
        name="assignment_accept",
    ),
    path(
        "evaluations/<int:pk>/conflit/",
        ConflictDeclareView.as_view(),
        name="conflict_declare",
    ),
    path("evaluations/<int:pk>/grille/", ReviewGridView.as_view(), name="review_grid"),
    path(
        "evaluations/<int:pk>/fichiers/<int:attachment_pk>/",
        AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path(
        "evaluations/<int:pk>/discussion/",
        ThreadPostView.as_view(),
        name="thread_post",
    ),
    path("interets/", InterestsView.as_view(), name="interests"),
    path("interets/ajouter/", InterestFormView.as_view(), name="interest_add"),
    path("interets/<int:pk>/", InterestFormView.as_view(), name="interest_edit"),
    path(
        "interets/<int:pk>/supprimer/",
        InterestDeleteView.as_view(),
        name="interest_delete",
    ),
]
