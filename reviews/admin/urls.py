"""URLs of the instruction, mounted at /admin/instruction/ by
``reviews.wagtail_hooks`` (Wagtail wraps them in its admin access check)."""

from .committee_urls import urlpatterns as committee_urlpatterns
from .manager_urls import urlpatterns as manager_urlpatterns
from .reviewer_urls import urlpatterns as reviewer_urlpatterns

app_name = "reviews_admin"

urlpatterns = [*reviewer_urlpatterns, *manager_urlpatterns, *committee_urlpatterns]
