"""A dossier declared inadmissible gets its decision letter: recorded with
the motivation, notified at once or with the call's release, as the manager
chooses (``applications.signals.inadmissibility_declared``)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application
from core.activity import activity_record

from ..enums import DecisionOutcome, ReleaseKind
from ..exceptions import DecisionRefused
from ..models import Decision
from .decision_fields import decision_store
from .release import decision_release_one


@transaction.atomic
def inadmissibility_record(
    *, application: Application, user, notify_now: bool
) -> Decision:
    """The decision letter of a dossier just declared inadmissible: recorded
    with its motivation, notified at once or with the call's release."""
    decision = (
        Decision.objects.select_for_update().filter(application=application).first()
    )
    if decision is not None and decision.is_released:
        raise DecisionRefused(_("This dossier's decision is already notified."))
    fields = {
        "committee": None,
        "outcome": DecisionOutcome.INADMISSIBLE,
        "amount": None,
        "duration_months": None,
        "motivation": application.decision_motivation,
        "opinion": "",
        "over_envelope_reason": "",
        "recorded_by": user,
        "recorded_at": timezone.now(),
    }
    decision = decision_store(application, decision, fields, [])
    activity_record(
        actor=user,
        action="decision.recorded",
        target=decision,
        scope=application,
        details={"outcome": DecisionOutcome.INADMISSIBLE, "notify_now": notify_now},
    )
    if notify_now:
        decision_release_one(
            decision=decision, user=user, kind=ReleaseKind.INADMISSIBILITY
        )
    return decision
