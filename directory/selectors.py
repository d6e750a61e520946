"""Read queries of the annuaire numérique: the public search, its facets and its
counts per département, one service, and the filières that a released decision
recognised.

The search compares folded keys (``core.search``): every term of the query must
be found in ``Service.search_key``, one ``search_key__contains`` filter per term,
so it runs in the database alike on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, QuerySet
from django.utils.text import slugify

from applications.enums import ApplicationState, CommitmentStatus
from applications.identity import version_lead
from applications.models import ApplicationVersion
from applications.record import recorded_partners
from applications.selectors import version_on_record
from calls.enums import CallKind, PartnerCategory, TerritoryLevel
from calls.models import Call, Territory
from core.search import search_key, search_terms
from core.time import in_paris
from reviews.enums import ACCEPTANCES
from reviews.models import Decision
from reviews.selectors.results import released_calls

from .enums import AgeGroup, ServiceKind
from .models import Service

# What a list of services shows besides the service's own fields.
LIST_RELATED = ("departement", "filiere")
# What the open data adds: the département's region.
EXPORT_RELATED = (*LIST_RELATED, "departement__parent")


def published_services() -> QuerySet[Service]:
    return Service.objects.filter(published=True)


def matching_text(services: QuerySet[Service], query: str) -> QuerySet[Service]:
    """``services`` whose folded text holds every term of ``query`` (accents,
    case and spacing ignored; an identifier typed with spaces is one term)."""
    for term in search_terms(query):
        services = services.filter(search_key__contains=term)
    return services


def search_services(
    *,
    query: str = "",
    kind: str = "",
    filiere: Territory | None = None,
    departement: Territory | None = None,
    age_group: str = "",
    region: Territory | None = None,
) -> QuerySet[Service]:
    """The published services matching every term of ``query`` (accents, case
    and spacing ignored) and each filter given, with what a list shows."""
    services = matching_text(published_services().select_related(*LIST_RELATED), query)
    if kind:
        services = services.filter(kind=kind)
    if filiere is not None:
        services = services.filter(filiere=filiere)
    if departement is not None:
        services = services.filter(departement=departement)
    if region is not None:
        services = services.filter(departement__parent=region)
    if age_group == AgeGroup.ADULTS:
        services = services.filter(serves_adults=True)
    elif age_group == AgeGroup.CHILDREN:
        services = services.filter(serves_children=True)
    return services.order_by("departement__code", "commune", "name", "pk")


def counts_by_departement(services: QuerySet[Service]) -> dict[int, int]:
    """How many of ``services`` each département holds (pk → count), in one
    query."""
    rows = services.order_by().values("departement").annotate(count=Count("pk"))
    return {row["departement"]: row["count"] for row in rows}


@dataclass(frozen=True)
class Facets:
    """The choices of the search's filters: only what the directory holds."""

    kinds: list[tuple[str, str]]
    filieres: QuerySet[Territory]
    departements: QuerySet[Territory]


def directory_facets() -> Facets:
    """The kinds, filières and départements that have published services (the
    territories as querysets, evaluated by the form: one query each)."""
    services = published_services()
    present = set(services.order_by().values_list("kind", flat=True).distinct())
    return Facets(
        kinds=[
            (value, label) for value, label in ServiceKind.choices if value in present
        ],
        filieres=Territory.objects.filter(
            level=TerritoryLevel.FILIERE, pk__in=services.values("filiere")
        ).order_by("name"),
        departements=Territory.objects.filter(
            level=TerritoryLevel.DEPARTEMENT, pk__in=services.values("departement")
        ).order_by("code"),
    )


def territories_of_level(level: str) -> QuerySet[Territory]:
    return Territory.objects.filter(level=level).order_by("code")


def service_for_page(pk: int) -> Service | None:
    """A published service with what its page shows."""
    return published_services().select_related(*EXPORT_RELATED).filter(pk=pk).first()


def services_in_filiere(territory: Territory) -> QuerySet[Service]:
    return search_services(filiere=territory)


# The recognised filières ------------------------------------------------------------


@dataclass(frozen=True)
class RecognisedOrganisation:
    """An organisation of a recognised filière: its name and its family, as the
    dossier's version on record has them. Never a person."""

    name: str
    family: str


