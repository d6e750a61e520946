from django.urls import path

from . import views

app_name = "two_factor"

urlpatterns = [
    path("", views.home, name="home"),
    path("verification/", views.verify, name="verify"),
    path("activation/", views.enrol, name="enrol"),
    path("codes-de-secours/", views.recovery_codes, name="recovery_codes"),
    path(
        "codes-de-secours/telecharger/",
        views.recovery_codes_download,
        name="recovery_codes_download",
    ),
    path(
        "codes-de-secours/notes/",
        views.recovery_codes_done,
        name="recovery_codes_done",
    ),
    path("desactivation/", views.disable, name="disable"),
]
