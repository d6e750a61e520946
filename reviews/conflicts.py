"""Conflicts of interest Sillon can detect: a reviewer's declared interests and
organisations, against a dossier's lead and partners, by SIREN (the legal
entity: the first nine digits of a SIRET).

A dossier's organisations are its lead and its partners, live and as the
version on record froze them, so a partner added since is caught too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import Application, Partner
from applications.selectors import version_on_record
from organisations.enums import MembershipStatus
from organisations.models import Membership

from .models import InterestDeclaration


@dataclass(frozen=True)
class Tie:
    """A reviewer's tie with a legal entity."""

    siren: str
    organisation: str
    nature: str  # French, for the message


@dataclass(frozen=True)
class DetectedConflict:
    siren: str
    reviewer_tie: str  # e.g. « Membre de l'organisation CH Morlaix »
    dossier_side: str  # e.g. « partenaire CH de Morlaix » or « porteur … »

    @property
    def reason(self) -> str:
        return _("%(tie)s, which shares SIREN %(siren)s with the %(side)s.") % {
            "tie": self.reviewer_tie,
            "siren": self.siren,
            "side": self.dossier_side,
        }


def siren_of(siret: str) -> str:
    digits = "".join(ch for ch in str(siret or "") if ch.isdigit())
    return digits[:9] if len(digits) >= 9 else ""


def reviewer_ties(reviewer) -> list[Tie]:
    """The reviewer's declared interests and the organisations they belong to."""
    ties = [
        Tie(
            siren=declaration.siren,
            organisation=declaration.organisation_name,
            nature=_("Declared interest in %(organisation)s (%(nature)s)")
            % {
                "organisation": declaration.organisation_name,
                "nature": declaration.get_nature_display().lower(),
            },
        )
        for declaration in InterestDeclaration.objects.filter(reviewer=reviewer)
    ]
    memberships = Membership.objects.filter(
        user=reviewer, status=MembershipStatus.ACTIVE
    ).select_related("organisation")
    ties += [
        Tie(
            siren=siren_of(m.organisation.siret),
            organisation=m.organisation.name,
            nature=_("Member of the organisation %(organisation)s")
            % {"organisation": m.organisation.name},
        )
        for m in memberships
    ]
    return [tie for tie in ties if tie.siren]


def dossier_entities(application: Application) -> list[tuple[str, str]]:
    """``(siren, description)`` of the dossier's lead and partners."""
    entities = [
        (
            siren_of(application.organisation.siret),
            _("lead organisation %(name)s") % {"name": application.organisation.name},
        )
    ]
    version = version_on_record(application)
    if version is not None:
        lead = version.lead or {}
        if lead.get("siret"):
            entities.append(
                (
                    siren_of(lead["siret"]),
                    _("lead organisation %(name)s") % {"name": lead.get("name", "")},
                )
            )
        for item in version.partners or []:
            entities.append(
                (
                    siren_of(item.get("siret", "")),
                    _("partner %(name)s") % {"name": item.get("name", "")},
                )
            )
    for partner in Partner.objects.filter(application=application).only(
        "name", "siret"
    ):
        entities.append(
            (siren_of(partner.siret), _("partner %(name)s") % {"name": partner.name})
        )
    seen, unique = set(), []
    for siren, side in entities:
        if siren and (siren, side) not in seen:
            seen.add((siren, side))
            unique.append((siren, side))
    return unique


def conflicts_between(
    ties: Iterable[Tie], entities: Iterable[tuple[str, str]]
) -> list[DetectedConflict]:
    entities = list(entities)
    found = []
    for tie in ties:
        for siren, side in entities:
            if siren == tie.siren:
                found.append(DetectedConflict(siren, tie.nature, side))
    return found


def detect_conflicts(reviewer, application: Application) -> list[DetectedConflict]:
    """Every tie of ``reviewer`` with an organisation of ``application``."""
    return conflicts_between(reviewer_ties(reviewer), dossier_entities(application))
