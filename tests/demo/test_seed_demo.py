"""Running seed_demo: idempotency, validation, statuses, rendering, output."""

from datetime import datetime, time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils.html import escape
from wagtail.models import Revision

from applications.governance import blocking_results
from applications.models import Application
from calls.blocks import QuestionStreamBlock
from calls.enums import TerritoryLevel
from calls.models import (
    Authority,
    Call,
    Criterion,
    GovernanceRule,
    RequiredDocument,
    Territory,
)
from cms.models import CallIndexPage, CallPage, SiteIdentity, StandardPage
from core.time import PARIS
from demo.users import DEMO_PASSWORD
from demo.validation import validated
from organisations.models import Membership, Organisation

from .seeding import EXPECTED_STATUSES, seed

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_applicant_an_organisation_and_a_draft():
    seed()
    porteur = get_user_model().objects.get(username="porteur")
    membership = Membership.objects.get(user=porteur)
    assert (membership.status, membership.role) == ("active", "admin")
    (draft,) = Application.objects.filter(organisation=membership.organisation)
    assert draft.call.reference == "AAC-2026-BRE-MAV"
    assert (draft.reference, draft.state) == ("AAC-2026-BRE-MAV-0001", "draft")
    staff = {
        authority.slug: set(authority.staff.values_list("username", flat=True))
        for authority in Authority.objects.all()
    }
    assert staff == {
        "ars-bretagne": {"gestionnaire", "instructeur", "instructeur4", "instructeur5"},
        "ars-auvergne-rhone-alpes": {
            "gestionnaire",
            "instructeur",
            "instructeur2",
            "instructeur3",
        },
    }


def counts() -> dict[str, int]:
    return {
        "regions": Territory.objects.filter(level=TerritoryLevel.REGION).count(),
        "departements": Territory.objects.filter(
            level=TerritoryLevel.DEPARTEMENT
        ).count(),
        "filieres": Territory.objects.filter(level=TerritoryLevel.FILIERE).count(),
        "territories": Territory.objects.count(),
        "authorities": Authority.objects.count(),
        "calls": Call.objects.count(),
        "documents": RequiredDocument.objects.count(),
        "rules": GovernanceRule.objects.count(),
        "criteria": Criterion.objects.count(),
        "call_pages": CallPage.objects.count(),
        "call_indexes": CallIndexPage.objects.count(),
        "standard_pages": StandardPage.objects.count(),
        "site_identities": SiteIdentity.objects.count(),
        "users": get_user_model().objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "applications": Application.objects.count(),
    }


def question_ids() -> dict[str, list[str]]:
    return {
        call.reference: [
            question.id
            for section in call.questionnaire
            for question in section.value["questions"]
        ]
        for call in Call.objects.all()
    }


def test_seed_demo_twice_gives_the_same_objects():
    seed()
    first = counts()
    first_ids = {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (
            Territory,
            Authority,
            Call,
            RequiredDocument,
            GovernanceRule,
            Criterion,
            CallPage,
        )
    }
    first_questions = question_ids()
    revisions = Revision.objects.count()

    seed()

    assert counts() == first
    assert first == {
        "regions": 2,
        "departements": 16,
        "filieres": 21,
        "territories": 39,
        "authorities": 2,
        "calls": 4,
        "documents": 31,
        "rules": 23,
        "criteria": 24,
        "call_pages": 4,
        "call_indexes": 1,
        "standard_pages": 3,  # about, accessibility, and the terms of use (migration)
        "site_identities": 1,
        # 8 accounts and 15 demo applicants (without a usable password): 7 on
        # the ARA filière call, 8 on the Bretagne one
        "users": 23,
        "organisations": 16,
        "memberships": 16,
        "applications": 16,
    }
    assert {
        model.__name__: sorted(model.objects.values_list("pk", flat=True))
        for model in (
            Territory,
            Authority,
            Call,
            RequiredDocument,
            GovernanceRule,
            Criterion,
            CallPage,
        )
    } == first_ids
    assert question_ids() == first_questions
    assert Revision.objects.count() == revisions  # nothing changed: nothing published


