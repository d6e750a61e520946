"""The applicant's dossier pages."""

from django.urls import path

from ..views import dossiers

urlpatterns = [
    path("dossiers/nouveau/", dossiers.dossier_create, name="dossier_create"),
    path("dossiers/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    path(
        "dossiers/<int:pk>/etapes/<int:step>/",
        dossiers.dossier_step,
        name="dossier_step",
    ),
    path(
        "dossiers/<int:pk>/versions/<int:number>/",
        dossiers.dossier_version,
        name="dossier_version",
    ),
    path("dossiers/<int:pk>/deposer/", dossiers.dossier_submit, name="dossier_submit"),
    path(
        "dossiers/<int:pk>/complements/",
        dossiers.dossier_provide_complements,
        name="dossier_provide_complements",
    ),
    path(
        "dossiers/<int:pk>/retrait/",
        dossiers.dossier_withdraw,
        name="dossier_withdraw",
    ),
]
