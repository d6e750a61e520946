"""The directory's indicators, computed from rows already loaded (no query).

For a region: per département and for the region as a whole, the USP beds per
100,000 inhabitants against the national recommendation, and the beds missing
to reach it; the LISP beds, EMSP, HAD and ERRSPP alongside, as counts; per
filière, whether it has a USP, an EMSP and an HAD. ``indicator_selectors``
loads the rows and the populations; the page and the map read the result.

Only the beds of the USP count in the ratio: the recommendation is about USP
beds, and identified beds (LISP) are scattered in other wards, so they are
shown apart as counts, never added to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.formatting import number_text

from .enums import ServiceKind

# The national recommendation as the seed quotes it: « la recommandation
# nationale est à 3 lits pour 100 000 habitants » (ARS Auvergne-Rhône-Alpes,
# feuille de route soins palliatifs 2024-2028; seeds/002_095177f2402f68ac.txt),
# for USP beds: its region's « moyenne régionale » is 2.7.
RECOMMENDED_USP_BEDS_PER_100K = Decimal(3)
PER_INHABITANTS = 100_000
# The map's bands, on the exact ratio (the page rounds it to one decimal).
LOW_BAND_CEILING = Decimal(2)

NONE = "none"  # no USP bed at all
BELOW = "below"  # under 2 beds per 100,000
BETWEEN = "between"  # from 2 to under 3
MEETS = "meets"  # 3 or more: the recommendation is met

# The legend, best first: the map gives its fill styles in this order, so the
# band under 2 takes the red-inked one.
BANDS = (
    (MEETS, gettext_lazy("3 beds or more per 100,000 inhabitants")),
    (BETWEEN, gettext_lazy("From 2 to under 3 beds per 100,000 inhabitants")),
    (BELOW, gettext_lazy("Under 2 beds per 100,000 inhabitants")),
    (NONE, gettext_lazy("No USP bed")),
)

# What a filière is checked for: an EMSP's antenna is a mobile team there too.
PRESENCE_KINDS = {
    "usp": (ServiceKind.USP,),
    "emsp": (ServiceKind.EMSP, ServiceKind.EMSP_ANTENNA),
    "had": (ServiceKind.HAD,),
}


@dataclass(frozen=True)
class Place:
    """A territory as the indicators need it."""

    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class Tally:
    """The published services of one kind in one territory."""

    count: int = 0
    beds: int = 0
    illustrative: int = 0  # how many of them are demonstration data


# (territory pk, kind) → tally
Tallies = Mapping[tuple[int, str], Tally]


@dataclass(frozen=True)
class PopulationFigure:
    population: int
    year: int


@dataclass(frozen=True)
class PopulationSource:
    """Where the population figures come from, shown under every table."""

    publisher: str
    dataset: str
    year: int
    in_force_on: date
    url: str
    via: str
    via_url: str
    licence: str
    licence_url: str
    years_by_departement: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class PopulationTable:
    departements: Mapping[str, PopulationFigure]
    regions: Mapping[str, PopulationFigure]
    source: PopulationSource


def usp_beds_per_100k(beds: int, population: int | None) -> Decimal | None:
    """Exact ratio; ``None`` when the population is unknown."""
    if not population:
        return None
    return Decimal(beds) * PER_INHABITANTS / Decimal(population)


def beds_to_recommendation(
    beds: int,
    population: int | None,
    recommendation: Decimal = RECOMMENDED_USP_BEDS_PER_100K,
) -> int | None:
    """The whole beds missing to reach the recommendation (0 once reached)."""
    if not population:
        return None
    needed = (recommendation * population / PER_INHABITANTS).to_integral_value(
        rounding=ROUND_CEILING
    )
    return max(0, int(needed) - beds)


def band(beds: int, ratio: Decimal | None) -> str:
    """The map's category; "" when the population is unknown."""
    if not beds:
        return NONE
    if ratio is None:
        return ""
    if ratio < LOW_BAND_CEILING:
        return BELOW
    if ratio < RECOMMENDED_USP_BEDS_PER_100K:
        return BETWEEN
    return MEETS


def rounded(ratio: Decimal) -> Decimal:
    """One decimal, half up (Django's number formatting truncates)."""
    return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def ratio_text(ratio: Decimal | None) -> str:
    """French, one decimal: « 2,4 »; empty when unknown."""
    if ratio is None:
        return ""
    return formats.number_format(
        rounded(ratio), decimal_pos=1, use_l10n=True, force_grouping=True
    )


@dataclass(frozen=True)
class BedsRow:
    """One line of the départements' table (or the region's total)."""

    code: str
    name: str
    population: PopulationFigure | None
    usp_count: int
    usp_beds: int
    lisp_mco_beds: int
    lisp_smr_beds: int
    emsp_count: int  # antennas included
    emsp_antennas: int
    had_count: int
    errspp_count: int
    illustrative: int
    recommendation: Decimal = RECOMMENDED_USP_BEDS_PER_100K

    @property
    def population_text(self) -> str:
        return number_text(self._population)

    @property
    def recommendation_text(self) -> str:
        return number_text(self.recommendation)

    @property
    def ratio(self) -> Decimal | None:
        return usp_beds_per_100k(self.usp_beds, self._population)

    @property
    def ratio_text(self) -> str:
        return ratio_text(self.ratio)

    @property
    def gap(self) -> int | None:
        return beds_to_recommendation(
            self.usp_beds, self._population, self.recommendation
        )

    @property
    def band(self) -> str:
        return band(self.usp_beds, self.ratio)

    @property
    def _population(self) -> int | None:
        return self.population.population if self.population else None


