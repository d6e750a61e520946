"""The public results of a call: its laureates and its figures, once its
decisions are released (reads only; the public pages and the open data read
them here).

**Released.** A call's results are public once the call has at least one
release of kind *call* (``decisions_release``) and every item of its releases
of that kind is done: each decision's letter stored, the dossier's state moved
and the applicant told. While one letter is still being sent, or has failed,
nothing shows: no applicant learns a decision from the public page before
their letter (a failed letter, retried by the manager, holds the results
back). Corrections come after: the results stay public while a correction is
being notified.

**Laureates.** Only accepted dossiers are named: a dossier is a laureate when
its state is « accepted » and its decision, released, is an acceptance (with
or without conditions). A correction changes the decision at once and moves
the dossier when its new letter is stored, so an acceptance corrected to a
refusal leaves the list as soon as it is corrected, and a refusal corrected to
an acceptance joins it once its new letter is stored; the amount shown is the
decision's in force. Each laureate is shown as its version on record froze it:
the lead organisation's name, the territories it claimed, its partners
(organisations that had not declined; names and families, never people; the
city professionals' family only as a count, since a libéral practitioner's
business name is a person's name).

**Figures** (per call): dossiers *received* (submitted at least once, whatever
happened since: withdrawn and inadmissible ones included), *admissible*
(found admissible: their review started), *accepted* (the laureates), the
amounts *requested* (each received dossier's version on record) and
*awarded* (the laureates' decisions), and the *median time* in days from the
call's closing to its committee decisions' first notification
(``Decision.released_at``; inadmissibilities left out).

Every function runs a fixed number of queries whatever the number of calls,
dossiers or laureates.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import ngettext

from applications.coverage import (
    TerritoryTree,
    recorded_lead,
    recorded_territory_pks,
    territory_sort_key,
)
from applications.enums import ApplicationState, CommitmentStatus
from applications.models import Application, ApplicationVersion
from applications.record import recorded_partners
from calls.enums import CallKind, PartnerCategory, TerritoryLevel
from calls.models import Call, Territory

from ..enums import (
    ACCEPTANCES,
    COMMITTEE_OUTCOMES,
    DecisionOutcome,
    ReleaseItemStatus,
    ReleaseKind,
)
from ..models import Decision, DecisionLetter, ReleaseItem

# The partners' family shown as a count, never by name (see the docstring).
COUNTED_FAMILIES = frozenset({PartnerCategory.CITY_PROFESSIONALS})
SECONDS_PER_DAY = Decimal(86400)


# Released ------------------------------------------------------------------------


def _call_release_items(call_ref) -> QuerySet[ReleaseItem]:
    return ReleaseItem.objects.filter(
        batch__call=call_ref, batch__kind=ReleaseKind.CALL
    )


def released_q() -> Q:
    """The calls whose results are public (see the module's docstring), as a
    filter on ``Call``."""
    items = _call_release_items(OuterRef("pk"))
    return Q(Exists(items)) & ~Q(Exists(items.exclude(status=ReleaseItemStatus.DONE)))


def released_calls() -> QuerySet[Call]:
    return Call.objects.filter(released_q())


@dataclass(frozen=True)
class ResultsState:
    """Whether a call's results are public, since when, and a version that
    changes with every release, correction or letter sent (for caches)."""

    released: bool
    published_at: datetime | None  # the last letter of the call's release
    updated_at: datetime | None  # the last letter sent, corrections included
    version: str

    @property
    def corrected(self) -> bool:
        return bool(
            self.published_at
            and self.updated_at
            and self.updated_at > self.published_at
        )


def results_state(call: Call) -> ResultsState:
    """One query."""
    of_call = Q(batch__kind=ReleaseKind.CALL)
    done = Q(status=ReleaseItemStatus.DONE)
    figures = ReleaseItem.objects.filter(batch__call=call).aggregate(
        call_items=Count("pk", filter=of_call),
        call_open=Count("pk", filter=of_call & ~done),
        done=Count("pk", filter=done),
        last_batch=Max("batch_id"),
        published_at=Max("done_at", filter=of_call),
        updated_at=Max("done_at"),
    )
    released = bool(figures["call_items"]) and not figures["call_open"]
    stamp = figures["updated_at"].isoformat() if figures["updated_at"] else "-"
    version = (
        f"{int(released)}.{figures['last_batch'] or 0}.{figures['done']}.{stamp}."
        f"{call.updated_at.isoformat() if call.updated_at else '-'}"
    )
    return ResultsState(
        released=released,
        published_at=figures["published_at"] if released else None,
        updated_at=figures["updated_at"] if released else None,
        version=version,
    )


# Laureates -----------------------------------------------------------------------


@dataclass(frozen=True)
class PublicPartner:
    name: str
    family: str  # PartnerCategory value
    family_label: str


@dataclass(frozen=True)
class CountedFamily:
    """Partners of a family shown as a count only."""

    family: str
    family_label: str
    count: int

    @property
    def text(self) -> str:
        return ngettext(
            "%(count)d partner of the family « %(family)s »",
            "%(count)d partners of the family « %(family)s »",
            self.count,
        ) % {"count": self.count, "family": self.family_label}


@dataclass(frozen=True)
class Laureate:
    call_id: int
    reference: str
    title: str  # the project's title as on record
    organisation: str  # the lead's name as on record
    siret: str  # the lead's SIRET as on record
    territories: tuple[Territory, ...]
    departements: tuple[Territory, ...]  # those its territories lie in
    partners: tuple[PublicPartner, ...]
    counted: tuple[CountedFamily, ...]
    outcome: str
    amount: Decimal
    duration_months: int | None
    released_at: datetime
    decision_id: int = 0

    @property
    def with_conditions(self) -> bool:
        return self.outcome == DecisionOutcome.ACCEPTED_WITH_CONDITIONS

    @property
    def outcome_label(self) -> str:
        return str(DecisionOutcome(self.outcome).label)

    @property
    def filieres(self) -> tuple[Territory, ...]:
        return tuple(t for t in self.territories if t.level == TerritoryLevel.FILIERE)

    @property
    def partner_count(self) -> int:
        return len(self.partners) + sum(c.count for c in self.counted)


def _versions_on_record() -> QuerySet[ApplicationVersion]:
    """Each dossier's latest version only, with what the results show."""
    latest = (
        ApplicationVersion.objects.filter(application=OuterRef("application"))
        .order_by("-number")
        .values("pk")[:1]
    )
    return ApplicationVersion.objects.filter(pk=Subquery(latest)).only(
        "pk",
        "application_id",
        "number",
        "title",
        "territories",
        "partners",
        "lead",
        "requested_amount",
    )


def laureates_q(prefix: str = "") -> Q:
    """The dossiers named in the results (see the module's docstring)."""
    return Q(
        **{
            f"{prefix}state": ApplicationState.ACCEPTED,
            f"{prefix}decision__outcome__in": ACCEPTANCES,
            f"{prefix}decision__released_at__isnull": False,
        }
    )


def _public_partners(version) -> tuple[tuple, tuple]:
    named, counted = [], defaultdict(int)
    for partner in recorded_partners(version):
        if partner.commitment_status == CommitmentStatus.DECLINED:
            continue
        if partner.category in COUNTED_FAMILIES:
            counted[partner.category] += 1
            continue
        named.append(
            PublicPartner(
                name=partner.name,
                family=partner.category,
                family_label=partner.get_category_display(),
            )
        )
    labels = dict(PartnerCategory.choices)
    return tuple(named), tuple(
        CountedFamily(family, str(labels.get(family, family)), count)
        for family, count in sorted(counted.items())
    )


def departements_of(tree: TerritoryTree, territories: Iterable) -> list[Territory]:
    """The départements the territories lie in: a département itself, the
    département a filière hangs from, a region's départements. A filière
    hanging from its region straddles départements whose list Sillon does not
    know: it adds none."""
    found = {}
    for territory in territories:
        if territory.level == TerritoryLevel.DEPARTEMENT:
            found[territory.pk] = territory
        elif territory.level == TerritoryLevel.FILIERE:
            parent = tree.parent(territory)
            if parent is not None and parent.level == TerritoryLevel.DEPARTEMENT:
                found[parent.pk] = parent
        else:
            for below in tree.descendants(territory):
                if below.level == TerritoryLevel.DEPARTEMENT:
                    found[below.pk] = below
    return sorted(found.values(), key=territory_sort_key)


def _laureate(application, tree: TerritoryTree) -> Laureate:
    versions = getattr(application, "record_versions", None) or ()
    version = max(versions, key=lambda v: v.number, default=None)
    decision = application.decision
    name, siret = recorded_lead(application, version)
    territories = sorted(
        (
            tree.by_id[pk]
            for pk in dict.fromkeys(recorded_territory_pks(version))
            if pk in tree.by_id
        ),
        key=territory_sort_key,
    )
    partners, counted = _public_partners(version) if version else ((), ())
    return Laureate(
        call_id=application.call_id,
        reference=application.reference,
        title=version.title if version is not None else application.title,
        organisation=name,
        siret=siret,
        territories=tuple(territories),
        departements=tuple(departements_of(tree, territories)),
        partners=partners,
        counted=counted,
        outcome=decision.outcome,
        amount=decision.amount,
        duration_months=decision.duration_months,
        released_at=decision.released_at,
        decision_id=decision.pk,
    )


def territory_tree() -> TerritoryTree:
    """Every territory, with its parent (one query: the table is small)."""
    return TerritoryTree(
        Territory.objects.only("pk", "name", "code", "level", "parent")
    )


def laureates_of(
    calls: Iterable[Call], *, tree: TerritoryTree | None = None
) -> list[Laureate]:
    """The laureates of ``calls`` (the caller checks they are released), by
    call then dossier reference. Three queries (two given ``tree``)."""
    applications = list(
        Application.objects.filter(laureates_q(), call__in=list(calls))
        .select_related("decision", "organisation")
        .prefetch_related(
            Prefetch(
                "versions", queryset=_versions_on_record(), to_attr="record_versions"
            )
        )
        .order_by("call_id", "reference")
    )
    if not applications:
        return []
    tree = tree or territory_tree()
    return [_laureate(application, tree) for application in applications]


# Figures -------------------------------------------------------------------------


@dataclass
class CallFigures:
    received: int = 0
    admissible: int = 0
    accepted: int = 0
    requested: Decimal = Decimal(0)
    awarded: Decimal = Decimal(0)
    median_days: Decimal | None = None  # one decimal
    _delays: list = field(default_factory=list, repr=False)

    @property
    def median_text(self) -> str:
        if self.median_days is None:
            return ""
        days = self.median_days
        shown = int(days) if days == days.to_integral_value() else days
        return ngettext("%(days)s day", "%(days)s days", int(days) or 1) % {
            "days": str(shown).replace(".", ",")
        }


def figures_of(calls: Iterable[Call], laureates: Iterable[Laureate]) -> dict:
    """Call id → its ``CallFigures``, from its dossiers and the laureates
    already read. Two queries."""
    calls = list(calls)
    figures = {call.pk: CallFigures() for call in calls}
    requested = Subquery(
        ApplicationVersion.objects.filter(application=OuterRef("pk"))
        .order_by("-number")
        .values("requested_amount")[:1]
    )
    received = (
        Application.objects.with_version()
        .filter(call__in=calls)
        .annotate(on_record=requested)
        .values_list("call_id", "admissible_at", "on_record")
    )
    for call_id, admissible_at, amount in received:
        figure = figures[call_id]
        figure.received += 1
        figure.admissible += admissible_at is not None
        figure.requested += amount or Decimal(0)
    for laureate in laureates:
        figure = figures[laureate.call_id]
        figure.accepted += 1
        figure.awarded += laureate.amount or Decimal(0)
    closes = {call.pk: call.closes_at for call in calls}
    released = Decision.objects.filter(
        application__call__in=calls,
        outcome__in=COMMITTEE_OUTCOMES,
        released_at__isnull=False,
    ).values_list("application__call_id", "released_at")
    for call_id, released_at in released:
        seconds = Decimal((released_at - closes[call_id]).total_seconds())
        figures[call_id]._delays.append(seconds / SECONDS_PER_DAY)
    for figure in figures.values():
        if figure._delays:
            median = Decimal(statistics.median(figure._delays))
            figure.median_days = median.quantize(Decimal("0.1"))
    return figures


# The results of a call -----------------------------------------------------------


@dataclass(frozen=True)
class CallResults:
    call: Call
    state: ResultsState
    laureates: list[Laureate]
    figures: CallFigures
    # The départements the call's territories cover, by code.
    scope: tuple[Territory, ...] = ()

    @property
    def is_filiere_call(self) -> bool:
        return self.call.kind == CallKind.FILIERE

    @property
    def recognised_filieres(self) -> list[tuple[Territory, Laureate]]:
        """(filière, laureate) for each filière a laureate covers, by name."""
        rows = [
            (filiere, laureate)
            for laureate in self.laureates
            for filiere in laureate.filieres
        ]
        return sorted(rows, key=lambda r: (r[0].name.casefold(), r[1].reference))

    @property
    def departements(self) -> list[tuple[Territory, list[Laureate]]]:
        """Each département a laureate's territories lie in, with them."""
        found: dict[int, tuple[Territory, list]] = {}
        for laureate in self.laureates:
            for departement in laureate.departements:
                found.setdefault(departement.pk, (departement, []))[1].append(laureate)
        return sorted(found.values(), key=lambda r: territory_sort_key(r[0]))


def call_results(
    call: Call, *, state: ResultsState | None = None
) -> CallResults | None:
    """The call's public results, or ``None`` before they are released (see the
    module's docstring). Seven queries (six when ``state`` is given; one less
    when the call's territories are prefetched), whatever the number of
    dossiers and laureates."""
    state = state or results_state(call)
    if not state.released:
        return None
    tree = territory_tree()
    laureates = laureates_of([call], tree=tree)
    figures = figures_of([call], laureates)[call.pk]
    named = [tree.by_id[t.pk] for t in call.territories.all() if t.pk in tree.by_id]
    return CallResults(
        call=call,
        state=state,
        laureates=laureates,
        figures=figures,
        scope=tuple(departements_of(tree, named)),
    )


def current_letters(decision_ids: Iterable[int]) -> dict[int, DecisionLetter]:
    """Decision id → its letter in force (one query)."""
    letters = DecisionLetter.objects.filter(
        decision_id__in=list(decision_ids), superseded_at__isnull=True
    )
    return {letter.decision_id: letter for letter in letters}
