"""The « Décision » section of the applicant's dossier page: the applications
app may not import reviews, so its template loads this tag instead."""

from __future__ import annotations

from django import template

from ..selectors.notification import applicant_decision_notice

register = template.Library()


@register.inclusion_tag("reviews/espace/decision_section.html")
def decision_section(application) -> dict:
    """The released decision of ``application``, its letters and the appeal
    deadline; nothing at all before the release."""
    return {
        "application": application,
        "authority": application.call.authority,
        "notice": applicant_decision_notice(application),
    }
