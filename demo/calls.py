"""Writing the demo calls and their inline parts from their specs.

A call is found by its reference and updated in place; its documents, criteria
and governance rules by their label or category, so that their ids (which
answers, scores and partners point to) survive a second run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from calls.models import (
    Authority,
    Call,
    Criterion,
    GovernanceRule,
    RequiredDocument,
    Territory,
)

from .specs import CallSpec, TerritoryKey
from .streams import questionnaire_data
from .texts import ara_fil, bre_fil, bre_gdp, bre_mav
from .validation import validated

CALL_SPECS: tuple[CallSpec, ...] = (
    bre_fil.SPEC,
    bre_mav.SPEC,
    bre_gdp.SPEC,
    ara_fil.SPEC,
)


def seed_calls(
    *,
    now: datetime,
    authorities: dict[str, Authority],
    territories: dict[TerritoryKey, Territory],
) -> list[Call]:
    """Create or update every demo call; returns them in the specs' order."""
    return [
        _upsert_call(spec, now=now, authorities=authorities, territories=territories)
        for spec in CALL_SPECS
    ]


def _upsert_call(
    spec: CallSpec,
    *,
    now: datetime,
    authorities: dict[str, Authority],
    territories: dict[TerritoryKey, Territory],
) -> Call:
    call = Call.objects.filter(reference=spec.reference).first()
    if call is None:
        call = Call(reference=spec.reference)
    call.opens_at, call.closes_at = spec.schedule(now)
    call.title = spec.title
    call.kind = spec.kind
    call.authority = authorities[spec.authority_slug]
    call.summary = spec.summary
    call.envelope = spec.envelope
    call.expected_laureates = spec.expected_laureates
    call.min_reviews = spec.min_reviews
    call.spread_threshold = spec.spread_threshold
    call.peer_reviews_visible = spec.peer_reviews_visible
    call.normalisation_min_reviews = spec.normalisation_min_reviews
    call.lead_categories = list(spec.lead_categories)
    call.steering_body_required = spec.steering_body_required
    call.questionnaire = questionnaire_data(spec.reference, spec.sections)
    # A ParentalManyToManyField: written by save(), together with the call.
    call.territories.set([territories[key] for key in spec.territories])
    validated(call).save()

    _sync_children(
        call,
        RequiredDocument,
        "label",
        [
            {
                "label": doc.label,
                "help_text": doc.help_text,
                "mandatory": doc.mandatory,
                "allowed_types": list(doc.allowed_types),
                "max_size_mb": doc.max_size_mb,
            }
            for doc in spec.documents
        ],
    )
    _sync_children(
        call,
        GovernanceRule,
        "category",
        [
            {
                "category": rule.category,
                "min_partners": rule.min_partners,
                "confirmation_required": rule.confirmation_required,
                "mandatory": rule.mandatory,
            }
            for rule in spec.rules
        ],
    )
    _sync_children(
        call,
        Criterion,
        "label",
        [
            {
                "label": criterion.label,
                "guidance": criterion.guidance,
                "weight": criterion.weight,
                "max_score": criterion.max_score,
            }
            for criterion in spec.criteria
        ],
    )
    return call


def _sync_children(
    call: Call, model: type[models.Model], key: str, rows: list[dict]
) -> None:
    """Make the call's ``model`` rows exactly ``rows``, matched on ``key``."""
    wanted = [row[key] for row in rows]
    if len(set(wanted)) != len(wanted):
        raise ValueError(f"{call.reference}: duplicate {model.__name__} {key}")
    model.objects.filter(call=call).exclude(**{f"{key}__in": wanted}).delete()
    existing = {getattr(obj, key): obj for obj in model.objects.filter(call=call)}
    for position, row in enumerate(rows):
        obj = existing.get(row[key]) or model(call=call)
        for name, value in row.items():
            setattr(obj, name, value)
        obj.sort_order = position
        validated(obj).save()


@contextmanager
def submissions_window(call: Call, *, needed: bool) -> Iterator[Call]:
    """Open a closed call for the time of the block, then restore its dates.

    The demo's dossiers are created and submitted through the services, which
    accept them only while their call is open; a call seeded as closed (its
    dossiers under instruction) is opened for one hour from now inside the seed's
    transaction, so nobody ever sees it open. Nothing is written unless
    ``needed`` and the call is closed.
    """
    now = timezone.now()
    if not needed or call.is_open(now) or call.opens_at > now:
        yield call
        return
    closes_at = call.closes_at
    call.closes_at = now + timedelta(hours=1)
    validated(call).save()
    try:
        yield call
    finally:
        call.closes_at = closes_at
        validated(call).save()
