"""The espace porteur's home and its organisation pages."""

from django.urls import path

from ..views import espace, organisations

urlpatterns = [
    path("", espace.home, name="home"),
    path(
        "organisations/nouvelle/",
        organisations.organisation_create,
        name="organisation_create",
    ),
    path(
        "organisations/rejoindre/",
        organisations.organisation_join,
        name="organisation_join",
    ),
    path(
        "organisations/<int:pk>/",
        organisations.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisations/<int:pk>/demandes/<int:membership_pk>/accepter/",
        organisations.membership_approve,
        name="membership_approve",
    ),
    path(
        "organisations/<int:pk>/demandes/<int:membership_pk>/refuser/",
        organisations.membership_reject,
        name="membership_reject",
    ),
]
