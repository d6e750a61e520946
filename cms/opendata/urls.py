"""/donnees/: the open data's downloads and its read-only API (v1)."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("appels.csv", views.calls_csv, name="calls_csv"),
    path("appels.json", views.calls_json, name="calls_json"),
    path(
        "appels/<str:reference>/resultats.csv",
        views.results_csv,
        name="results_csv",
    ),
    path(
        "appels/<str:reference>/resultats.json",
        views.results_json,
        name="results_json",
    ),
    path("subventions/<slug:slug>.csv", views.scdl_csv, name="scdl_csv"),
    path("api/v1/appels/", views.api_calls, name="api_calls"),
    path(
        "api/v1/appels/<str:reference>/resultats/",
        views.api_results,
        name="api_results",
    ),
]
