"""A call whose decisions are released, built in bulk (valid rows, as the
services leave them): for the results, the open data and the SCDL export,
where driving every dossier through the services would be too slow. The
rules themselves (release, correction) are tested through the services.

``released_call(laureates=3)`` returns a namespace with the call, its
territories (Bretagne's: région 53, départements 22, 29, 35, 56 and filières
under them), the laureates' dossiers and decisions, the others, the release.
Each dossier's version on record names the lead, a filière, partners (one
with a person as its contact, one city professional, one that declined) and a
requested amount.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Max
from django.utils import timezone

from applications.enums import ApplicationState as S
from applications.models import Application, ApplicationVersion
from calls.enums import CallKind, PartnerCategory, TerritoryLevel
from reviews.enums import DecisionOutcome, ReleaseItemStatus, ReleaseKind
from reviews.models import Decision, DecisionLetter, ReleaseBatch, ReleaseItem

from .applications import MembershipFactory, OrganisationFactory, synthetic_siret
from .calls import CallFactory, TerritoryFactory
from .users import ManagerFactory

_numbers = itertools.count(1)
CLOSED_ON = datetime.datetime(2025, 6, 30, 22, 0, tzinfo=datetime.UTC)
RELEASED_ON = datetime.datetime(2025, 10, 30, 9, 0, tzinfo=datetime.UTC)
CONTACT_NAME = "Dominique Personne"
CONTACT_EMAIL = "dominique.personne@example.org"
LEGAL_REPRESENTATIVE = "Camille Représentante"


def bretagne() -> dict:
    """The région, its départements and four filières (get or create)."""
    region = TerritoryFactory(level=TerritoryLevel.REGION, code="53", name="Bretagne")
    found = {"53": region}
    for code, name in [
        ("22", "Côtes-d'Armor"),
        ("29", "Finistère"),
        ("35", "Ille-et-Vilaine"),
        ("56", "Morbihan"),
    ]:
        found[code] = TerritoryFactory(
            level=TerritoryLevel.DEPARTEMENT, code=code, name=name, parent=region
        )
    for code, name, parent in [
        ("BRE-NF", "Nord Finistère", "29"),
        ("BRE-COR", "Cornouaille", "29"),
        ("BRE-ARM", "Armor", "22"),
        ("BRE-CDB", "Cœur de Breizh", "53"),  # straddles 22 and 56
    ]:
        found[code] = TerritoryFactory(
            level=TerritoryLevel.FILIERE, code=code, name=name, parent=found[parent]
        )
    return found


def _partners(i: int) -> list[dict]:
    return [
        {
            "id": 1,
            "name": f"EMSP du territoire n°{i}",
            "siret": synthetic_siret(70000 + i),
            "category": PartnerCategory.EXPERT_TEAM,
            "role": "Membre du comité de pilotage",
            "commitment_status": "confirmed",
            "contact_name": CONTACT_NAME,
            "contact_email": CONTACT_EMAIL,
        },
        {
            "id": 2,
            "name": "Association JALMALV",
            "siret": synthetic_siret(71000 + i),
            "category": PartnerCategory.VOLUNTEERS,
            "role": "Bénévolat d'accompagnement",
            "commitment_status": "pending",
            "contact_name": CONTACT_NAME,
            "contact_email": CONTACT_EMAIL,
        },
        {
            "id": 3,
            "name": "Docteur Jean Libéral",
            "siret": synthetic_siret(72000 + i),
            "category": PartnerCategory.CITY_PROFESSIONALS,
            "role": "Médecin traitant",
            "commitment_status": "confirmed",
            "contact_name": "Jean Libéral",
            "contact_email": "jean.liberal@example.org",
        },
        {
            "id": 4,
            "name": "EHPAD qui a décliné",
            "siret": synthetic_siret(73000 + i),
            "category": PartnerCategory.MEDICO_SOCIAL,
            "role": "",
            "commitment_status": "declined",
            "contact_name": CONTACT_NAME,
            "contact_email": CONTACT_EMAIL,
        },
    ]


def released_call(
    *,
    laureates: int = 3,
    rejected: int = 1,
    inadmissible: int = 0,
    withdrawn: int = 0,
    call=None,
    kind: str = CallKind.FILIERE,
    amount: Decimal = Decimal("120000.00"),
    duration_months: int | None = 24,
    released: bool = True,
    letters: bool = True,
):
    """A closed call with ``laureates`` accepted dossiers (every other one with
    conditions), ``rejected`` refused, ``inadmissible`` and ``withdrawn`` ones;
    its decisions released (``released=False``: recorded, the release's items
    still pending)."""
    territories = bretagne()
    if call is None:
        call = CallFactory(
            kind=kind,
            opens_at=CLOSED_ON - datetime.timedelta(days=60),
            closes_at=CLOSED_ON,
            published=False,
        )
    manager = ManagerFactory(authority=call.authority)
    filieres = [territories[code] for code in ("BRE-NF", "BRE-COR", "BRE-ARM")]
    last = Application.objects.filter(call=call).aggregate(last=Max("sequence"))
    first = (last["last"] or 0) + 1
    plan = (
        [S.ACCEPTED] * laureates
        + [S.REJECTED] * rejected
        + [S.INADMISSIBLE] * inadmissible
        + [S.WITHDRAWN] * withdrawn
    )
    dossiers = []
    for i, state in enumerate(plan):
        number = next(_numbers)
        organisation = OrganisationFactory(
            name=f"Centre hospitalier porteur n°{number}",
            legal_representative=LEGAL_REPRESENTATIVE,
        )
        creator = MembershipFactory(organisation=organisation).user
        dossiers.append(
            Application(
                call=call,
                organisation=organisation,
                created_by=creator,
                sequence=first + i,
                reference=f"{call.reference}-{first + i:04d}",
                title=f"Filière n°{number}",
                state=state,
                submitted_at=CLOSED_ON - datetime.timedelta(days=3),
                admissible_at=None
                if state in (S.INADMISSIBLE, S.WITHDRAWN)
                else CLOSED_ON + datetime.timedelta(days=5),
            )
        )
    dossiers = Application.objects.bulk_create(dossiers)
    ApplicationVersion.objects.bulk_create(
        ApplicationVersion(
            application=dossier,
            number=1,
            submitted_at=dossier.submitted_at,
            submitted_by=dossier.created_by,
            title=f"Projet de la {dossier.title}",
            requested_amount=Decimal("150000.00"),
            territories=[filieres[i % len(filieres)].pk],
            partners=_partners(i),
            lead={
                "name": f"{dossier.organisation.name} (au dépôt)",
                "siret": dossier.organisation.siret,
                "legal_representative": LEGAL_REPRESENTATIVE,
            },
        )
        for i, dossier in enumerate(dossiers)
    )
    decided = [d for d in dossiers if d.state in (S.ACCEPTED, S.REJECTED)]
    now = timezone.now()
    decisions = Decision.objects.bulk_create(
        Decision(
            application=dossier,
            outcome=(
                DecisionOutcome.REJECTED
                if dossier.state == S.REJECTED
                else DecisionOutcome.ACCEPTED_WITH_CONDITIONS
                if i % 2
                else DecisionOutcome.ACCEPTED
            ),
            amount=None if dossier.state == S.REJECTED else amount,
            duration_months=None if dossier.state == S.REJECTED else duration_months,
            motivation="" if dossier.state != S.REJECTED else "Hors champ.",
            recorded_by=manager,
            recorded_at=now,
            released_at=RELEASED_ON + datetime.timedelta(days=i) if released else None,
        )
        for i, dossier in enumerate(decided)
    )
    batch = ReleaseBatch.objects.create(
        call=call, kind=ReleaseKind.CALL, created_by=manager
    )
    ReleaseItem.objects.bulk_create(
        ReleaseItem(
            batch=batch,
            decision=decision,
            status=ReleaseItemStatus.DONE if released else ReleaseItemStatus.PENDING,
            done_at=decision.released_at,
        )
        for decision in decisions
    )
    if letters and released:
        year = RELEASED_ON.year
        start = (
            DecisionLetter.objects.filter(
                authority=call.authority, year=year
            ).aggregate(last=Max("sequence"))["last"]
            or 0
        )
        DecisionLetter.objects.bulk_create(
            DecisionLetter(
                decision=decision,
                authority=call.authority,
                year=year,
                sequence=start + i + 1,
                number=f"{call.authority.slug.upper()}-{year}-{start + i + 1:05d}",
                issued_on=decision.released_at.date(),
                file=f"letters/test-{decision.pk}.pdf",
                sha256="0" * 64,
                generated_at=decision.released_at,
                notified_at=decision.released_at,
            )
            for i, decision in enumerate(decisions)
        )
    accepted = [d for d in decisions if d.outcome != DecisionOutcome.REJECTED]
    return SimpleNamespace(
        call=call,
        manager=manager,
        territories=territories,
        dossiers=dossiers,
        decisions=decisions,
        accepted=accepted,
        batch=batch,
    )
