"""Use cases on a dossier's governance beyond its partners: the lead's category
and the steering body (design: Governance). Same conventions as ``partners``."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from calls.enums import PartnerCategory
from core.activity import activity_record

from ..models import Application, SteeringMember
from ._transactions import touch
from .dossiers import lock_for_editing
from .partners import PartnerRefused, clean_text


@transaction.atomic
def lead_category_set(*, application: Application, user, category: str) -> Application:
    """Say which partner category the lead organisation belongs to ("" clears it)."""
    locked = lock_for_editing(application, user)
    category = str(category or "")
    if category and category not in PartnerCategory.values:
        raise PartnerRefused(_("Choose the category of the lead organisation."))
    if locked.lead_category != category:
        activity_record(
            actor=user,
            action="lead.category_changed",
            target=locked,
            details={"from": locked.lead_category, "to": category},
        )
        locked.lead_category = category
        locked.save(update_fields=["lead_category"])
        touch(locked)
    return locked


@transaction.atomic
def steering_member_add(
    *, application: Application, user, name: str, function: str, organisation: str
) -> SteeringMember:
    locked = lock_for_editing(application, user)
    reasons: list[str] = []
    fields = {
        "name": clean_text(name, _("Name"), 200, reasons),
        "function": clean_text(function, _("Function"), 200, reasons),
        "organisation": clean_text(organisation, _("Organisation"), 255, reasons),
    }
    if reasons:
        raise PartnerRefused(reasons=reasons)
    member = SteeringMember.objects.create(application=locked, **fields)
    activity_record(
        actor=user, action="steering.member_added", target=member, scope=locked
    )
    touch(locked)
    return member


@transaction.atomic
def steering_member_remove(
    *, application: Application, user, member: SteeringMember
) -> None:
    locked = lock_for_editing(application, user)
    current = locked.steering_members.filter(pk=member.pk).first()
    if current is None:
        raise PartnerRefused(_("This member is no longer named in the steering body."))
    activity_record(
        actor=user, action="steering.member_removed", target=current, scope=locked
    )
    current.delete()
    touch(locked)
