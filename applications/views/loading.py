"""The dossier a request is about, or 404: one place for every espace view.

Another organisation's dossier answers 404, never 403, so that it reveals nothing.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from .. import selectors
from ..models import Application, ApplicationVersion


def own_dossier_or_404(user, pk: int) -> Application:
    """One of the user's organisations' dossiers."""
    try:
        return selectors.application_for_user(user, pk)
    except Application.DoesNotExist:
        raise Http404(_("No such dossier among your organisations'.")) from None


def viewable_dossier_or_404(user, pk: int) -> Application:
    """A dossier the user may read (an applicant of it or a manager of its call)."""
    try:
        return selectors.application_for_viewer(user, pk)
    except Application.DoesNotExist:
        raise Http404(_("No such dossier among your organisations'.")) from None


def viewable_version_or_404(user, pk: int, number: int) -> ApplicationVersion:
    """Version ``number`` of a dossier the user may read."""
    application = viewable_dossier_or_404(user, pk)
    try:
        return ApplicationVersion.objects.select_related("application").get(
            application=application, number=number
        )
    except ApplicationVersion.DoesNotExist:
        raise Http404(_("No such version of this dossier.")) from None
