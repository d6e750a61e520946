"""Benchmark data: authorities, calls, dossiers, reviews, decisions and
directory services, inserted in bulk as the services leave them.

The rows are valid (every constraint holds, each submitted dossier has its
version on record, each review its total and scores, each reviewed dossier its
consolidation), but no email, PDF or audit row is made: the services would
take hours at these sizes. Each generator creates its own authority and calls,
so the scenarios share one database without seeing each other's rows.
"""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.utils import timezone
from stdnum import luhn

from applications.enums import ApplicationState
from applications.models import Application, ApplicationVersion
from applications.permissions import MANAGERS_GROUP, REVIEWERS_GROUP
from calls.enums import CallKind, TerritoryLevel
from calls.models import Authority, Call, Criterion, Territory
from directory.enums import ServiceKind
from directory.models import Service
from organisations.enums import MembershipStatus
from organisations.models import Membership, Organisation
from reviews.enums import AssignmentStatus, DecisionOutcome, ReviewStatus
from reviews.models import Assignment, Consolidation, Decision, Review, Score
from reviews.scoring import GridLine, review_total

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


# Dossiers and their instruction --------------------------------------------------


@dataclass
class Instruction:
    """What :func:`dossiers` made of the instruction."""

    applications: list = field(default_factory=list)
    reviews: int = 0
    scores: int = 0


def _applications(call, organisations, creator, state, first, count, now):
    instructed = state in INSTRUCTION
    return Application.objects.bulk_create(
        Application(
            call=call,
            organisation=organisations[(first + i) % len(organisations)],
            created_by=creator,
            sequence=first + i,
            reference=f"{call.reference}-{first + i:04d}",
            title=f"Projet de filière n°{first + i}",
            state=state,
            requested_amount=Decimal(100_000 + (first + i) % 50 * 1000),
            submitted_at=now - timedelta(minutes=first + i),
            admissible_at=now if instructed else None,
        )
        for i in range(count)
    )


def _versions(applications, now, creator):
    ApplicationVersion.objects.bulk_create(
        ApplicationVersion(
            application=application,
            number=1,
            submitted_at=application.submitted_at or now,
            submitted_by=creator,
            title=application.title,
            requested_amount=application.requested_amount,
            lead={
                "name": application.organisation.name,
                "siret": application.organisation.siret,
                "finess": "",
                "legal_status": application.organisation.legal_status,
                "address": application.organisation.address,
                "legal_representative": "",
            },
        )
        for application in applications
    )


def _total(criteria: Sequence, values: Sequence[int]) -> Decimal:
    """The review's total, as ``review_submit`` computes it."""
    grid = [GridLine(pk=c.pk, weight=c.weight, max_score=c.max_score) for c in criteria]
    marks = {c.pk: Decimal(v) for c, v in zip(criteria, values, strict=True)}
    return review_total(grid, marks)


def _instruction(applications, reviewers, criteria, now, state) -> tuple[int, int]:
    assignments = Assignment.objects.bulk_create(
        Assignment(
            application=application,
            reviewer=reviewer,
            status=AssignmentStatus.ACCEPTED,
            accepted_at=now,
            due_at=now + timedelta(days=10),
        )
        for application in applications
        for reviewer in reviewers
    )
    values = {}
    review_rows = []
    for index, assignment in enumerate(assignments):
        marks = [(index * 7 + c * 3) % 5 for c in range(len(criteria))]
        values[index] = marks
        total = _total(criteria, marks) if criteria else Decimal(50 + index % 40)
        review_rows.append(
            Review(
                assignment=assignment,
                status=ReviewStatus.SUBMITTED,
                total=total,
                submitted_at=now,
                comment="Avis motivé.",
                recommendation="favourable",
            )
        )
    reviews = Review.objects.bulk_create(review_rows)
    Score.objects.bulk_create(
        (
            Score(review=review, criterion=criterion, value=Decimal(values[i][c]))
            for i, review in enumerate(reviews)
            for c, criterion in enumerate(criteria)
        ),
        batch_size=BATCH,
    )
    if state in REVIEWED and reviews:
        _consolidations(applications, reviews, len(reviewers), now)
    return len(reviews), len(reviews) * len(criteria)


