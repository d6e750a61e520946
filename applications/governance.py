"""The governance check of a dossier against its call's rules (design: Governance).

``governance_check`` is pure: it reads the dossier, its partners and its steering
body, writes nothing, and is what the applicant's checklist, the submit service
and the managers' pages all use.

A partner is another organisation, and an organisation counts once: partners are
counted by SIREN (the legal entity, first 9 digits of the SIRET), a partner with
the lead's SIREN does not count, and an organisation named in several categories
counts in one only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.enums import PartnerCategory
from organisations.identifiers import siren_of

from .enums import CommitmentStatus

# A steering body is a committee: at least this many named members.
STEERING_BODY_MIN_MEMBERS = 2


@dataclass(frozen=True)
class Rule:
    key: str  # "category:<value>", "lead", "steering_body"
    label: str
    mandatory: bool


@dataclass(frozen=True)
class RuleResult:
    rule: Rule
    met: bool
    reason: str


def _category_label(value: str) -> str:
    return str(dict(PartnerCategory.choices).get(value, value))


@dataclass(frozen=True)
class Counted:
    """One organisation (one SIREN) among a category's partners."""

    key: str
    status: str  # the best answer among its rows: confirmed, pending, declined


STATUS_RANK = {
    CommitmentStatus.CONFIRMED: 0,
    CommitmentStatus.PENDING: 1,
    CommitmentStatus.DECLINED: 2,
}


def _organisation_key(partner) -> str:
    """A partner's organisation: its SIREN, or the row itself without one."""
    return siren_of(partner.siret) or f"partner:{partner.pk}"


@dataclass(frozen=True)
class PartnerPool:
    """The dossier's partners as organisations: an organisation counts once.

    Partners with the lead's SIREN are set apart (the lead is not its own
    partner); an organisation named in several categories counts in the category
    of its first row only (rows in the dossier's order of creation).
    """

    partners: list
    lead_siren: str

    @cached_property
    def home_category(self) -> dict[str, str]:
        home: dict[str, str] = {}
        for partner in sorted(self.partners, key=lambda p: p.pk or 0):
            home.setdefault(_organisation_key(partner), partner.category)
        return home

    def for_category(self, category: str) -> tuple[list[Counted], int, int]:
        """(organisations counted, rows of the lead, organisations counted
        elsewhere) for ``category``."""
        lead_rows = 0
        elsewhere: set[str] = set()
        statuses: dict[str, str] = {}
        for partner in self.partners:
            if partner.category != category:
                continue
            key = _organisation_key(partner)
            if self.lead_siren and key == self.lead_siren:
                lead_rows += 1
            elif self.home_category.get(key) != category:
                elsewhere.add(key)
            else:
                best = statuses.get(key)
                status = partner.commitment_status
                if best is None or STATUS_RANK.get(status, 9) < STATUS_RANK.get(
                    best, 9
                ):
                    statuses[key] = status
        counted = [Counted(key, status) for key, status in statuses.items()]
        return counted, lead_rows, len(elsewhere)


def _partner_rule(rule, pool: PartnerPool) -> RuleResult:
    label = _category_label(rule.category)
    named, lead_rows, elsewhere = pool.for_category(rule.category)
    declined = [o for o in named if o.status == CommitmentStatus.DECLINED]
    counted = [o for o in named if o.status != CommitmentStatus.DECLINED]
    if rule.confirmation_required:
        counted = [o for o in counted if o.status == CommitmentStatus.CONFIRMED]
    met = len(counted) >= rule.min_partners
    requirement = ngettext(
        "%(count)d distinct organisation (by SIREN) required",
        "%(count)d distinct organisations (by SIREN) required",
        rule.min_partners,
    ) % {"count": rule.min_partners}
    if rule.confirmation_required:
        status = ngettext(
            "%(count)d has confirmed its commitment",
            "%(count)d have confirmed their commitment",
            len(counted),
        ) % {"count": len(counted)}
        waiting = len(named) - len(declined) - len(counted)
        if waiting:
            status += " · " + ngettext(
                "%(count)d awaiting confirmation",
                "%(count)d awaiting confirmation",
                waiting,
            ) % {"count": waiting}
    else:
        status = ngettext("%(count)d named", "%(count)d named", len(counted)) % {
            "count": len(counted)
        }
    if declined:
        status += " · " + ngettext(
            "%(count)d declined", "%(count)d declined", len(declined)
        ) % {"count": len(declined)}
    if elsewhere:
        status += " · " + ngettext(
            "%(count)d already counted in another category",
            "%(count)d already counted in another category",
            elsewhere,
        ) % {"count": elsewhere}
    if lead_rows:
        status += " · " + _("the lead organisation does not count as its own partner")
    return RuleResult(
        rule=Rule(
            key=f"category:{rule.category}", label=label, mandatory=rule.mandatory
        ),
        met=met,
        reason=f"{requirement}: {status}.",
    )


def _lead_rule(call, application) -> RuleResult:
    allowed = call.lead_categories or []
    labels = ", ".join(_category_label(value) for value in allowed)
    rule = Rule(
        key="lead", label=_("Category of the lead organisation"), mandatory=True
    )
    if not application.lead_category:
        return RuleResult(
            rule,
            False,
            _("Say which category the lead belongs to (allowed: %(allowed)s).")
            % {"allowed": labels},
        )
    if application.lead_category not in allowed:
        return RuleResult(
            rule,
            False,
            _("The lead is “%(category)s”; this call accepts: %(allowed)s.")
            % {
                "category": _category_label(application.lead_category),
                "allowed": labels,
            },
        )
    return RuleResult(
        rule,
        True,
        _("The lead is “%(category)s”.")
        % {"category": _category_label(application.lead_category)},
    )


def _steering_rule(members) -> RuleResult:
    rule = Rule(
        key="steering_body",
        label=_("Steering body (comité de pilotage)"),
        mandatory=True,
    )
    count = len(members)
    met = count >= STEERING_BODY_MIN_MEMBERS
    reason = ngettext(
        "%(count)d member named; at least %(min)d required.",
        "%(count)d members named; at least %(min)d required.",
        count,
    ) % {"count": count, "min": STEERING_BODY_MIN_MEMBERS}
    return RuleResult(rule, met, reason)


def governance_check(application) -> list[RuleResult]:
    """One result per rule of the dossier's call, in the call's order."""
    call = application.call
    pool = PartnerPool(
        partners=list(application.partners.all()),
        lead_siren=siren_of(application.organisation.siret),
    )
    results = []
    if call.lead_categories:
        results.append(_lead_rule(call, application))
    results += [_partner_rule(rule, pool) for rule in call.governance_rules.all()]
    if call.steering_body_required:
        results.append(_steering_rule(list(application.steering_members.all())))
    return results


def blocking_results(application) -> list[RuleResult]:
    return [r for r in governance_check(application) if r.rule.mandatory and not r.met]