@dataclass(frozen=True)
class RecognisedFamily:
    """Partners of a family whose names are not published, counted."""

    family: str
    count: int


@dataclass(frozen=True)
class RecognisedFiliere:
    territory: Territory
    lead: RecognisedOrganisation
    partners: tuple[RecognisedOrganisation, ...]
    # Families whose members may be sole practitioners (their business name is a
    # person's name): counted, not named.
    counted: tuple[RecognisedFamily, ...]
    call: Call
    recognised_on: date
    application_id: int

    @property
    def slug(self) -> str:
        return filiere_slug(self.territory)


# A city professional (a libéral) is often an individual business whose name is
# the practitioner's own: the directory counts them and names none.
UNNAMED_FAMILIES = frozenset({PartnerCategory.CITY_PROFESSIONALS})


def filiere_slug(territory: Territory) -> str:
    return slugify(search_key(territory.name)) or "filiere"


def _family_label(category: str) -> str:
    return str(dict(PartnerCategory.choices).get(category, category))


def _released_acceptances() -> QuerySet[Decision]:
    """The acceptances of filière calls released to their applicants, whose
    dossier says so (a correction moves it once its letter is notified)."""
    return (
        Decision.objects.filter(
            outcome__in=ACCEPTANCES,
            released_at__isnull=False,
            application__state=ApplicationState.ACCEPTED,
            application__call__kind=CallKind.FILIERE,
            # As the call's public results: once all its letters are sent.
            application__call__in=released_calls(),
        )
        .select_related("application__call", "application__organisation")
        .prefetch_related(
            Prefetch(
                "application__versions",
                queryset=ApplicationVersion.objects.only(
                    "pk",
                    "application_id",
                    "number",
                    "territories",
                    "partners",
                    "lead",
                    "lead_category",
                ),
            )
        )
        .order_by("released_at", "pk")
    )


def _recognition(decision: Decision, version, territory: Territory):
    partners, counted = [], {}
    for partner in recorded_partners(version):
        # A partner who declined its commitment is not part of the filière.
        if partner.commitment_status == CommitmentStatus.DECLINED:
            continue
        if partner.category in UNNAMED_FAMILIES:
            counted[partner.category] = counted.get(partner.category, 0) + 1
            continue
        partners.append(
            RecognisedOrganisation(partner.name, _family_label(partner.category))
        )
    return RecognisedFiliere(
        territory=territory,
        lead=RecognisedOrganisation(
            version_lead(version).name, _family_label(version.lead_category)
        ),
        partners=tuple(partners),
        counted=tuple(
            RecognisedFamily(_family_label(category), count)
            for category, count in sorted(counted.items())
        ),
        call=decision.application.call,
        recognised_on=in_paris(decision.released_at).date(),
        application_id=decision.application_id,
    )


def recognised_filieres() -> list[RecognisedFiliere]:
    """Each filière territory recognised by a released acceptance, by name: the
    territory its dossier's version on record covers, its lead and partners as
    that version names them. A territory recognised twice shows its latest
    recognition. Three queries whatever their number."""
    decisions = list(_released_acceptances())
    versions = {}
    for decision in decisions:
        version = version_on_record(decision.application)
        if version is not None:
            versions[decision.pk] = version
    territory_ids = {
        pk
        for version in versions.values()
        for pk in (version.territories or [])
        if isinstance(pk, int)
    }
    territories = Territory.objects.filter(
        pk__in=territory_ids, level=TerritoryLevel.FILIERE
    ).in_bulk()
    by_territory: dict[int, RecognisedFiliere] = {}
    for decision in decisions:  # oldest release first: the latest one wins
        version = versions.get(decision.pk)
        if version is None:
            continue
        for pk in version.territories or []:
            if pk in territories:
                by_territory[pk] = _recognition(decision, version, territories[pk])
    return sorted(
        by_territory.values(), key=lambda item: search_key(item.territory.name)
    )


def recognised_filiere(territory_pk: int) -> RecognisedFiliere | None:
    return next(
        (item for item in recognised_filieres() if item.territory.pk == territory_pk),
        None,
    )
