"""The directory's own public pages, under /annuaire/ beside its Wagtail page
(``DirectoryPage``, whose slug is ``annuaire``), and its downloads."""

from django.urls import path

from . import opendata, views

app_name = "directory"

urlpatterns = [
    path("services/<int:pk>-<slug:slug>/", views.service_detail, name="service"),
    path("filieres/<int:pk>-<slug:slug>/", views.filiere_detail, name="filiere"),
    path("export.csv", opendata.services_csv, name="export_csv"),
    path("export.json", opendata.services_json, name="export_json"),
]
