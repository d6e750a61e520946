"""The decision letters in the espace porteur, mounted under /espace/ beside
``applications.urls`` (never cached, like every page of the espace)."""

from django.urls import path

from . import applicant_views

app_name = "reviews_espace"

urlpatterns = [
    path(
        "dossiers/<int:pk>/decision/lettres/<int:letter_pk>/",
        applicant_views.letter_open,
        name="letter_open",
    ),
]
