"""The applicant's side of the decision letters, in the espace porteur: a
notified letter opens inline, and its first opening by the applicant is the
proof of notification (``letter_opened``).

Another organisation's letter, or one not notified yet, answers 404: it
reveals nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.files import private_file_response

from .models import DecisionLetter
from .permissions import opening_notifies
from .selectors.notification import letter_for_applicant
from .services import letter_opened
from .services.letters import letter_filename


@login_required
@require_GET
@never_cache
def letter_open(request: HttpRequest, pk: int, letter_pk: int):
    try:
        letter = letter_for_applicant(request.user, pk, letter_pk)
    except DecisionLetter.DoesNotExist:
        raise Http404 from None
    filename = letter_filename(letter, letter.decision.application.reference)
    response = private_file_response(letter.file, filename, "application/pdf")
    # Read in the browser rather than saved away: opening it is what counts.
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    if opening_notifies(request.user, letter):
        letter_opened(letter=letter, user=request.user)
    return response
