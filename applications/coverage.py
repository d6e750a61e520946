"""Overlaps between the dossiers of a call, and the coverage of its territories.

Pure: every function works on rows already loaded (territories, and dossiers with
their ``organisation`` and their version on record prefetched as
``record_versions``) and never queries, so the page that shows them runs a
constant number of queries.

Staff read the version on record, never the live draft: a dossier claims the
territories its latest version froze, with the partners (and lead SIRET) that
version froze; a change made since shows once the applicant submits it again.

Which dossiers count ("competing"): those still in the running or retained —
submitted, complements requested, under review, reviewed, accepted: the
submitted ones (``enums.SUBMITTED_STATES``) but the rejected. Drafts are
private, and an inadmissible, rejected or withdrawn dossier claims nothing any
more. A dossier covers the territories it claims and everything under them (a
claim on a département covers its filières). A territory overlap is a territory
covered by two or more competing dossiers, reported once, at the highest
territory where that set of dossiers meets. An organisation overlap is one SIRET
(lead organisation, or partner that has not declined) in two or more competing
dossiers. A territory covered by an accepted dossier is "recognised".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from calls.enums import TerritoryLevel

from .enums import SUBMITTED_STATES, ApplicationState, CommitmentStatus
from .record import recorded_partners

# Submitted (``SUBMITTED_STATES``: received and not ruled out) but not rejected.
COMPETING_STATES = SUBMITTED_STATES - {ApplicationState.REJECTED}
LEVEL_RANK = {
    TerritoryLevel.REGION: 0,
    TerritoryLevel.DEPARTEMENT: 1,
    TerritoryLevel.FILIERE: 2,
}


def is_competing(application) -> bool:
    return application.state in COMPETING_STATES


def record_of(application):
    """The version on record, as the selector prefetched it (``record_versions``);
    None for a dossier never submitted."""
    versions = getattr(application, "record_versions", None) or ()
    return max(versions, key=lambda version: version.number, default=None)


def recorded_territory_pks(version) -> list[int]:
    """The territories the version froze (primary keys; junk left out)."""
    pks = []
    for item in (version.territories or []) if version is not None else []:
        try:
            pks.append(int(item))
        except (TypeError, ValueError):
            continue
    return pks


def recorded_lead(application, version) -> tuple[str, str]:
    """(name, SIRET) of the lead as the version froze it; the organisation's now
    for a version frozen before the lead was recorded."""
    stored = getattr(version, "lead", None)
    if isinstance(stored, dict) and stored.get("name"):
        return str(stored["name"]), str(stored.get("siret") or "")
    organisation = application.organisation
    return organisation.name, organisation.siret


def territory_sort_key(territory) -> tuple:
    return (LEVEL_RANK.get(territory.level, 9), territory.code, territory.name)


class TerritoryTree:
    """The territories by id, with their parents and children (no query)."""

    def __init__(self, territories: Iterable) -> None:
        self.by_id = {territory.pk: territory for territory in territories}
        self.children: dict[int, list] = defaultdict(list)
        for territory in sorted(self.by_id.values(), key=territory_sort_key):
            if territory.parent_id in self.by_id:
                self.children[territory.parent_id].append(territory)

    def parent(self, territory):
        return self.by_id.get(territory.parent_id)

    def ancestors(self, territory) -> list:
        """Parent first, up to the root; stops on a (corrupt) cycle."""
        found, seen = [], {territory.pk}
        current = self.parent(territory)
        while current is not None and current.pk not in seen:
            found.append(current)
            seen.add(current.pk)
            current = self.parent(current)
        return found

    def descendants(self, territory) -> list:
        found, stack, seen = [], list(self.children[territory.pk]), {territory.pk}
        while stack:
            child = stack.pop(0)
            if child.pk in seen:
                continue
            seen.add(child.pk)
            found.append(child)
            stack.extend(self.children[child.pk])
        return found

    def region_of(self, territory):
        for candidate in [territory, *self.ancestors(territory)]:
            if candidate.level == TerritoryLevel.REGION:
                return candidate
        return None


@dataclass(frozen=True)
class Cover:
    """A dossier covering a territory; ``via`` is the claimed ancestor, if any."""

    application: object
    via: object = None


@dataclass(frozen=True)
class TerritoryOverlap:
    territory: object
    covers: tuple[Cover, ...]


@dataclass(frozen=True)
class Commitment:
    """One appearance of an organisation in a dossier."""

    application: object
    name: str
    partner: object = None  # None: the lead organisation

    @property
    def is_lead(self) -> bool:
        return self.partner is None


@dataclass(frozen=True)
class OrganisationOverlap:
    siret: str
    name: str
    commitments: tuple[Commitment, ...]

    @property
    def dossier_count(self) -> int:
        return len({c.application.pk for c in self.commitments})


@dataclass(frozen=True)
class CoverageRow:
    territory: object
    parent: object  # the territory's parent, for the "part of" column
    is_part: bool  # listed because the call names its parent
    covers: tuple[Cover, ...]

    @property
    def count(self) -> int:
        return len(self.covers)

    @property
    def is_covered(self) -> bool:
        return bool(self.covers)

    @property
    def is_overlap(self) -> bool:
        return len(self.covers) >= 2

    @cached_property
    def recognised_by(self) -> tuple:
        return tuple(
            cover.application
            for cover in self.covers
            if cover.application.state == ApplicationState.ACCEPTED
        )

    @property
    def is_recognised(self) -> bool:
        return bool(self.recognised_by)


def _by_reference(covers: Iterable[Cover]) -> tuple[Cover, ...]:
    return tuple(sorted(covers, key=lambda c: (c.application.reference, c.via is None)))


def covers_by_territory(tree: TerritoryTree, applications: Iterable) -> dict:
    """Territory id → the covers of the competing dossiers (claims go downwards)."""
    covers: dict[int, dict[int, Cover]] = defaultdict(dict)
    for application in applications:
        if not is_competing(application):
            continue
        for pk in recorded_territory_pks(record_of(application)):
            territory = tree.by_id.get(pk)
            if territory is None:
                continue  # a territory deleted since
            # A direct claim wins over one inherited from an ancestor.
            covers[territory.pk][application.pk] = Cover(application)
            for below in tree.descendants(territory):
                covers[below.pk].setdefault(
                    application.pk, Cover(application, territory)
                )
    return {pk: _by_reference(found.values()) for pk, found in covers.items()}


def _dossier_set(covers: tuple[Cover, ...]) -> frozenset[int]:
    return frozenset(cover.application.pk for cover in covers)


def territory_overlaps(tree: TerritoryTree, covers: dict) -> list[TerritoryOverlap]:
    """Territories covered by two or more competing dossiers, each meeting once."""
    overlaps = []
    for pk, found in covers.items():
        if len(found) < 2 or pk not in tree.by_id:
            continue
        territory = tree.by_id[pk]
        parent = tree.parent(territory)
        if parent is not None and _dossier_set(
            covers.get(parent.pk, ())
        ) == _dossier_set(found):
            continue  # the same dossiers already meet on the parent
        overlaps.append(TerritoryOverlap(territory, found))
    return sorted(overlaps, key=lambda o: territory_sort_key(o.territory))


def _siret(value: str) -> str:
    return "".join(value.split())


def organisation_overlaps(applications: Iterable) -> list[OrganisationOverlap]:
    """SIRETs (leads, and partners that have not declined) in 2+ competing dossiers."""
    seen: dict[str, list[Commitment]] = defaultdict(list)
    for application in applications:
        if not is_competing(application):
            continue
        version = record_of(application)
        if version is None:
            continue
        lead_name, lead_siret = recorded_lead(application, version)
        seen[_siret(lead_siret)].append(Commitment(application, lead_name))
        for partner in recorded_partners(version):
            if partner.commitment_status == CommitmentStatus.DECLINED:
                continue
            seen[_siret(partner.siret)].append(
                Commitment(application, partner.name, partner)
            )
    overlaps = []
    for siret, commitments in seen.items():
        if len({c.application.pk for c in commitments}) < 2:
            continue
        ordered = tuple(
            sorted(
                commitments,
                key=lambda c: (c.application.reference, not c.is_lead, c.name),
            )
        )
        lead_names = [c.name for c in ordered if c.is_lead]
        overlaps.append(
            OrganisationOverlap(siret, (lead_names or [ordered[0].name])[0], ordered)
        )
    return sorted(overlaps, key=lambda o: (o.name.casefold(), o.siret))


def call_rows_territories(tree: TerritoryTree, call_territories: Iterable) -> list:
    """The call's territories in order, each région or département followed by the
    filières under it: (territory, is_part) pairs, without duplicates."""
    named = sorted(
        (tree.by_id.get(t.pk, t) for t in call_territories), key=territory_sort_key
    )
    named_pks = {territory.pk for territory in named}
    rows, listed = [], set()
    for territory in named:
        if territory.pk not in listed:
            rows.append((territory, False))
            listed.add(territory.pk)
        if territory.level == TerritoryLevel.FILIERE:
            continue
        for below in tree.descendants(territory):
            if below.level != TerritoryLevel.FILIERE or below.pk in listed:
                continue
            if below.pk in named_pks:
                continue  # listed in its own right, in its place
            rows.append((below, True))
            listed.add(below.pk)
    return rows


def coverage_rows(
    tree: TerritoryTree, call_territories: Iterable, covers: dict
) -> list[CoverageRow]:
    return [
        CoverageRow(
            territory=territory,
            parent=tree.parent(territory),
            is_part=is_part,
            covers=covers.get(territory.pk, ()),
        )
        for territory, is_part in call_rows_territories(tree, call_territories)
    ]


@dataclass(frozen=True)
class CallCoverage:
    rows: list[CoverageRow]
    territory_overlaps: list[TerritoryOverlap]
    organisation_overlaps: list[OrganisationOverlap]
    competing: list
    not_competing: list

    @property
    def uncovered(self) -> list[CoverageRow]:
        return [row for row in self.rows if not row.is_covered]

    @property
    def recognised(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.is_recognised]


def call_coverage(
    *, territories: Iterable, call_territories: Iterable, applications: Iterable
) -> tuple[TerritoryTree, CallCoverage]:
    """Everything the coverage page shows, from rows already loaded."""
    tree = TerritoryTree(territories)
    applications = sorted(applications, key=lambda a: a.reference)
    covers = covers_by_territory(tree, applications)
    return tree, CallCoverage(
        rows=coverage_rows(tree, call_territories, covers),
        territory_overlaps=territory_overlaps(tree, covers),
        organisation_overlaps=organisation_overlaps(applications),
        competing=[a for a in applications if is_competing(a)],
        not_competing=[a for a in applications if not is_competing(a)],
    )