def _row(
    code: str,
    name: str,
    population: PopulationFigure | None,
    tallies: list[Mapping[str, Tally]],
) -> BedsRow:
    def total(kind: str, attribute: str = "count") -> int:
        return sum(
            getattr(by_kind.get(kind, Tally()), attribute) for by_kind in tallies
        )

    antennas = total(ServiceKind.EMSP_ANTENNA)
    return BedsRow(
        code=code,
        name=name,
        population=population,
        usp_count=total(ServiceKind.USP),
        usp_beds=total(ServiceKind.USP, "beds"),
        lisp_mco_beds=total(ServiceKind.LISP_MCO, "beds"),
        lisp_smr_beds=total(ServiceKind.LISP_SMR, "beds"),
        emsp_count=total(ServiceKind.EMSP) + antennas,
        emsp_antennas=antennas,
        had_count=total(ServiceKind.HAD),
        errspp_count=total(ServiceKind.ERRSPP),
        illustrative=sum(
            tally.illustrative for by_kind in tallies for tally in by_kind.values()
        ),
    )


def _by_place(tallies: Tallies) -> dict[int, dict[str, Tally]]:
    grouped: dict[int, dict[str, Tally]] = {}
    for (pk, kind), tally in tallies.items():
        grouped.setdefault(pk, {})[kind] = tally
    return grouped


def departement_rows(
    departements: Iterable[Place], tallies: Tallies, population: PopulationTable
) -> list[BedsRow]:
    """A row per département, in the order given."""
    grouped = _by_place(tallies)
    return [
        _row(
            place.code,
            place.name,
            population.departements.get(place.code),
            [grouped.get(place.pk, {})],
        )
        for place in departements
    ]


def region_row(region: Place, tallies: Tallies, population: PopulationTable) -> BedsRow:
    """The region's total: its services in all its départements, against the
    region's own population (not the sum of the départements listed)."""
    return _row(
        region.code,
        region.name,
        population.regions.get(region.code),
        list(_by_place(tallies).values()),
    )


@dataclass(frozen=True)
class FiliereRow:
    code: str
    name: str
    usp_count: int
    emsp_count: int  # antennas included
    had_count: int

    @property
    def has_usp(self) -> bool:
        return self.usp_count > 0

    @property
    def has_emsp(self) -> bool:
        return self.emsp_count > 0

    @property
    def has_had(self) -> bool:
        return self.had_count > 0


def filiere_rows(filieres: Iterable[Place], tallies: Tallies) -> list[FiliereRow]:
    grouped = _by_place(tallies)

    def count(pk: int, presence: str) -> int:
        by_kind = grouped.get(pk, {})
        return sum(
            by_kind.get(kind, Tally()).count for kind in PRESENCE_KINDS[presence]
        )

    return [
        FiliereRow(
            code=place.code,
            name=place.name,
            usp_count=count(place.pk, "usp"),
            emsp_count=count(place.pk, "emsp"),
            had_count=count(place.pk, "had"),
        )
        for place in filieres
    ]


@dataclass(frozen=True)
class Missing:
    """The filières without a USP, an EMSP or an HAD."""

    usp: tuple[str, ...]
    emsp: tuple[str, ...]
    had: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.usp or self.emsp or self.had)


def filieres_missing(rows: Iterable[FiliereRow]) -> Missing:
    rows = list(rows)
    return Missing(
        usp=tuple(row.name for row in rows if not row.has_usp),
        emsp=tuple(row.name for row in rows if not row.has_emsp),
        had=tuple(row.name for row in rows if not row.has_had),
    )


@dataclass(frozen=True)
class BandedArea:
    """A département on the map: its code, its accessible label, its band."""

    code: str
    label: str
    category: str


def area_label(row: BedsRow) -> str:
    """« Ille-et-Vilaine (35) : 2,4 lits d'USP pour 100 000 habitants »."""
    place = f"{row.name} ({row.code})"
    if not row.usp_beds:
        text = _("no USP bed")
    elif row.ratio is None:
        text = _("%(beds)s USP beds, population not available") % {
            "beds": number_text(row.usp_beds)
        }
    else:
        text = _("%(ratio)s USP beds per 100,000 inhabitants") % {
            "ratio": row.ratio_text
        }
    return _("%(place)s: %(text)s") % {"place": place, "text": text}


def banded_areas(rows: Iterable[BedsRow]) -> list[BandedArea]:
    return [BandedArea(row.code, area_label(row), row.band) for row in rows]


@dataclass(frozen=True)
class RegionReport:
    region: Place
    departements: list[BedsRow]
    total: BedsRow
    filieres: list[FiliereRow]
    missing: Missing
    source: PopulationSource

    @property
    def illustrative(self) -> bool:
        """Whether demonstration data count in the figures."""
        return self.total.illustrative > 0

    @property
    def areas(self) -> list[BandedArea]:
        return banded_areas(self.departements)


def region_report(
    *,
    region: Place,
    departements: Iterable[Place],
    filieres: Iterable[Place],
    departement_tallies: Tallies,
    filiere_tallies: Tallies,
    population: PopulationTable,
) -> RegionReport:
    rows = filiere_rows(filieres, filiere_tallies)
    return RegionReport(
        region=region,
        departements=departement_rows(departements, departement_tallies, population),
        total=region_row(region, departement_tallies, population),
        filieres=rows,
        missing=filieres_missing(rows),
        source=population.source,
    )
