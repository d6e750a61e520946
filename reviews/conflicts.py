"""Conflicts of interest Sillon can detect: a reviewer's declared interests and
organisations, against a dossier's lead and partners, by SIREN (the legal
entity: the first nine digits of a SIRET).

A dossier's organisations are its lead and its partners, live and as the
version on record froze them, so a partner added since is caught too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import Application, ApplicationVersion, Partner
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


def ties_by_reviewer(reviewer_ids) -> dict[int, list[Tie]]:
    """The ties of each reviewer (``{reviewer pk: [Tie]}``): two queries."""
    ties: dict[int, list[Tie]] = defaultdict(list)
    for declaration in InterestDeclaration.objects.filter(reviewer_id__in=reviewer_ids):
        ties[declaration.reviewer_id].append(
            Tie(
                siren=declaration.siren,
                organisation=declaration.organisation_name,
                nature=_("Declared interest in %(organisation)s (%(nature)s)")
                % {
                    "organisation": declaration.organisation_name,
                    "nature": declaration.get_nature_display().lower(),
                },
            )
        )
    memberships = Membership.objects.filter(
        user_id__in=reviewer_ids, status=MembershipStatus.ACTIVE
    ).select_related("organisation")
    for membership in memberships:
        siren = siren_of(membership.organisation.siret)
        if siren:
            ties[membership.user_id].append(
                Tie(
                    siren=siren,
                    organisation=membership.organisation.name,
                    nature=_("Member of the organisation %(organisation)s")
                    % {"organisation": membership.organisation.name},
                )
            )
    return ties


def entities_by_dossier(applications) -> dict[int, list[tuple[str, str]]]:
    """``{dossier pk: [(siren, description)]}`` of the dossiers' lead and
    partners: two queries (versions on record, live partners); the dossiers
    come with their organisation."""
    ids = [application.pk for application in applications]
    on_record: dict[int, ApplicationVersion] = {}
    versions = (
        ApplicationVersion.objects.filter(application_id__in=ids)
        .only("application_id", "number", "lead", "partners")
        .order_by("application_id", "-number")
    )
    for version in versions:
        on_record.setdefault(version.application_id, version)
    partners: dict[int, list[Partner]] = defaultdict(list)
    for partner in Partner.objects.filter(application_id__in=ids).only(
        "application_id", "name", "siret"
    ):
        partners[partner.application_id].append(partner)
    entities = {}
    for application in applications:
        found = [
            (
                siren_of(application.organisation.siret),
                _("lead organisation %(name)s")
                % {"name": application.organisation.name},
            )
        ]
        version = on_record.get(application.pk)
        if version is not None:
            lead = version.lead or {}
            if lead.get("siret"):
                found.append(
                    (
                        siren_of(lead["siret"]),
                        _("lead organisation %(name)s")
                        % {"name": lead.get("name", "")},
                    )
                )
            found += [
                (
                    siren_of(item.get("siret", "")),
                    _("partner %(name)s") % {"name": item.get("name", "")},
                )
                for item in version.partners or []
            ]
        found += [
            (siren_of(p.siret), _("partner %(name)s") % {"name": p.name})
            for p in partners[application.pk]
        ]
        entities[application.pk] = list(
            dict.fromkeys(entity for entity in found if entity[0])
        )
    return entities


def reviewer_ties(reviewer) -> list[Tie]:
    """The reviewer's declared interests and the organisations they belong to."""
    return ties_by_reviewer([reviewer.pk])[reviewer.pk]


def dossier_entities(application: Application) -> list[tuple[str, str]]:
    """``(siren, description)`` of the dossier's lead and partners."""
    return entities_by_dossier([application])[application.pk]


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
