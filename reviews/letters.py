"""The decision letter's content (notification de décision): what it says,
with its mandatory mentions (CRPA L211-2, L211-5, L212-1; CJA R421-1, R421-5).
``core.pdf`` draws it; storing, numbering and releasing it are not done here:
the letter's number and date are given by the caller."""

from __future__ import annotations

import re
from datetime import date

from applications.identity import version_lead
from applications.letterhead import Letterhead, letterhead
from applications.selectors import version_on_record
from core.pdf import render_pdf

from .enums import DecisionOutcome
from .models import Decision

# « 35042 Rennes Cedex », « 69418 Lyon Cedex 03 », « CS 93383 »: what is left of
# an address's last line once the postal code and the Cedex are removed.
_POSTCODE = re.compile(r"^\s*(?:F-)?\d{5}\s+")
_CEDEX = re.compile(r"\s+cedex(?:\s+\d+)?\s*$", re.IGNORECASE)
_ARRONDISSEMENT = re.compile(r"\s+\d{1,2}(?:e|er|ème)?\s*$", re.IGNORECASE)


def address_city(address: str) -> str:
    """The city of a French postal address, from its last line (« 69418 Lyon
    Cedex 03 » → « Lyon »); empty when the address has no line."""
    lines = [line.strip() for line in (address or "").splitlines() if line.strip()]
    if not lines:
        return ""
    city = _POSTCODE.sub("", lines[-1])
    city = _CEDEX.sub("", city)
    city = _ARRONDISSEMENT.sub("", city)
    return city.strip()


def decision_letter_context(
    decision: Decision,
    *,
    number: str,
    issued_on: date,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    head: Letterhead | None = None,
) -> dict:
    application = decision.application
    call = application.call
    authority = call.authority
    version = version_on_record(application)
    conditions = (
        list(decision.conditions.all())
        if decision.outcome == DecisionOutcome.ACCEPTED_WITH_CONDITIONS
        else []
    )
    return {
        "decision": decision,
        "application": application,
        "version": version,
        "call": call,
        "authority": authority,
        "letterhead": head or letterhead(authority),
        "committee": decision.committee,
        # The lead as the version on record states it (the addressee).
        "organisation": version_lead(version) if version is not None else None,
        "number": number,
        "issued_on": issued_on,
        "place": address_city(authority.address),
        "contact": {
            "name": contact_name,
            "email": contact_email or authority.email,
            "phone": contact_phone or authority.phone,
        },
        "accepted": decision.outcome == DecisionOutcome.ACCEPTED,
        "with_conditions": decision.outcome == DecisionOutcome.ACCEPTED_WITH_CONDITIONS,
        "rejected": decision.outcome == DecisionOutcome.REJECTED,
        "inadmissible": decision.outcome == DecisionOutcome.INADMISSIBLE,
        "conditions": conditions,
    }


def render_decision_letter_pdf(
    decision: Decision,
    *,
    number: str,
    issued_on: date,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
) -> bytes:
    """The notification of ``decision`` as PDF/A bytes."""
    head = letterhead(decision.application.call.authority)
    context = decision_letter_context(
        decision,
        number=number,
        issued_on=issued_on,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        head=head,
    )
    return render_pdf("pdf/decision_letter.html", context, resources=head.resources)
