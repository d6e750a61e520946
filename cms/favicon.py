"""/favicon.ico, which browsers ask for on every site whatever the page says.

A State identity gets the DSFR's Marianne favicon (the static file, hashed and
cached for a year by WhiteNoise); a neutral identity shows no Marianne, so it
gets an empty answer rather than a 404 (which browsers log as an error). The
answer itself is cached a day: the identity can change in the admin.
"""

from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from cms.models import SiteIdentity

DSFR_FAVICON = "dsfr/dist/favicon/favicon.ico"


@require_safe
@cache_control(public=True, max_age=86400)
def favicon(request):
    if SiteIdentity.for_request(request).is_state:
        return HttpResponseRedirect(static(DSFR_FAVICON))
    return HttpResponse(status=204)
