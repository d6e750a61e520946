"""ProConnect's addresses, under /compte/proconnect/ (always mounted: 404 while
ProConnect is not configured). The names are the library's defaults."""

from django.urls import path

from . import oidc_views

urlpatterns = [
    path(
        "connexion/",
        oidc_views.AuthenticateView.as_view(),
        name="oidc_authentication_init",
    ),
    path(
        "retour/",
        oidc_views.CallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path("deconnexion/", oidc_views.LogoutView.as_view(), name="oidc_logout"),
]
