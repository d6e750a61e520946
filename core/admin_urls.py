"""URLs of the outbox, mounted at /admin/envois/ by ``register_admin_urls``
(Wagtail wraps them in its admin access check)."""

from django.urls import path

from .admin_views import OutboundEmailIndexView, OutboundEmailResendView

app_name = "outbox_admin"

urlpatterns = [
    path("", OutboundEmailIndexView.as_view(), name="index"),
    path(
        "resultats/",
        OutboundEmailIndexView.as_view(results_only=True),
        name="index_results",
    ),
    path("<int:pk>/renvoyer/", OutboundEmailResendView.as_view(), name="resend"),
]
