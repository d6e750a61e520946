"""The directory's read-only JSON API (``docs/opendata-directory.md``)."""

from django.urls import path

from . import opendata

app_name = "directory_api"

urlpatterns = [
    path("services/", opendata.api_services, name="services"),
    path("services/<int:pk>/", opendata.api_service, name="service"),
    path("filieres/", opendata.api_filieres, name="filieres"),
]
