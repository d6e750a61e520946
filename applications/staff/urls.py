"""URLs of the managers' side, mounted at /admin/dossiers/ by the
``register_admin_urls`` hook (Wagtail wraps them in its admin access check)."""

from django.urls import path

from .dossier import DossierActionView, DossierMessageView, DossierView
from .listing import DossierIndexView

app_name = "dossiers_admin"

urlpatterns = [
    path("", DossierIndexView.as_view(), name="index"),
    path(
        "resultats/",
        DossierIndexView.as_view(results_only=True),
        name="index_results",
    ),
    path("<int:pk>/", DossierView.as_view(), name="detail"),
    path("<int:pk>/message/", DossierMessageView.as_view(), name="message"),
    path(
        "<int:pk>/<slug:action>/",
        DossierActionView.as_view(),
        name="action",
    ),
]

from .coverage import CallCoverageView, CoverageIndexView  # noqa: E402

urlpatterns += [
    path("couverture/", CoverageIndexView.as_view(), name="coverage_index"),
    path(
        "appels/<int:call_pk>/couverture/",
        CallCoverageView.as_view(),
        name="coverage",
    ),
]
