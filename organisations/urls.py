"""The organisation pages of the espace porteur, under /espace/organisations/."""

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    path("nouvelle/", views.organisation_create, name="create"),
    path("rejoindre/", views.organisation_join, name="join"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path(
        "<int:pk>/demandes/<int:membership_pk>/accepter/",
        views.membership_approve,
        name="membership_approve",
    ),
    path(
        "<int:pk>/demandes/<int:membership_pk>/refuser/",
        views.membership_reject,
        name="membership_reject",
    ),
]
