"""The directory's own public pages, under /annuaire/ beside its Wagtail page
(``DirectoryPage``, whose slug is ``annuaire``)."""

from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("services/<int:pk>-<slug:slug>/", views.service_detail, name="service"),
    path("filieres/<int:pk>-<slug:slug>/", views.filiere_detail, name="filiere"),
]
