"""What the generated rows hang on: helpers, places, authorities, people,
organisations and calls."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone
from stdnum import luhn

from applications.enums import ApplicationState
from applications.permissions import MANAGERS_GROUP, REVIEWERS_GROUP
from calls.enums import CallKind, TerritoryLevel
from calls.models import Authority, Call, Criterion, Territory
from organisations.enums import MembershipStatus
from organisations.models import Membership, Organisation

BATCH = 2000
INSTRUCTION = (
    ApplicationState.UNDER_REVIEW,
    ApplicationState.REVIEWED,
    ApplicationState.ACCEPTED,
    ApplicationState.REJECTED,
)
REVIEWED = (
    ApplicationState.REVIEWED,
    ApplicationState.ACCEPTED,
    ApplicationState.REJECTED,
)
PASSWORD = "bench-mot-de-passe"


def analyse() -> None:
    """Refresh PostgreSQL's planner statistics after a bulk insert, as
    autovacuum would soon do on a live instance (without them the planner
    takes the fresh tables for empty ones)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def token() -> str:
    """A short random tag keeping the names of one generation apart."""
    return secrets.token_hex(3).upper()


def batched(items: Iterable, size: int = BATCH):
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def bench_siret(n: int) -> str:
    """A SIRET passing the Luhn checks, numbered from ``n`` (prefix 7, clear of
    the test factories' prefix 8)."""
    siren = f"7{n:07d}"
    siren += luhn.calc_check_digit(siren)
    base = f"{siren}0001"
    return base + luhn.calc_check_digit(base)


def _next_siret_number() -> int:
    return Organisation.objects.filter(siret__startswith="7").count() + 1


# People and places ----------------------------------------------------------------


def region(tag: str) -> Territory:
    return Territory.objects.create(
        name=f"Région {tag}", code=f"BR{tag}", level=TerritoryLevel.REGION
    )


def departements(parent: Territory, count: int) -> list[Territory]:
    return Territory.objects.bulk_create(
        Territory(
            name=f"Département {parent.code}-{i}",
            code=f"{parent.code}D{i}",
            level=TerritoryLevel.DEPARTEMENT,
            parent=parent,
        )
        for i in range(count)
    )


def authority(tag: str | None = None) -> Authority:
    tag = tag or token()
    return Authority.objects.create(
        name=f"Agence régionale de santé (bench {tag})",
        short_name=f"ARS {tag}",
        slug=f"bench-{tag.lower()}",
        region=region(tag),
        address="6 place des Colombes\nCS 14253\n35042 Rennes Cedex",
        email="ars-appels@example.org",
        phone="02 00 00 00 00",
        signatory_name="Camille Exemple",
        signatory_title="Directrice générale",
        court="tribunal administratif de Rennes",
    )


def user(username: str, *, group: str = "", staff_of: Authority | None = None):
    """A user with the bench password, in ``group``, staff of ``staff_of``."""
    person = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name="Dominique",
        last_name=username.title(),
        is_staff=bool(group),
    )
    if group:
        person.groups.add(Group.objects.get_or_create(name=group)[0])
    if staff_of is not None:
        staff_of.staff.add(person)
    return person


def manager(of: Authority):
    return user(f"gestion-{of.slug}", group=MANAGERS_GROUP, staff_of=of)


def reviewers(of: Authority, count: int) -> list:
    return [
        user(f"instr-{of.slug}-{i}", group=REVIEWERS_GROUP, staff_of=of)
        for i in range(count)
    ]


def organisations(count: int, *, tag: str = "") -> list[Organisation]:
    first = _next_siret_number()
    created = []
    for batch in batched(range(first, first + count)):
        created += Organisation.objects.bulk_create(
            Organisation(
                name=f"Centre hospitalier {tag} n°{n}",
                siret=bench_siret(n),
                legal_status="Établissement public de santé",
                address="1 rue de l'Exemple\n35000 Rennes",
            )
            for n in batch
        )
    return created


def applicant(organisation: Organisation, username: str):
    person = user(username)
    Membership.objects.create(
        user=person, organisation=organisation, status=MembershipStatus.ACTIVE
    )
    return person


def call(of: Authority, *, criteria: int = 0, tag: str = "", min_reviews: int = 1):
    """A call of ``of`` that closed yesterday, with ``criteria`` criteria."""
    tag = tag or token()
    now = timezone.now()
    created = Call.objects.create(
        reference=f"AAC-BENCH-{tag}",
        title=f"Appel de référence {tag}",
        kind=CallKind.FILIERE,
        authority=of,
        summary="Un appel pour les mesures de performance.",
        opens_at=now - timedelta(days=60),
        closes_at=now - timedelta(days=1),
        envelope=Decimal("100000000.00"),
        expected_laureates=10,
        min_reviews=min_reviews,
    )
    Criterion.objects.bulk_create(
        Criterion(
            call=created,
            label=f"Critère {i + 1}",
            weight=Decimal(1 + i % 3),
            max_score=4,
            sort_order=i,
        )
        for i in range(criteria)
    )
    return created
