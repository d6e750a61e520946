"""The lead organisation's identity in a dossier: taken from its organisation,
never asked again in the questionnaire, and recorded in each version.

A version frozen before the identity was recorded reads the organisation as it
is now (``recorded`` is then false, and the pages say so).
"""

from __future__ import annotations

from dataclasses import dataclass

from organisations.models import Organisation

from .models import ApplicationVersion

FIELDS = ("name", "siret", "finess", "legal_status", "address", "legal_representative")


@dataclass(frozen=True)
class LeadIdentity:
    name: str
    siret: str
    finess: str
    legal_status: str
    address: str
    legal_representative: str
    recorded: bool = True  # False: read from the organisation now, not at submission


def lead_snapshot(organisation: Organisation) -> dict:
    """What a version records of its lead organisation."""
    return {name: str(getattr(organisation, name) or "") for name in FIELDS}


def lead_identity(organisation: Organisation) -> LeadIdentity:
    return LeadIdentity(**lead_snapshot(organisation))


def version_lead(version: ApplicationVersion) -> LeadIdentity:
    """The lead's identity recorded by the version (or, for a version frozen
    before it was recorded, the organisation's now)."""
    stored = version.lead if isinstance(version.lead, dict) else {}
    if stored.get("name"):
        return LeadIdentity(**{name: str(stored.get(name) or "") for name in FIELDS})
    identity = lead_snapshot(version.application.organisation)
    return LeadIdentity(**identity, recorded=False)
