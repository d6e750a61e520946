"""The espace porteur: one URL module per topic, gathered here."""

from .dossiers import urlpatterns as dossier_urls
from .files import urlpatterns as file_urls
from .organisations import urlpatterns as organisation_urls
from .partners import urlpatterns as partner_urls

app_name = "applications"

urlpatterns = [*organisation_urls, *dossier_urls, *file_urls, *partner_urls]
