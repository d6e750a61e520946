"""The espace porteur: one URL module per topic, gathered here."""

from .dossiers import urlpatterns as dossier_urls
from .espace import urlpatterns as espace_urls
from .files import urlpatterns as file_urls
from .partners import urlpatterns as partner_urls

app_name = "applications"

urlpatterns = [*espace_urls, *dossier_urls, *file_urls, *partner_urls]
