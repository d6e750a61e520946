"""The governance check: each rule kind met and not met, its boundaries, and the
submission it blocks (design: Governance)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _
from stdnum import luhn

from applications import services
from applications.enums import ApplicationState as S
from applications.enums import CommitmentStatus
from applications.exceptions import SubmissionRefused
from applications.governance import blocking_results, governance_check
from applications.models import Application, Partner
from applications.partner_links import partner_token
from applications.submission import submission_problems
from calls.enums import PartnerCategory
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    GovernanceRuleFactory,
    PartnerFactory,
    SteeringMemberFactory,
)

pytestmark = pytest.mark.django_db

EXPERT = PartnerCategory.EXPERT_TEAM
HAD = PartnerCategory.HAD


def results_by_key(application) -> dict:
    application = Application.objects.get(pk=application.pk)
    return {result.rule.key: result for result in governance_check(application)}


@pytest.fixture
def call():
    return CallFactory()


@pytest.fixture
def application(call):
    return ApplicationFactory(call=call)


# Partner rules ------------------------------------------------------------------------


def test_no_rule_no_result(application):
    assert governance_check(application) == []
    assert blocking_results(application) == []


def test_category_rule_met_with_a_confirmed_partner(call, application):
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=1)
    PartnerFactory(
        application=application,
        category=EXPERT,
        commitment_status=CommitmentStatus.CONFIRMED,
    )
    with translation.override("en"):
        result = results_by_key(application)["category:expert_team"]
    assert result.met is True
    assert result.rule.mandatory is True
    assert result.rule.label == "Expert teams (EMSP, USP, ERRSPP)"
    assert result.reason == (
        "1 distinct organisation (by SIREN) required: 1 has confirmed its commitment."
    )


def test_category_rule_not_met_without_a_partner(call, application):
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=1)
    PartnerFactory(
        application=application,
        category=HAD,
        commitment_status=CommitmentStatus.CONFIRMED,
    )  # another category
    with translation.override("en"):
        result = results_by_key(application)["category:expert_team"]
    assert result.met is False
    assert result.reason == (
        "1 distinct organisation (by SIREN) required: "
        "0 have confirmed their commitment."
    )
    assert [r.rule.key for r in blocking_results(application)] == [
        "category:expert_team"
    ]


@pytest.mark.parametrize(("confirmed", "met"), [(1, False), (2, True), (3, True)])
def test_category_rule_minimum_boundary(call, application, confirmed, met):
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=2)
    for _number in range(confirmed):
        PartnerFactory(
            application=application,
            category=EXPERT,
            commitment_status=CommitmentStatus.CONFIRMED,
        )
    assert results_by_key(application)["category:expert_team"].met is met


@pytest.mark.parametrize(
    ("confirmation_required", "status", "met"),
    [
        (True, CommitmentStatus.PENDING, False),
        (True, CommitmentStatus.CONFIRMED, True),
        (True, CommitmentStatus.DECLINED, False),
        (False, CommitmentStatus.PENDING, True),
        (False, CommitmentStatus.CONFIRMED, True),
        (False, CommitmentStatus.DECLINED, False),
    ],
)
def test_confirmation_required_or_not(
    call, application, confirmation_required, status, met
):
    GovernanceRuleFactory(
        call=call, category=EXPERT, confirmation_required=confirmation_required
    )
    PartnerFactory(application=application, category=EXPERT, commitment_status=status)
    assert results_by_key(application)["category:expert_team"].met is met


def test_reason_counts_the_waiting_and_the_declined(call, application):
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=2)
    PartnerFactory(
        application=application,
        category=EXPERT,
        commitment_status=CommitmentStatus.CONFIRMED,
    )
    PartnerFactory(
        application=application,
        category=EXPERT,
        commitment_status=CommitmentStatus.PENDING,
    )
    PartnerFactory(
        application=application,
        category=EXPERT,
        commitment_status=CommitmentStatus.DECLINED,
    )
    with translation.override("en"):
        result = results_by_key(application)["category:expert_team"]
    assert result.met is False
    assert result.reason == (
        "2 distinct organisations (by SIREN) required: "
        "1 has confirmed its commitment · "
        "1 awaiting confirmation · 1 declined."
    )


def test_reason_without_confirmation_counts_the_named(call, application):
    GovernanceRuleFactory(
        call=call, category=HAD, min_partners=1, confirmation_required=False
    )
    PartnerFactory(
        application=application,
        category=HAD,
        commitment_status=CommitmentStatus.PENDING,
    )
    with translation.override("en"):
        result = results_by_key(application)["category:had"]
    assert (result.met, result.reason) == (
        True,
        "1 distinct organisation (by SIREN) required: 1 named.",
    )


# An organisation counts once, and the lead is not its own partner ---------------------


def establishment(siret: str, nic: str) -> str:
    """Another valid SIRET of the same legal entity (same SIREN)."""
    base = siret[:9] + nic
    return base + luhn.calc_check_digit(base)


def test_the_lead_does_not_count_as_its_own_partner(call, application):
    """Rows written before the service refused them, or by hand: the check counts
    right whatever is stored."""
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=1)
    lead = application.organisation.siret
    PartnerFactory(application=application, category=EXPERT, siret=lead, confirmed=True)
    PartnerFactory(
        application=application,
        category=EXPERT,
        siret=establishment(lead, "0042"),
        confirmed=True,
    )
    with translation.override("en"):
        result = results_by_key(application)["category:expert_team"]
    assert result.met is False
    assert result.reason == (
        "1 distinct organisation (by SIREN) required: "
        "0 have confirmed their commitment · "
        "the lead organisation does not count as its own partner."
    )
    with translation.override("fr"):
        french = results_by_key(application)["category:expert_team"].reason
    assert "organisation distincte (par SIREN)" in french
    assert "le porteur ne compte pas comme son propre partenaire" in french


def test_two_establishments_of_one_organisation_count_once(call, application):
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=2)
    first = PartnerFactory(application=application, category=EXPERT, confirmed=True)
    PartnerFactory(
        application=application,
        category=EXPERT,
        siret=establishment(first.siret, "0077"),
        confirmed=True,
    )
    with translation.override("en"):
        result = results_by_key(application)["category:expert_team"]
    assert result.met is False
    assert result.reason == (
        "2 distinct organisations (by SIREN) required: 1 has confirmed its commitment."
    )
    PartnerFactory(application=application, category=EXPERT, confirmed=True)
    assert results_by_key(application)["category:expert_team"].met is True


def test_one_organisation_counts_in_one_category_only(call, application):
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=1)
    GovernanceRuleFactory(call=call, category=HAD, min_partners=1)
    first = PartnerFactory(application=application, category=EXPERT, confirmed=True)
    PartnerFactory(
        application=application, category=HAD, siret=first.siret, confirmed=True
    )
    with translation.override("en"):
        results = results_by_key(application)
    assert results["category:expert_team"].met is True
    assert results["category:had"].met is False
    assert results["category:had"].reason == (
        "1 distinct organisation (by SIREN) required: "
        "0 have confirmed their commitment · "
        "1 already counted in another category."
    )


def test_a_partner_without_siret_counts_as_itself(call, application):
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=2)
    for _number in range(2):
        PartnerFactory(application=application, category=EXPERT, confirmed=True)
    Partner.objects.update(siret="")
    assert results_by_key(application)["category:expert_team"].met is True


# The lead's category ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lead_category", "met"),
    [("", False), (HAD, False), (EXPERT, True)],
    ids=["missing", "not-allowed", "allowed"],
)
def test_lead_category(call, application, lead_category, met):
    call.lead_categories = [EXPERT, PartnerCategory.HEALTH_ESTABLISHMENT]
    call.save()
    Application.objects.filter(pk=application.pk).update(lead_category=lead_category)
    result = results_by_key(application)["lead"]
    assert result.met is met
    assert result.rule.mandatory is True


def test_lead_rule_only_when_the_call_restricts_the_lead(application):
    assert "lead" not in results_by_key(application)


# The steering body --------------------------------------------------------------------


@pytest.mark.parametrize(("members", "met"), [(0, False), (1, False), (2, True)])
def test_steering_body(call, application, members, met):
    call.steering_body_required = True
    call.save()
    for number in range(members):
        SteeringMemberFactory(application=application, name=f"Membre {number}")
    assert results_by_key(application)["steering_body"].met is met


def test_steering_rule_only_when_required(application):
    assert "steering_body" not in results_by_key(application)


# Purity and what blocks ---------------------------------------------------------------


def test_governance_check_writes_nothing(call, application):
    call.lead_categories = [EXPERT]
    call.steering_body_required = True
    call.save()
    GovernanceRuleFactory(call=call, category=EXPERT)
    GovernanceRuleFactory(call=call, category=HAD, mandatory=False)
    PartnerFactory(
        application=application,
        category=EXPERT,
        commitment_status=CommitmentStatus.CONFIRMED,
    )
    fresh = Application.objects.get(pk=application.pk)
    before = Partner.objects.values().get()
    with CaptureQueriesContext(connection) as queries:
        results = governance_check(fresh)
    assert len(results) == 4
    statements = [query["sql"].lstrip().upper() for query in queries]
    assert statements
    assert all(sql.startswith("SELECT") for sql in statements), statements
    assert Partner.objects.values().get() == before
    assert Application.objects.get(pk=application.pk).lock_version == 0


def test_a_rule_that_is_not_mandatory_does_not_block(call, application):
    GovernanceRuleFactory(call=call, category=HAD, mandatory=False)
    [result] = governance_check(application)
    assert (result.met, result.rule.mandatory) == (False, False)
    assert blocking_results(application) == []
    assert submission_problems(application) == []
    user = application.created_by
    version = services.application_submit(application=application, user=user)
    assert version.number == 1
    assert Application.objects.get(pk=application.pk).state == S.SUBMITTED


def test_submit_refused_while_a_rule_fails_then_accepted_once_confirmed(
    call, application
):
    """The call asks for nothing else: no mandatory document or answer."""
    assert not call.required_documents.filter(mandatory=True).exists()
    GovernanceRuleFactory(call=call, category=EXPERT, min_partners=1)
    user = application.created_by
    partner = PartnerFactory(
        application=application,
        category=EXPERT,
        commitment_status=CommitmentStatus.PENDING,
    )
    application = Application.objects.get(pk=application.pk)
    before = Application.objects.values().get(pk=application.pk)

    with pytest.raises(SubmissionRefused) as refused:
        services.application_submit(application=application, user=user)

    [result] = blocking_results(application)
    assert refused.value.reasons == [
        _("Governance: %(rule)s. %(reason)s")
        % {"rule": result.rule.label, "reason": result.reason}
    ]
    assert Application.objects.values().get(pk=application.pk) == before
    assert not application.versions.exists()
    assert Partner.objects.get(pk=partner.pk).commitment_status == "pending"

    services.partner_respond(token=partner_token(partner), accept=True)
    application = Application.objects.get(pk=application.pk)
    version = services.application_submit(application=application, user=user)
    assert version.number == 1
    assert Application.objects.get(pk=application.pk).state == S.SUBMITTED
