"""The public results of a call (``reviews.selectors.results``): nothing
before release, only accepted dossiers named as on record, organisations only,
the call's figures, a fixed number of queries, corrections reflected."""

import datetime
from decimal import Decimal

import pytest

from applications.enums import ApplicationState
from reviews import services
from reviews.enums import DecisionOutcome, ReleaseItemStatus, ReleaseKind
from reviews.models import ReleaseBatch, ReleaseItem
from reviews.selectors.results import (
    call_results,
    released_calls,
    results_state,
)
from tests.factories import ApplicationFactory, CallFactory
from tests.factories.results import (
    CLOSED_ON,
    CONTACT_EMAIL,
    CONTACT_NAME,
    LEGAL_REPRESENTATIVE,
    RELEASED_ON,
    released_call,
)

pytestmark = pytest.mark.django_db


def test_no_results_without_a_release():
    call = CallFactory()
    assert call_results(call) is None
    assert not results_state(call).released
    assert list(released_calls()) == []


def test_no_results_while_letters_are_being_sent():
    world = released_call(released=False)
    assert call_results(world.call) is None
    assert list(released_calls()) == []


def test_no_results_while_a_letter_has_failed():
    world = released_call()
    ReleaseItem.objects.filter(pk=world.batch.items.first().pk).update(
        status=ReleaseItemStatus.FAILED
    )
    assert call_results(world.call) is None


def test_a_correction_alone_publishes_nothing():
    """A batch of kind « correction » (or inadmissibility) is no release of
    the call."""
    world = released_call()
    ReleaseBatch.objects.filter(pk=world.batch.pk).update(kind=ReleaseKind.CORRECTION)
    assert call_results(world.call) is None


def test_results_name_only_accepted_dossiers_as_on_record():
    world = released_call(laureates=2, rejected=1, inadmissible=1, withdrawn=1)
    results = call_results(world.call)
    assert [laureate.reference for laureate in results.laureates] == [
        dossier.reference for dossier in world.dossiers[:2]
    ]
    first, second = results.laureates
    lead = world.dossiers[0].organisation
    assert first.organisation == f"{lead.name} (au dépôt)"
    assert first.siret == lead.siret
    assert first.title == f"Projet de la {world.dossiers[0].title}"
    assert [t.name for t in first.territories] == ["Nord Finistère"]
    assert [t.code for t in first.departements] == ["29"]
    assert [t.name for t in second.territories] == ["Cornouaille"]
    assert first.outcome == DecisionOutcome.ACCEPTED
    assert second.outcome == DecisionOutcome.ACCEPTED_WITH_CONDITIONS
    assert second.with_conditions
    assert first.amount == Decimal("120000.00")
    assert first.duration_months == 24
    assert first.released_at == RELEASED_ON
    assert results.state.published_at == RELEASED_ON + datetime.timedelta(days=2)


def test_partners_are_organisations_only():
    results = call_results(released_call(laureates=1, rejected=0).call)
    (laureate,) = results.laureates
    assert [(p.name, p.family_label) for p in laureate.partners] == [
        ("EMSP du territoire n°0", "Équipes expertes (EMSP, USP, ERRSPP)"),
        ("Association JALMALV", "Associations de bénévoles"),
    ]
    # The city professionals by count only; the one that declined not at all.
    assert [(c.family, c.count) for c in laureate.counted] == [
        ("city_professionals", 1)
    ]
    assert laureate.partner_count == 3
    text = repr(results)
    for personal in (CONTACT_NAME, CONTACT_EMAIL, LEGAL_REPRESENTATIVE, "Libéral"):
        assert personal not in text


