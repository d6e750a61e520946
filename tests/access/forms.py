"""Form data for the few state-changing admin views the matrix POSTs to."""

from __future__ import annotations

from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield


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
