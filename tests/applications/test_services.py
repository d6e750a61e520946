"""The dossier services: creation, deadline, double submit, versions, refusals."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from applications import services
from applications.enums import ApplicationState as S
from applications.exceptions import (
    ApplicationChanged,
    CallClosed,
    PermissionRefused,
    SubmissionRefused,
    TransitionRefused,
)
from applications.models import Application, Partner
from applications.questionnaire import iter_questions
from core.time import PARIS
from organisations.enums import MembershipStatus
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    GovernanceRuleFactory,
    ManagerFactory,
    MembershipFactory,
    PartnerFactory,
    RequiredDocumentFactory,
    TerritoryFactory,
    drive_to,
)

pytestmark = pytest.mark.django_db


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.fixture
def dst_call():
    """A call closing at noon on the day winter time starts (25 October 2026)."""
    return CallFactory(
        opens_at=paris(2026, 10, 1, 9), closes_at=paris(2026, 10, 25, 12)
    )


def test_create_numbers_dossiers_within_the_call():
    membership = MembershipFactory()
    call = CallFactory(reference="AAC-2026-BRE-MAV")
    first = services.application_create(
        call=call, organisation=membership.organisation, user=membership.user, title="A"
    )
    second = services.application_create(
        call=call, organisation=membership.organisation, user=membership.user, title="B"
    )
    assert [first.reference, second.reference] == [
        "AAC-2026-BRE-MAV-0001",
        "AAC-2026-BRE-MAV-0002",
    ]
    assert first.state == S.DRAFT


def test_create_refused_to_a_pending_member():
    membership = MembershipFactory(status=MembershipStatus.PENDING)
    with pytest.raises(PermissionRefused):
        services.application_create(
            call=CallFactory(),
            organisation=membership.organisation,
            user=membership.user,
            title="A",
        )
    assert not Application.objects.exists()


def test_create_refused_on_a_closed_call():
    membership = MembershipFactory()
    with pytest.raises(CallClosed):
        services.application_create(
            call=CallFactory(closed=True),
            organisation=membership.organisation,
            user=membership.user,
            title="A",
        )


def test_submit_one_second_before_closing_is_accepted(dst_call):
    application = ApplicationFactory(call=dst_call)
    with time_machine.travel(dst_call.closes_at - timedelta(seconds=1), tick=False):
        version = services.application_submit(
            application=application, user=application.created_by
        )
    application.refresh_from_db()
    assert application.state == S.SUBMITTED
    assert version.number == 1
    assert version.submitted_at == dst_call.closes_at - timedelta(seconds=1)


def test_submit_at_closing_is_refused_and_the_draft_kept(dst_call):
    application = ApplicationFactory(call=dst_call, answers={"q": "mon texte"})
    with time_machine.travel(dst_call.closes_at, tick=False):
        with pytest.raises(CallClosed):
            services.application_submit(
                application=application, user=application.created_by
            )
    application.refresh_from_db()
    assert application.state == S.DRAFT
    assert application.answers == {"q": "mon texte"}
    assert not application.versions.exists()


def test_submit_reads_the_clock_not_the_page(dst_call):
    """A page opened before the deadline does not carry the right to submit after."""
    with time_machine.travel(dst_call.closes_at - timedelta(hours=1), tick=False):
        application = ApplicationFactory(call=dst_call)
        loaded = Application.objects.get(pk=application.pk)
    with time_machine.travel(dst_call.closes_at + timedelta(seconds=1), tick=False):
        with pytest.raises(CallClosed):
            services.application_submit(application=loaded, user=application.created_by)


def test_double_submit_from_the_same_page_makes_one_version():
    application = ApplicationFactory()
    seen = application.lock_version
    services.application_submit(
        application=application, user=application.created_by, seen_version=seen
    )
    reloaded = Application.objects.get(pk=application.pk)
    with pytest.raises(ApplicationChanged):
        services.application_submit(
            application=reloaded, user=application.created_by, seen_version=seen
        )
    assert reloaded.versions.count() == 1


def test_resubmission_before_closing_makes_a_new_version_on_record():
    application = ApplicationFactory(answers={"q": "v1"})
    user = application.created_by
    services.application_submit(application=application, user=user)
    application = Application.objects.get(pk=application.pk)
    application = services.application_update(
        application=application, user=user, answers={"q": "v2"}
    )
    version = services.application_submit(application=application, user=user)
    assert version.number == 2
    assert [v.answers["q"] for v in application.versions.order_by("number")] == [
        "v1",
        "v2",
    ]


def test_stale_instance_is_told_the_dossier_changed():
    application = ApplicationFactory()
    first = Application.objects.get(pk=application.pk)
    second = Application.objects.get(pk=application.pk)
    services.application_withdraw(
        application=first, user=application.created_by, reason="Abandon"
    )
    with pytest.raises(ApplicationChanged) as error:
        services.application_submit(application=second, user=application.created_by)
    assert "changed" in str(error.value.message) or "changé" in str(error.value.message)
    assert Application.objects.get(pk=application.pk).state == S.WITHDRAWN


def test_submit_refused_while_something_is_missing():
    application = ApplicationFactory()
    RequiredDocumentFactory(call=application.call, label="RIB", mandatory=True)
    RequiredDocumentFactory(call=application.call, label="CV", mandatory=False)
    with pytest.raises(SubmissionRefused) as error:
        services.application_submit(
            application=application, user=application.created_by
        )
    assert len(error.value.reasons) == 1
    assert "RIB" in error.value.reasons[0]
    assert Application.objects.get(pk=application.pk).state == S.DRAFT


def test_submit_refused_while_mandatory_governance_cannot_be_met():
    application = ApplicationFactory()
    GovernanceRuleFactory(call=application.call)
    with pytest.raises(SubmissionRefused):
        services.application_submit(
            application=application, user=application.created_by
        )


def test_editing_after_closing_is_refused_but_the_draft_stays_readable():
    application = ApplicationFactory(answers={"q": "texte"})
    with time_machine.travel(application.call.closes_at, tick=False):
        with pytest.raises(TransitionRefused):
            services.application_update(
                application=application, user=application.created_by, answers={"q": "x"}
            )
    assert Application.objects.get(pk=application.pk).answers == {"q": "texte"}


def test_complements_after_their_due_date_are_refused():
    application = drive_to(ApplicationFactory(), S.SUBMITTED)
    due = timezone.now() + timedelta(days=2)
    services.application_request_complements(
        application=application,
        user=ManagerFactory(authority=application.call.authority),
        message="Le RIB",
        due_at=due,
    )
    application = Application.objects.get(pk=application.pk)
    with time_machine.travel(due, tick=False):
        with pytest.raises(TransitionRefused):
            services.application_provide_complements(
                application=application, user=application.created_by
            )
    with time_machine.travel(due - timedelta(seconds=1), tick=False):
        services.application_provide_complements(
            application=application, user=application.created_by
        )
    assert Application.objects.get(pk=application.pk).state == S.SUBMITTED


def test_request_complements_needs_a_message_and_a_future_due_date():
    application = drive_to(ApplicationFactory(), S.SUBMITTED)
    manager = ManagerFactory(username="g", authority=application.call.authority)
    for message, due_at in [
        ("", timezone.now() + timedelta(days=3)),
        ("Le RIB", timezone.now() - timedelta(minutes=1)),
    ]:
        with pytest.raises(TransitionRefused):
            services.application_request_complements(
                application=application, user=manager, message=message, due_at=due_at
            )
    assert Application.objects.get(pk=application.pk).state == S.SUBMITTED


def test_withdraw_needs_a_reason():
    application = ApplicationFactory()
    with pytest.raises(TransitionRefused):
        services.application_withdraw(
            application=application, user=application.created_by, reason="  "
        )
    assert Application.objects.get(pk=application.pk).state == S.DRAFT


def test_a_version_freezes_the_partners_as_they_were():
    application = ApplicationFactory()
    PartnerFactory(
        application=application,
        name="Équipe mobile du Léon",
        siret="82900001700014",
        category="expert_team",
        role="Expertise",
        contact_name="Anne",
        contact_email="anne@example.org",
    )
    version = services.application_submit(
        application=application, user=application.created_by
    )
    Partner.objects.filter(application=application).update(role="Autre rôle")
    version.refresh_from_db()
    assert [
        (p["name"], p["role"], p["commitment_status"]) for p in version.partners
    ] == [("Équipe mobile du Léon", "Expertise", "pending")]


def test_saving_territory_answers_sets_the_territories_covered():
    region = TerritoryFactory(name="Bretagne", code="53")
    cornouaille = TerritoryFactory(
        name="Cornouaille", code="CORN", level="filiere", parent=region
    )
    armor = TerritoryFactory(name="Armor", code="ARM", level="filiere", parent=region)
    call = CallFactory()
    call.questionnaire = [
        (
            "section",
            {
                "title": "Territoire",
                "intro": "",
                "questions": [
                    (
                        "territory",
                        {
                            "label": "Filières couvertes",
                            "help_text": "",
                            "required": True,
                            "level": "filiere",
                            "multiple": True,
                        },
                    )
                ],
            },
        )
    ]
    call.save()
    call.refresh_from_db()
    (question,) = iter_questions(call)
    application = ApplicationFactory(call=call)
    services.application_update(
        application=application,
        user=application.created_by,
        answers={question.key: [cornouaille.pk, armor.pk]},
    )
    assert set(application.territories.all()) == {cornouaille, armor}