def test_the_calls_figures():
    world = released_call(laureates=3, rejected=1, inadmissible=1, withdrawn=1)
    figures = call_results(world.call).figures
    assert figures.received == 6
    assert figures.admissible == 4
    assert figures.accepted == 3
    assert figures.requested == Decimal("900000.00")  # 6 dossiers of 150 000
    assert figures.awarded == Decimal("360000.00")
    # Four committee decisions released 0, 1, 2, 3 days after RELEASED_ON.
    first = (RELEASED_ON - CLOSED_ON).total_seconds() / 86400
    expected = Decimal(first + 1.5).quantize(Decimal("0.1"))
    assert figures.median_days == expected == Decimal("123.0")
    assert figures.median_text == "123 jours"


def test_figures_count_dossiers_received_but_never_drafts():
    world = released_call(laureates=1, rejected=0)
    ApplicationFactory(call=world.call, sequence=999)  # a draft: never submitted
    assert call_results(world.call).figures.received == 1


@pytest.mark.parametrize("size", [3, 15])
def test_results_run_a_fixed_number_of_queries(size, django_assert_num_queries):
    world = released_call(laureates=size, rejected=2)
    with django_assert_num_queries(7):
        results = call_results(world.call)
        assert len(results.laureates) == size
        assert results.recognised_filieres
        assert results.departements


def test_recognised_filieres_and_their_departements():
    results = call_results(released_call(laureates=3, rejected=0).call)
    assert [(f.name, lau.reference[-4:]) for f, lau in results.recognised_filieres] == [
        ("Armor", "0003"),
        ("Cornouaille", "0002"),
        ("Nord Finistère", "0001"),
    ]
    assert [(d.code, len(ls)) for d, ls in results.departements] == [
        ("22", 1),
        ("29", 2),
    ]


def test_the_version_changes_with_every_letter_sent():
    world = released_call()
    before = results_state(world.call)
    correction = ReleaseBatch.objects.create(
        call=world.call, kind=ReleaseKind.CORRECTION, created_by=world.manager
    )
    item = ReleaseItem.objects.create(batch=correction, decision=world.decisions[0])
    pending = results_state(world.call)
    assert pending.released
    assert pending.version != before.version
    item.status = ReleaseItemStatus.DONE
    item.done_at = RELEASED_ON + datetime.timedelta(days=30)
    item.save()
    done = results_state(world.call)
    assert done.version not in (before.version, pending.version)
    assert done.corrected
    assert done.updated_at == item.done_at


# Corrections, through the services --------------------------------------------


def _correct(decision, manager, **fields):
    batch_count = ReleaseBatch.objects.count()
    services.decision_correct(
        decision=decision,
        user=manager,
        reason="Erreur matérielle.",
        confirm_withdrawal=True,
        **fields,
    )
    batch = ReleaseBatch.objects.order_by("-pk").first()
    assert ReleaseBatch.objects.count() == batch_count + 1
    return batch


def test_an_acceptance_corrected_to_a_refusal_leaves_the_results():
    world = released_call(laureates=2, rejected=1)
    decision = world.accepted[0]
    batch = _correct(
        decision, world.manager, outcome="rejected", motivation="Hors champ."
    )
    # At once: the decision says refused, the letter is on its way.
    references = [lau.reference for lau in call_results(world.call).laureates]
    assert decision.application.reference not in references
    services.release_batch_process(batch=batch)
    decision.application.refresh_from_db()
    assert decision.application.state == ApplicationState.REJECTED
    results = call_results(world.call)
    assert [lau.reference for lau in results.laureates] == [world.dossiers[1].reference]
    assert results.figures.accepted == 1
    assert results.state.corrected


def test_a_refusal_corrected_to_an_acceptance_joins_them_once_notified():
    world = released_call(laureates=1, rejected=1)
    refused = world.decisions[1]
    batch = _correct(refused, world.manager, outcome="accepted", amount="50000")
    assert len(call_results(world.call).laureates) == 1  # letter not stored yet
    services.release_batch_process(batch=batch)
    results = call_results(world.call)
    assert [(lau.reference, lau.amount) for lau in results.laureates] == [
        (world.dossiers[0].reference, Decimal("120000.00")),
        (world.dossiers[1].reference, Decimal("50000.00")),
    ]
    assert results.figures.awarded == Decimal("170000.00")
