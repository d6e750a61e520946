"""The two issuing authorities of the demo.

Addresses and competent courts are public facts; the signatories' names are
fictitious and the contact addresses are ``example.org`` ones.
"""

from __future__ import annotations

from calls.models import Authority, Territory

from .governance import siret
from .specs import TerritoryKey
from .territories import AUVERGNE_RHONE_ALPES, BRETAGNE, REGION
from .validation import validated

ARS_BRETAGNE = "ars-bretagne"
ARS_ARA = "ars-auvergne-rhone-alpes"

AUTHORITIES = [
    {
        "slug": ARS_BRETAGNE,
        "name": "Agence régionale de santé Bretagne",
        "short_name": "ARS Bretagne",
        "siret": siret(990),  # fictitious: the demo's SCDL file needs one
        "region": (REGION, BRETAGNE),
        "address": "6 place des Colombes\nCS 14253\n35042 Rennes Cedex",
        "email": "ars-bretagne-appels@example.org",
        "website": "https://www.bretagne.ars.sante.fr/",
        "signatory_name": "Maëlle Kerandraon",  # fictitious
        "signatory_title": "Directrice générale",
        "court": "tribunal administratif de Rennes",
    },
    {
        "slug": ARS_ARA,
        "name": "Agence régionale de santé Auvergne-Rhône-Alpes",
        "short_name": "ARS Auvergne-Rhône-Alpes",
        "siret": siret(991),  # fictitious
        "region": (REGION, AUVERGNE_RHONE_ALPES),
        "address": "241 rue Garibaldi\nCS 93383\n69418 Lyon Cedex 03",
        "email": "ars-ara-appels@example.org",
        "website": "https://www.auvergne-rhone-alpes.ars.sante.fr/",
        "signatory_name": "Bertrand Vallamont",  # fictitious
        "signatory_title": "Directeur général",
        "court": "tribunal administratif de Lyon",
    },
]


def seed_authorities(
    territories: dict[TerritoryKey, Territory],
) -> dict[str, Authority]:
    """Create or update the authorities; returns them by slug."""
    authorities = {}
    for data in AUTHORITIES:
        fields = dict(data)
        slug = fields.pop("slug")
        fields["region"] = territories[fields["region"]]
        authority = Authority.objects.filter(slug=slug).first() or Authority(slug=slug)
        for name, value in fields.items():
            setattr(authority, name, value)
        validated(authority).save()
        authorities[slug] = authority
    return authorities
