"""The choices of the reviews app, with their French labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssignmentStatus(models.TextChoices):
    PENDING = "pending", _("To attest")  # assigned; no answer on conflicts yet
    ACCEPTED = "accepted", _("Accepted")  # no conflict attested: may read and score
    CONFLICT = "conflict", _("Conflict declared")
    REMOVED = "removed", _("Removed")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Recommendation(models.TextChoices):
    FAVOURABLE = "favourable", _("Favourable")
    RESERVED = "reserved", _("Reserved")
    UNFAVOURABLE = "unfavourable", _("Unfavourable")


class InterestNature(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment (current or within five years)")
    GOVERNANCE = "governance", _("Board or governance role")
    CONSULTING = "consulting", _("Consulting or paid activity")
    FINANCIAL = "financial", _("Financial interest")
    FAMILY = "family", _("Close relative working there")
    OTHER = "other", _("Other tie")


class ReviewerProgress(models.TextChoices):
    """What the instruction table shows of one reviewer on one dossier."""

    TO_DO = "to_do", _("To do")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CONFLICT = "conflict", _("Conflict declared")


class DecisionOutcome(models.TextChoices):
    ACCEPTED = "accepted", pgettext_lazy("decision", "Accepted")
    ACCEPTED_WITH_CONDITIONS = (
        "accepted_with_conditions",
        pgettext_lazy("decision", "Accepted with conditions"),
    )
    REJECTED = "rejected", pgettext_lazy("decision", "Rejected")
    # Not the committee's: the manager's, on a dossier that failed admissibility
    # (``application_declare_inadmissible``); it carries a letter like the others.
    INADMISSIBLE = "inadmissible", pgettext_lazy("decision", "Inadmissible")


# What a committee decides; the acceptances award an amount.
COMMITTEE_OUTCOMES = (
    DecisionOutcome.ACCEPTED,
    DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
    DecisionOutcome.REJECTED,
)
ACCEPTANCES = (DecisionOutcome.ACCEPTED, DecisionOutcome.ACCEPTED_WITH_CONDITIONS)


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    REVIEWER = "reviewer", _("Reviewer")
    EXPERT = "expert", _("Invited expert")
    SECRETARY = "secretary", _("Secretary")


class ReleaseKind(models.TextChoices):
    CALL = "call", _("Release of the call's decisions")
    CORRECTION = "correction", _("Corrected decision")
    INADMISSIBILITY = "inadmissibility", _("Inadmissibility notified at once")


class ReleaseItemStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("release", "In progress")
    DONE = "done", pgettext_lazy("release", "Sent")
    FAILED = "failed", pgettext_lazy("release", "Failed")
