from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ApplicationState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("dossier state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("dossier state", "Submitted")
    COMPLEMENTS_REQUESTED = (
        "complements_requested",
        pgettext_lazy("dossier state", "Complements requested"),
    )
    INADMISSIBLE = "inadmissible", pgettext_lazy("dossier state", "Inadmissible")
    UNDER_REVIEW = "under_review", pgettext_lazy("dossier state", "Under review")
    REVIEWED = "reviewed", pgettext_lazy("dossier state", "Reviewed")
    ACCEPTED = "accepted", pgettext_lazy("dossier state", "Accepted")
    REJECTED = "rejected", pgettext_lazy("dossier state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("dossier state", "Withdrawn")


# What "submitted" counts: dossiers received (they have a version) and not ruled
# out, i.e. under consideration or decided. A withdrawn or inadmissible dossier
# is no longer submitted; a draft never was. See ``Application.objects.submitted``.
SUBMITTED_STATES = frozenset(
    {
        ApplicationState.SUBMITTED,
        ApplicationState.COMPLEMENTS_REQUESTED,
        ApplicationState.UNDER_REVIEW,
        ApplicationState.REVIEWED,
        ApplicationState.ACCEPTED,
        ApplicationState.REJECTED,
    }
)
# Received, then ruled out: they count as neither submitted nor competing.
RULED_OUT_STATES = frozenset(
    {ApplicationState.WITHDRAWN, ApplicationState.INADMISSIBLE}
)


class MessageKind(models.TextChoices):
    MESSAGE = "message", _("Message")
    NOTIFICATION = "notification", _("Notification")


class CommitmentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")


class CommitmentMethod(models.TextChoices):
    LINK = "link", _("Confirmed through the signed link")
    LETTER = "letter", _("Signed commitment letter")


class ScanStatus(models.TextChoices):
    """The antivirus verdict on an uploaded file (``services.scanning``)."""

    PENDING = "pending", _("Antivirus scan in progress")
    CLEAN = "clean", _("Clean")
    INFECTED = "infected", _("Infected, refused")
