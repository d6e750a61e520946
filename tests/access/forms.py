"""Form data for the few state-changing admin views the matrix POSTs to."""

from __future__ import annotations

from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.factories.applications import synthetic_siret


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _criteria(call) -> dict:
    """The evaluation grid as it stands (a grid reviewers scored against may not
    lose a criterion)."""
    criteria = list(call.criteria.order_by("sort_order", "pk"))
    return inline_formset(
        [
            {
                "id": str(c.pk),
                "label": c.label,
                "guidance": c.guidance,
                "weight": str(c.weight),
                "max_score": str(c.max_score),
            }
            for c in criteria
        ],
        initial=len(criteria),
    )


def call_edit(call, *, authority=None, title: str | None = None) -> dict:
    """The call's edit form as it stands, with ``authority`` or ``title`` changed:
    a valid save."""
    data = nested_form_data(
        {
            "reference": call.reference,
            "kind": call.kind,
            "title": title or call.title,
            "authority": str((authority or call.authority).pk),
            "summary": call.summary,
            "opens_at": _local(call.opens_at),
            "closes_at": _local(call.closes_at),
            "envelope": str(call.envelope),
            "expected_laureates": str(call.expected_laureates),
            "min_reviews": str(call.min_reviews),
            "spread_threshold": str(call.spread_threshold),
            "peer_reviews_visible": "on" if call.peer_reviews_visible else "",
            "normalisation_min_reviews": str(call.normalisation_min_reviews),
            "questionnaire": streamfield([]),
            "required_documents": inline_formset([]),
            "governance_rules": inline_formset([]),
            "criteria": _criteria(call),
        }
    )
    data["territories"] = [str(t.pk) for t in call.territories.all()]
    return data


def review_grid(call) -> dict:
    """A complete grid, confirmed on its recap: a submission."""
    data = {
        "comment": "Avis général.",
        "recommendation": "favourable",
        "confirmed": "on",
        "submit": "1",
    }
    for criterion in call.criteria.all():
        data[f"score-{criterion.pk}"] = str(criterion.max_score)
        data[f"comment-{criterion.pk}"] = "Commentaire."
    return data


# The instruction's forms, filled in as their user would (the refused roles are
# then refused something that would otherwise be done).


def reason(o) -> dict:
    """A manager's action with its reason, confirmed on its recap."""
    return {"reason": "À la demande de l'instructeur.", "confirmed": "on"}


def replace(o) -> dict:
    return {**reason(o), "reviewer": str(o.users["reviewer"].pk)}


def assign(o) -> dict:
    return {
        "applications": [str(o.unattested.pk)],
        "reviewers": [str(o.users["reviewer"].pk)],
    }


def conflict(o) -> dict:
    return {"reason": "Ancien salarié du porteur.", "confirmed": "on"}


def interest(o) -> dict:
    return {
        "organisation_name": "Association amie",
        "identifier": synthetic_siret(7777)[:9],
        "nature": "consulting",
        "since": "2021-03-01",
    }


def note(o) -> dict:
    return {"text": "Les instructeurs s'accordent sur la gouvernance."}


def message(o) -> dict:
    return {"body": "Pouvons-nous en parler ?"}
