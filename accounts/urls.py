from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("double-authentification/", include("accounts.two_factor.urls")),
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    # Staff sign-in with ProConnect (issue 13): 404 unless configured.
    path("proconnect/", include("accounts.oidc_urls")),
    path("inscription/", views.SignupView.as_view(), name="signup"),
    path(
        "inscription/email-envoye/",
        views.SignupDoneView.as_view(),
        name="signup_done",
    ),
    # Before the link's pattern, which would also match "renvoyer/envoye/".
    path(
        "verification/renvoyer/",
        views.ResendVerificationView.as_view(),
        name="resend_verification",
    ),
    path(
        "verification/renvoyer/envoye/",
        views.ResendVerificationDoneView.as_view(),
        name="resend_verification_done",
    ),
    path(
        "verification/<uidb64>/<token>/",
        views.VerifyEmailView.as_view(),
        name="verify_email",
    ),
    path(
        "mot-de-passe/oublie/",
        views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "mot-de-passe/oublie/envoye/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/modifie/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
