"""The indicators page, included under /annuaire/indicateurs/ (config/urls.py)."""

from django.urls import path

from . import indicator_views

app_name = "directory_indicators"

urlpatterns = [
    path("", indicator_views.indicators, name="index"),
]
