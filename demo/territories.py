"""Regions, départements and filière territories of the demo.

Regions and départements carry their INSEE codes. The eight Bretagne filières
are the ones ARS Bretagne recognised on 30 October 2025 (press release of that
day); which département each hangs from follows the former *territoires de
santé* and is illustrative: Cœur de Breizh straddles Côtes-d'Armor and Morbihan,
so it hangs from the region. The thirteen Auvergne-Rhône-Alpes filières exist
(regional health scheme 2023-2028) but their names and outlines below are
ILLUSTRATIVE, invented for the demo; nothing public may present them as official.
"""

from __future__ import annotations

from calls.enums import TerritoryLevel
from calls.models import Territory

from .specs import TerritoryKey
from .validation import validated

REGION = TerritoryLevel.REGION.value
DEPARTEMENT = TerritoryLevel.DEPARTEMENT.value
FILIERE = TerritoryLevel.FILIERE.value

BRETAGNE = "53"
AUVERGNE_RHONE_ALPES = "84"

REGIONS = [
    (BRETAGNE, "Bretagne"),
    (AUVERGNE_RHONE_ALPES, "Auvergne-Rhône-Alpes"),
]

# (code, name, region code)
DEPARTEMENTS = [
    ("22", "Côtes-d'Armor", BRETAGNE),
    ("29", "Finistère", BRETAGNE),
    ("35", "Ille-et-Vilaine", BRETAGNE),
    ("56", "Morbihan", BRETAGNE),
    ("01", "Ain", AUVERGNE_RHONE_ALPES),
    ("03", "Allier", AUVERGNE_RHONE_ALPES),
    ("07", "Ardèche", AUVERGNE_RHONE_ALPES),
    ("15", "Cantal", AUVERGNE_RHONE_ALPES),
    ("26", "Drôme", AUVERGNE_RHONE_ALPES),
    ("38", "Isère", AUVERGNE_RHONE_ALPES),
    ("42", "Loire", AUVERGNE_RHONE_ALPES),
    ("43", "Haute-Loire", AUVERGNE_RHONE_ALPES),
    ("63", "Puy-de-Dôme", AUVERGNE_RHONE_ALPES),
    ("69", "Rhône", AUVERGNE_RHONE_ALPES),
    ("73", "Savoie", AUVERGNE_RHONE_ALPES),
    ("74", "Haute-Savoie", AUVERGNE_RHONE_ALPES),
]

# (code, name, parent key). Parents are illustrative (see the module docstring).
BRETAGNE_FILIERES = [
    ("BRE-NF", "Nord Finistère", (DEPARTEMENT, "29")),
    ("BRE-COR", "Cornouaille", (DEPARTEMENT, "29")),
    # Lorient (56) and Quimperlé (29): attached to its main département.
    ("BRE-LQ", "Lorient/Quimperlé", (DEPARTEMENT, "56")),
    ("BRE-BA", "Brocéliande Atlantique", (DEPARTEMENT, "56")),
    ("BRE-HB", "Haute Bretagne", (DEPARTEMENT, "35")),
    # Saint-Malo (35) and Dinan (22): attached to its main département.
    ("BRE-SMD", "Saint-Malo/Dinan", (DEPARTEMENT, "35")),
    ("BRE-ARM", "Armor", (DEPARTEMENT, "22")),
    ("BRE-CDB", "Cœur de Breizh", (REGION, BRETAGNE)),
]

# ILLUSTRATIVE names and outlines: the thirteen ARA filières of the demo.
ARA_FILIERES = [
    ("ARA-01", "Ain", (DEPARTEMENT, "01")),
    ("ARA-03", "Allier", (DEPARTEMENT, "03")),
    ("ARA-07", "Ardèche", (DEPARTEMENT, "07")),
    ("ARA-15", "Cantal", (DEPARTEMENT, "15")),
    ("ARA-26", "Drôme", (DEPARTEMENT, "26")),
    ("ARA-38N", "Nord-Isère", (DEPARTEMENT, "38")),
    ("ARA-38S", "Grenoble et Sud-Isère", (DEPARTEMENT, "38")),
    ("ARA-42", "Loire", (DEPARTEMENT, "42")),
    ("ARA-43", "Haute-Loire", (DEPARTEMENT, "43")),
    ("ARA-63", "Puy-de-Dôme", (DEPARTEMENT, "63")),
    ("ARA-69", "Rhône et métropole de Lyon", (DEPARTEMENT, "69")),
    ("ARA-73", "Savoie", (DEPARTEMENT, "73")),
    ("ARA-74", "Haute-Savoie", (DEPARTEMENT, "74")),
]

BRETAGNE_DEPARTEMENT_KEYS: tuple[TerritoryKey, ...] = tuple(
    (DEPARTEMENT, code) for code, _name, region in DEPARTEMENTS if region == BRETAGNE
)
BRETAGNE_FILIERE_KEYS: tuple[TerritoryKey, ...] = tuple(
    (FILIERE, code) for code, _name, _parent in BRETAGNE_FILIERES
)
ARA_FILIERE_KEYS: tuple[TerritoryKey, ...] = tuple(
    (FILIERE, code) for code, _name, _parent in ARA_FILIERES
)


def _upsert(level: str, code: str, name: str, parent: Territory | None) -> Territory:
    territory = Territory.objects.filter(level=level, code=code).first()
    if territory is None:
        territory = Territory(level=level, code=code)
    territory.name = name
    territory.parent = parent
    validated(territory).save()
    return territory


def seed_territories() -> dict[TerritoryKey, Territory]:
    """Create or update every territory; returns them by (level, code)."""
    territories: dict[TerritoryKey, Territory] = {}
    for code, name in REGIONS:
        territories[REGION, code] = _upsert(REGION, code, name, None)
    for code, name, region in DEPARTEMENTS:
        territories[DEPARTEMENT, code] = _upsert(
            DEPARTEMENT, code, name, territories[REGION, region]
        )
    for code, name, parent in [*BRETAGNE_FILIERES, *ARA_FILIERES]:
        territories[FILIERE, code] = _upsert(FILIERE, code, name, territories[parent])
    return territories
