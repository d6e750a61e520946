"""The governance check of a dossier against its call's rules (design: Governance).

``governance_check`` is pure: it reads the dossier, its partners and its steering
body, writes nothing, and is what the applicant's checklist, the submit service
and the managers' pages all use.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from calls.enums import PartnerCategory

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


def _partner_rule(rule, partners) -> RuleResult:
    label = _category_label(rule.category)
    named = [p for p in partners if p.category == rule.category]
    declined = [p for p in named if p.commitment_status == CommitmentStatus.DECLINED]
    counted = [p for p in named if p.commitment_status != CommitmentStatus.DECLINED]
    if rule.confirmation_required:
        counted = [
            p for p in counted if p.commitment_status == CommitmentStatus.CONFIRMED
        ]
    met = len(counted) >= rule.min_partners
    requirement = ngettext(
        "%(count)d partner required",
        "%(count)d partners required",
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
    partners = list(application.partners.all())
    results = []
    if call.lead_categories:
        results.append(_lead_rule(call, application))
    results += [_partner_rule(rule, partners) for rule in call.governance_rules.all()]
    if call.steering_body_required:
        results.append(_steering_rule(list(application.steering_members.all())))
    return results


def blocking_results(application) -> list[RuleResult]:
    return [r for r in governance_check(application) if r.rule.mandatory and not r.met]