def _consolidations(applications, reviews, width, now):
    frozen_by = reviews[0].assignment.reviewer
    rows = []
    for i, application in enumerate(applications):
        totals = [r.total for r in reviews[i * width : (i + 1) * width]]
        totals.sort()
        mean = (sum(totals) / len(totals)).quantize(Decimal("0.0001"))
        rows.append(
            Consolidation(
                application=application,
                score=mean,
                median=totals[len(totals) // 2],
                spread=totals[-1] - totals[0],
                flagged=False,
                reviews_count=len(totals),
                frozen_at=now,
                frozen_by=frozen_by,
            )
        )
    Consolidation.objects.bulk_create(rows)


def dossiers(
    call,
    count: int,
    *,
    organisations: Sequence[Organisation],
    creator,
    state: str = ApplicationState.SUBMITTED,
    reviewers: Sequence = (),
    first: int | None = None,
) -> Instruction:
    """``count`` dossiers of ``call`` in ``state`` (submitted by default), led
    in turn by ``organisations``, each with its version on record; in
    instruction, each reviewed by every one of ``reviewers`` (review
    submitted, one score per criterion of the call); reviewed or decided,
    with its consolidation. Numbered after the call's last dossier."""
    criteria = list(call.criteria.order_by("sort_order", "pk"))
    if first is None:
        first = (Application.objects.filter(call=call).count() or 0) + 1
    now = timezone.now()
    made = Instruction()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with transaction.atomic():
            batch = _applications(
                call, organisations, creator, state, first + start, size, now
            )
            _versions(batch, now, creator)
            if state in INSTRUCTION and reviewers:
                reviews, scores = _instruction(batch, reviewers, criteria, now, state)
                made.reviews += reviews
                made.scores += scores
        made.applications += batch
    return made


def decisions(applications, *, user, now=None) -> list[Decision]:
    """A decision recorded (not released) for each reviewed dossier: every
    third rejected with its reasons, the others accepted with an amount."""
    now = now or timezone.now()
    rows = []
    for i, application in enumerate(applications):
        rejected = i % 3 == 2
        rows.append(
            Decision(
                application=application,
                outcome=DecisionOutcome.REJECTED
                if rejected
                else DecisionOutcome.ACCEPTED,
                amount=None if rejected else Decimal("150000.00"),
                duration_months=None if rejected else 36,
                motivation="Le projet ne couvre pas le territoire demandé."
                if rejected
                else "",
                recorded_by=user,
                recorded_at=now,
            )
        )
    return Decision.objects.bulk_create(rows, batch_size=BATCH)


# The directory ---------------------------------------------------------------------

SERVICE_KINDS = [ServiceKind.USP, ServiceKind.EMSP, ServiceKind.HAD]


def services(count: int, *, departements: Sequence[Territory], first: int = 0):
    """``count`` published services spread over ``departements``, with the
    ``search_key`` their ``save()`` would compute."""
    from core.search import search_key  # noqa: PLC0415
    from directory.models import SEARCHED_FIELDS  # noqa: PLC0415

    made = 0
    for batch in batched(range(first, first + count)):
        rows = []
        for n in batch:
            kind = SERVICE_KINDS[n % len(SERVICE_KINDS)]
            service = Service(
                name=f"Service de soins palliatifs n°{n}",
                slug=f"service-de-soins-palliatifs-n{n}",
                kind=kind,
                organisation_name=f"Centre hospitalier n°{n % 997}",
                address=f"{n % 200 + 1} rue de la Santé",
                postcode=f"{35000 + n % 900:05d}",
                commune=f"Commune {n % 1500}",
                departement=departements[n % len(departements)],
                phone="02 99 00 00 00",
                beds=10 if kind == ServiceKind.USP else None,
            )
            service.search_key = search_key(
                " ".join(str(getattr(service, f) or "") for f in SEARCHED_FIELDS)
            )
            rows.append(service)
        Service.objects.bulk_create(rows)
        made += len(rows)
    return made


# What each scenario generates ------------------------------------------------------


@dataclass
class CallData:
    """A call of its own authority, its manager, and what was generated."""

    call: Call
    manager: object
    reviewers: list
    instruction: Instruction


def instruction_data(
    dossiers_count: int,
    *,
    reviews: int = 3,
    criteria: int = 8,
    state: str = ApplicationState.UNDER_REVIEW,
    organisations_count: int | None = None,
) -> CallData:
    """A call with ``dossiers_count`` dossiers in ``state``, each reviewed by
    ``reviews`` reviewers on ``criteria`` criteria (the ranking, the exports,
    the letters)."""
    tag = token()
    of = authority(tag)
    boss = manager(of)
    team = reviewers(of, reviews)
    made_call = call(of, criteria=criteria, tag=tag, min_reviews=min(reviews, 2) or 1)
    leads = organisations(organisations_count or max(dossiers_count // 10, 1), tag=tag)
    creator = applicant(leads[0], f"porteur-{tag.lower()}")
    made = dossiers(
        made_call,
        dossiers_count,
        organisations=leads,
        creator=creator,
        state=state,
        reviewers=team,
    )
    analyse()
    return CallData(call=made_call, manager=boss, reviewers=team, instruction=made)


def staff_list_data(dossiers_count: int) -> CallData:
    """A call of its own authority with ``dossiers_count`` submitted dossiers."""
    return instruction_data(
        dossiers_count, reviews=0, criteria=0, state=ApplicationState.SUBMITTED
    )


def letters_data(count: int) -> tuple[CallData, list[Decision]]:
    """A call with ``count`` reviewed dossiers, a decision recorded on each."""
    data = instruction_data(
        count, reviews=2, criteria=2, state=ApplicationState.REVIEWED
    )
    made = decisions(data.instruction.applications, user=data.manager)
    analyse()
    return data, made


# National scale ----------------------------------------------------------------------

CALLS_PER_AUTHORITY = 2
APPLICANT_DOSSIERS = 3
DOSSIERS_PER_ORGANISATION = 20


@dataclass
class NationalData:
    """Authorities with their managers and calls, the directory, and one
    applicant with a few dossiers; ``dossiers`` and ``services`` count the
    rows generated so far (``national_grow`` adds to them)."""

    authorities: list
    managers: list
    calls: list  # per authority, its calls
    organisations: list
    creator: object
    applicant: object
    departements: list
    directory_url: str
    dossiers: int = 0
    services: int = 0


def directory_url() -> str:
    """The live directory page's URL, the page created when there is none."""
    from cms.models import HomePage  # noqa: PLC0415
    from directory.models import DirectoryPage  # noqa: PLC0415

    page = DirectoryPage.objects.live().public().order_by("path").first()
    if page is None:
        page = DirectoryPage(
            title="Annuaire des soins palliatifs", slug="annuaire", intro=""
        )
        HomePage.objects.order_by("path").first().add_child(instance=page)
        page.save_revision().publish()
    return page.get_url()


def national_data(authorities_count: int) -> NationalData:
    """``authorities_count`` authorities (each a region of 5 départements, a
    manager, two calls), an organisation pool, and an applicant whose
    organisation has ``APPLICANT_DOSSIERS`` submitted dossiers in the first
    call; no other dossier or service yet (:func:`national_grow`)."""
    tag = token()
    made, bosses, calls, places = [], [], [], []
    for i in range(authorities_count):
        of = authority(f"{tag}{i:02d}")
        made.append(of)
        bosses.append(manager(of))
        calls.append(
            [call(of, tag=f"{tag}{i:02d}C{c}") for c in range(CALLS_PER_AUTHORITY)]
        )
        places += departements(of.region, 5)
    own = organisations(1, tag=f"{tag} porteur")[0]
    person = applicant(own, f"porteur-{tag.lower()}")
    dossiers(
        calls[0][0],
        APPLICANT_DOSSIERS,
        organisations=[own],
        creator=person,
        first=1,
    )
    return NationalData(
        authorities=made,
        managers=bosses,
        calls=calls,
        organisations=[],
        creator=person,
        applicant=person,
        departements=places,
        directory_url=directory_url(),
        dossiers=APPLICANT_DOSSIERS,
    )


def national_grow(data: NationalData, *, dossiers_total: int, services_total: int):
    """Add dossiers (spread evenly over every call, led by a pool of
    organisations, one for 20 dossiers) and directory services until
    ``dossiers_total`` and ``services_total`` are reached."""
    missing = dossiers_total - data.dossiers
    if missing > 0:
        needed = max(dossiers_total // DOSSIERS_PER_ORGANISATION, 1)
        if len(data.organisations) < needed:
            data.organisations += organisations(needed - len(data.organisations))
        all_calls = [c for calls in data.calls for c in calls]
        share, extra = divmod(missing, len(all_calls))
        for index, each in enumerate(all_calls):
            count = share + (1 if index < extra else 0)
            if count:
                dossiers(
                    each,
                    count,
                    organisations=data.organisations,
                    creator=data.creator,
                )
        data.dossiers = dossiers_total
    if services_total > data.services:
        services(
            services_total - data.services,
            departements=data.departements,
            first=data.services,
        )
        data.services = services_total
    analyse()
    return data
