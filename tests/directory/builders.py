"""What the directory's tests build: a small Breton geography, the directory
page, and filières recognised by a released decision.

``recognise`` writes the rows the reviews' services leave after a release (an
accepted dossier, its version on record, its released decision) so that the
reads are tested fast and in bulk; ``tests/directory/test_pages.py`` also
drives one recognition and its correction through the services.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from applications.enums import ApplicationState
from applications.models import Application, ApplicationVersion
from calls.enums import CallKind, PartnerCategory, TerritoryLevel
from calls.models import Territory
from core.time import PARIS
from directory.enums import ServiceKind
from directory.models import DirectoryPage, Service
from reviews.enums import DecisionOutcome, ReleaseItemStatus, ReleaseKind
from reviews.models import Decision, ReleaseBatch, ReleaseItem
from tests.factories import (
    AdministratorFactory,
    CallFactory,
    MembershipFactory,
    OrganisationFactory,
    TerritoryFactory,
    UserFactory,
    home_page,
)
from tests.factories.applications import synthetic_siret
from tests.factories.directory import ServiceFactory

_sequence = itertools.count(1)

# What a dossier holds about people: none of it may reach the directory.
PERSONAL = (
    "Claude Contact",
    "claude.contact@example.org",
    "Dr Maël Pilote",
    "Élise Représentante",
    "membre.porteur@example.org",
    "Prénom-Membre",
    "Nom-Membre",
)


@dataclass
class Geography:
    region: Territory
    cotes_darmor: Territory
    finistere: Territory
    ille_et_vilaine: Territory
    cornouaille: Territory
    coeur_de_breizh: Territory


def geography() -> Geography:
    region = TerritoryFactory(level=TerritoryLevel.REGION, code="53", name="Bretagne")

    def departement(code, name):
        return TerritoryFactory(
            level=TerritoryLevel.DEPARTEMENT, code=code, name=name, parent=region
        )

    cotes_darmor = departement("22", "Côtes-d'Armor")
    finistere = departement("29", "Finistère")
    ille_et_vilaine = departement("35", "Ille-et-Vilaine")
    return Geography(
        region=region,
        cotes_darmor=cotes_darmor,
        finistere=finistere,
        ille_et_vilaine=ille_et_vilaine,
        cornouaille=TerritoryFactory(
            level=TerritoryLevel.FILIERE,
            code="BRE-COR",
            name="Cornouaille",
            parent=finistere,
        ),
        coeur_de_breizh=TerritoryFactory(
            level=TerritoryLevel.FILIERE,
            code="BRE-CDB",
            name="Cœur de Breizh",
            parent=region,
        ),
    )


def three_services(places: Geography) -> list[Service]:
    """A USP in Quimper (Finistère, filière Cornouaille, illustrative), an EMSP
    in Saint-Brieuc (adults and children) and an HAD in Lannion (Côtes-d'Armor)."""
    return [
        ServiceFactory(
            name="Unité de soins palliatifs de Quimper",
            commune="Quimper",
            postcode="29000",
            departement=places.finistere,
            filiere=places.cornouaille,
            illustrative=True,
            phone="02 98 00 00 01",
        ),
        ServiceFactory(
            name="Équipe mobile de Saint-Brieuc",
            kind=ServiceKind.EMSP,
            beds=None,
            commune="Saint-Brieuc",
            departement=places.cotes_darmor,
            serves_children=True,
        ),
        ServiceFactory(
            name="HAD des Côtes-d'Armor",
            kind=ServiceKind.HAD,
            beds=None,
            commune="Lannion",
            departement=places.cotes_darmor,
        ),
    ]


def cornouaille_usp(places: Geography, **fields) -> Service:
    """A USP with every field filled."""
    values = {
        "name": "Unité de soins palliatifs de Cornouaille",
        "organisation_name": "Centre hospitalier de Cornouaille",
        "finess_et": "290000017",
        "finess_ej": "290000025",
        "siret": "26290001700018",
        "address": "14 avenue Yves Thépot",
        "postcode": "29000",
        "commune": "Quimper",
        "departement": places.finistere,
        "filiere": places.cornouaille,
        "phone": "02 98 52 60 60",
        "email": "usp@ch-cornouaille.example.org",
        "website": "https://www.ch-cornouaille.example.org/usp",
        "beds": 12,
        "illustrative": True,
        **fields,
    }
    return ServiceFactory(**values)


def directory_page(**fields) -> DirectoryPage:
    """The directory's page, live under the home page (slug ``annuaire``)."""
    page = DirectoryPage(
        title=fields.pop("title", "Annuaire des soins palliatifs"),
        slug="annuaire",
        intro=fields.pop("intro", "Les services de soins palliatifs de la région."),
        **fields,
    )
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return page


def partner_item(name, category, *, status="confirmed"):
    """A partner as a version freezes it, with its contact (a person)."""
    number = next(_sequence)
    return {
        "id": number,
        "name": name,
        "siret": synthetic_siret(70000 + number),
        "category": category,
        "role": "Membre du comité de pilotage",
        "contact_name": PERSONAL[0],
        "contact_email": PERSONAL[1],
        "commitment_status": status,
    }


DEFAULT_PARTNERS = (
    ("Équipe mobile de Cornouaille", PartnerCategory.EXPERT_TEAM),
    ("DAC Finistère Sud", PartnerCategory.COORDINATION),
    ("Association JALMALV Quimper", PartnerCategory.VOLUNTEERS),
)


def recognise(
    territory: Territory,
    *,
    lead_name: str = "Centre hospitalier de Cornouaille",
    partners=DEFAULT_PARTNERS,
    extra_partners=(),
    released_at: datetime | None = datetime(2025, 10, 30, 11, 0, tzinfo=PARIS),
    outcome: str = DecisionOutcome.ACCEPTED,
    state: str = ApplicationState.ACCEPTED,
    call=None,
) -> Decision:
    """A dossier of a filière call covering ``territory``, accepted (or as
    told), its version on record naming ``partners`` (with their contacts) and
    the people of a dossier around it; its decision released at
    ``released_at`` (``None``: not released yet)."""
    number = next(_sequence)
    call = call or CallFactory(kind=CallKind.FILIERE, published=False)
    organisation = OrganisationFactory(name=lead_name, legal_representative=PERSONAL[3])
    member = MembershipFactory(
        organisation=organisation,
        user=UserFactory(
            username=f"porteur{number}",
            email=PERSONAL[4],
            first_name=PERSONAL[5],
            last_name=PERSONAL[6],
        ),
    ).user
    application = Application.objects.create(
        call=call,
        organisation=organisation,
        created_by=member,
        sequence=number,
        reference=f"{call.reference}-{number:04d}",
        title=f"Filière {territory.name}",
        state=state,
        submitted_at=timezone.now(),
    )
    application.territories.add(territory)
    ApplicationVersion.objects.create(
        application=application,
        number=1,
        submitted_at=timezone.now(),
        submitted_by=member,
        title=application.title,
        territories=[territory.pk],
        lead={
            "name": lead_name,
            "siret": organisation.siret,
            "legal_representative": PERSONAL[3],
        },
        lead_category=PartnerCategory.HEALTH_ESTABLISHMENT,
        partners=[partner_item(name, category) for name, category in partners]
        + list(extra_partners),
        steering_members=[
            {"name": PERSONAL[2], "function": "Coordinateur", "organisation": "CH"}
        ],
    )
    accepted = outcome != DecisionOutcome.REJECTED
    manager = AdministratorFactory(username=f"gestionnaire{number}")
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        amount=Decimal("280000") if accepted else None,
        recorded_by=manager,
        recorded_at=timezone.now(),
        released_at=released_at,
    )
    if released_at is not None:
        # The call's release, this letter sent (reviews.selectors.results).
        batch = ReleaseBatch.objects.filter(
            call=call, kind=ReleaseKind.CALL
        ).first() or ReleaseBatch.objects.create(
            call=call, kind=ReleaseKind.CALL, created_by=manager
        )
        ReleaseItem.objects.create(
            batch=batch,
            decision=decision,
            status=ReleaseItemStatus.DONE,
            done_at=released_at,
        )
    return decision
