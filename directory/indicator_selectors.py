"""What the indicators read: the regions, their départements and filières, the
published services counted in the database, and the shipped populations.

The page takes four queries whatever the number of services: the
services are counted and their beds summed by département, filière and kind in
the database (``GROUP BY``), never loaded one by one.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q, Sum

from calls.enums import TerritoryLevel
from calls.models import Territory

from .indicators import (
    Place,
    PopulationFigure,
    PopulationSource,
    PopulationTable,
    RegionReport,
    Tally,
    region_report,
)
from .models import Service

DATA_DIR = Path(__file__).resolve().parent / "data"


def population_table(data_dir: Path | str | None = None) -> PopulationTable:
    """The populations shipped in ``directory/data`` (see POPULATION.md), or
    those of ``data_dir``, or of the ``DIRECTORY_POPULATION_DIR`` setting: the
    same three files, with other figures (the tests use their own)."""
    if data_dir is None:
        data_dir = getattr(settings, "DIRECTORY_POPULATION_DIR", None) or DATA_DIR
    return _read_population(Path(data_dir))


def _figures(path: Path) -> dict[str, PopulationFigure]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: PopulationFigure(int(row["population"]), int(row["year"]))
            for row in csv.DictReader(handle)
        }


@lru_cache(maxsize=4)
def _read_population(data_dir: Path) -> PopulationTable:
    source = json.loads((data_dir / "population_source.json").read_text("utf-8"))
    source["in_force_on"] = date.fromisoformat(source["in_force_on"])
    return PopulationTable(
        departements=_figures(data_dir / "population_departements.csv"),
        regions=_figures(data_dir / "population_regions.csv"),
        source=PopulationSource(**source),
    )


def _places(queryset) -> list[Place]:
    return [Place(*values) for values in queryset.values_list("pk", "code", "name")]


def indicator_regions() -> list[Place]:
    """The regions where the directory publishes services, by name (one query)."""
    return _places(
        Territory.objects.filter(
            level=TerritoryLevel.REGION,
            children__level=TerritoryLevel.DEPARTEMENT,
            children__directory_services__published=True,
        )
        .distinct()
        .order_by("name")
    )


def region_report_for(
    region: Place, *, population: PopulationTable | None = None
) -> RegionReport:
    """The indicators of ``region`` (three queries)."""
    departements = _places(
        Territory.objects.filter(
            level=TerritoryLevel.DEPARTEMENT, parent_id=region.pk
        ).order_by("code")
    )
    # A filière hangs from its region, or from one of its départements.
    filieres = _places(
        Territory.objects.filter(level=TerritoryLevel.FILIERE)
        .filter(Q(parent_id=region.pk) | Q(parent__parent_id=region.pk))
        .order_by("name")
    )
    by_departement: dict[tuple[int, str], Tally] = defaultdict(Tally)
    by_filiere: dict[tuple[int, str], Tally] = defaultdict(Tally)
    counted = (
        Service.objects.filter(published=True, departement__parent_id=region.pk)
        .values_list("departement_id", "filiere_id", "kind")
        .annotate(
            count=Count("pk"),
            beds=Sum("beds"),
            illustrative=Count("pk", filter=Q(illustrative=True)),
        )
        .order_by()
    )
    for departement_id, filiere_id, kind, count, beds, illustrative in counted:
        tally = Tally(count, beds or 0, illustrative)
        by_departement[departement_id, kind] = _add(
            by_departement[departement_id, kind], tally
        )
        if filiere_id is not None:
            by_filiere[filiere_id, kind] = _add(by_filiere[filiere_id, kind], tally)
    return region_report(
        region=region,
        departements=departements,
        filieres=filieres,
        departement_tallies=by_departement,
        filiere_tallies=by_filiere,
        population=population or population_table(),
    )


def _add(first: Tally, second: Tally) -> Tally:
    return Tally(
        first.count + second.count,
        first.beds + second.beds,
        first.illustrative + second.illustrative,
    )
