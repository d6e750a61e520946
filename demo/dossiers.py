"""The applicant's side of the demo: an organisation, a draft, and ARS staff.

Built through the services, as a user would: the organisation with
``organisation_create``, the draft with ``application_create``. Identifiers are
synthetic (they pass the SIRET and FINESS checks but name no real body).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser

from applications.models import Application
from applications.services import application_create
from calls.models import Authority, Call
from organisations.models import Organisation
from organisations.services import organisation_create

from .authorities import ARS_ARA, ARS_BRETAGNE
from .users import ARA_REVIEWERS, BRETAGNE_REVIEWERS, STAFF_OF_ALL

DEMO_ORGANISATION = {
    "name": "Centre hospitalier de Cornouaille (fictif)",
    "siret": "82900001700014",
    "finess": "290000017",
    "legal_status": "Établissement public de santé",
    "address": "14 avenue Yves Thépot\n29000 Quimper",
    "legal_representative": "Yann Le Bihan, directeur",
}
DEMO_DRAFT_CALL = "AAC-2026-BRE-MAV"
DEMO_DRAFT_TITLE = "Maison d'accompagnement de Cornouaille (projet fictif)"


def seed_staff(*, users: dict[str, AbstractUser], authorities) -> None:
    """The demo manager and first reviewer work for both ARS; the other
    reviewers for one ARS only."""
    own = {ARS_ARA: ARA_REVIEWERS, ARS_BRETAGNE: BRETAGNE_REVIEWERS}
    for authority in Authority.objects.filter(pk__in=[a.pk for a in authorities]):
        authority.staff.add(*(users[name] for name in STAFF_OF_ALL))
        authority.staff.add(*(users[name] for name in own.get(authority.slug, ())))


def seed_applicant_side(*, applicant: AbstractUser) -> Application | None:
    organisation = Organisation.objects.filter(siret=DEMO_ORGANISATION["siret"]).first()
    if organisation is None:
        organisation = organisation_create(user=applicant, **DEMO_ORGANISATION)
    call = Call.objects.get(reference=DEMO_DRAFT_CALL)
    existing = Application.objects.filter(
        call=call, organisation=organisation, title=DEMO_DRAFT_TITLE
    ).first()
    if existing is not None or not call.is_open():
        return existing
    return application_create(
        call=call, organisation=organisation, user=applicant, title=DEMO_DRAFT_TITLE
    )