def test_seed_demo_restores_edited_demo_content():
    seed()
    Call.objects.filter(reference="AAC-2026-BRE-MAV").update(title="Modifié")
    # A call without reviews: the scores of the decided call protect its grid.
    Criterion.objects.filter(call__reference="AAC-2026-BRE-GDP").first().delete()
    page = CallPage.objects.get(slug="aac-2024-bre-fil")
    page.faq = []
    page.save_revision().publish()
    renamed = CallPage.objects.get(slug="aac-2026-bre-gdp")
    renamed.slug = "gestionnaires-de-parcours"
    renamed.save_revision().publish()

    seed()

    assert Call.objects.get(reference="AAC-2026-BRE-MAV").title == (
        "Maison d'accompagnement à la fin de vie en Bretagne"
    )
    assert Criterion.objects.filter(call__reference="AAC-2026-BRE-GDP").count() == 6
    assert len(CallPage.objects.get(slug="aac-2024-bre-fil").faq) == 4
    assert CallPage.objects.get(pk=renamed.pk).slug == "aac-2026-bre-gdp"
    assert CallPage.objects.count() == 4


def test_seed_demo_objects_pass_their_validation(seeded):
    for call in Call.objects.all():
        validated(call)  # full_clean() and the questionnaire's blocks
        for child in [
            *call.required_documents.all(),
            *call.governance_rules.all(),
            *call.criteria.all(),
        ]:
            child.full_clean()
    for model in (Territory, Authority, CallPage, StandardPage, SiteIdentity):
        for obj in model.objects.all():
            validated(obj)


def test_seed_demo_calls_have_the_right_status_at_seed_time(seeded):
    statuses = {call.reference: call.status() for call in Call.objects.all()}
    assert statuses == EXPECTED_STATUSES


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2027, 3, 28, 1, 30, tzinfo=PARIS),  # the night clocks go forward
        datetime(2027, 10, 31, 23, 59, tzinfo=PARIS),  # the day clocks go back
        datetime(2030, 1, 1, 0, 0, tzinfo=PARIS),
    ],
)
def test_seed_demo_statuses_hold_whenever_it_runs(time_machine, moment):
    time_machine.move_to(moment, tick=False)
    seed()
    statuses = {call.reference: call.status() for call in Call.objects.all()}
    assert statuses == EXPECTED_STATUSES


def test_seed_demo_calls_close_at_noon_or_end_of_day_paris_time(seeded):
    for call in Call.objects.all():
        assert call.closes_at.astimezone(PARIS).time() in {time(12, 0), time(23, 59)}
        assert call.opens_at.astimezone(PARIS).time() == time(9, 0)


def test_seed_demo_uses_every_question_block_type(seeded):
    used = {
        question.block_type
        for call in Call.objects.all()
        for section in call.questionnaire
        for question in section.value["questions"]
    }
    assert used == set(QuestionStreamBlock().child_blocks)


def test_seed_demo_questionnaires_have_three_to_five_sections(seeded):
    for call in Call.objects.all():
        assert 3 <= len(call.questionnaire) <= 5, call.reference


def test_seed_demo_call_pages_render(seeded, client):
    for page in CallPage.objects.live():
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert escape(page.call.title) in response.content.decode()


def test_seed_demo_home_and_standard_pages_render(seeded, client):
    for page in [
        CallIndexPage.objects.get().get_parent(),
        *StandardPage.objects.live(),
    ]:
        response = client.get(page.url)
        assert response.status_code == 200, page.url


def test_seed_demo_prints_the_accounts():
    output = seed()
    assert "AAC-2026-BRE-GDP (à venir)" in output
    assert "AAC-2024-BRE-FIL (clos)" in output
    for line in (
        "porteur",
        "instructeur",
        "gestionnaire",
        "admin",
        "instructeur2",
        "instructeur3",
    ):
        assert any(
            row.split()[:1] == [line] and DEMO_PASSWORD in row
            for row in output.splitlines()
        ), line


def test_seed_demo_refuses_to_run_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo", stdout=StringIO())
    assert Call.objects.count() == 0


def test_seed_demo_governance_dossiers_pass_fail_and_overlap():
    seed()
    dossiers = {
        a.reference: a
        for a in Application.objects.filter(call__reference="AAC-2026-ARA-FIL")
    }
    first, second, third = (dossiers[f"AAC-2026-ARA-FIL-000{n}"] for n in (1, 2, 3))
    # The two complete ones were submitted, then taken under review.
    assert (first.state, second.state, third.state) == (
        "under_review",
        "under_review",
        "draft",
    )
    assert blocking_results(first) == []
    assert blocking_results(second) == []
    assert blocking_results(third) != []
    shared = set(first.territories.all()) & set(second.territories.all())
    assert sorted((t.level, t.code) for t in shared) == [
        ("departement", "69"),
        ("filiere", "ARA-69"),
    ]
    shared_sirets = set(first.partners.values_list("siret", flat=True)) & set(
        second.partners.values_list("siret", flat=True)
    )
    assert len(shared_sirets) == 1
