from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from accounts.oidc_views import AdminLogoutView
from cms.favicon import favicon
from core.http import private_urlpatterns

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    # Wagtail's sign-out, which also ends a ProConnect session (issue 13).
    path(
        "admin/logout/",
        require_admin_access(AdminLogoutView.as_view()),
        name="admin_logout",
    ),
    path("admin/", include(wagtailadmin_urls)),  # never cached: Wagtail sees to it
    path("documents/", include(wagtaildocs_urls)),
    # Open data: the calls, their results, the awards (public, read-only).
    path("donnees/", include("cms.opendata.urls")),
    # Accounts, organisations, dossiers, their files, decision letters and the
    # partners' pages: never stored by a browser or a shared cache.
    *private_urlpatterns(
        [
            path("compte/", include("accounts.urls")),
            path("espace/organisations/", include("organisations.urls")),
            path("espace/", include("applications.urls")),
            path("espace/", include("reviews.applicant_urls")),
        ]
    ),
    path("annuaire/indicateurs/", include("directory.indicator_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The directory's service and filière pages and its downloads, beside its Wagtail
# page (/annuaire/), and its read-only API: public, before Wagtail's catch-all.
urlpatterns += [
    path("annuaire/", include("directory.urls")),
    path("api/v1/annuaire/", include("directory.api_urls")),
]

urlpatterns.append(path("", include(wagtail_urls)))
