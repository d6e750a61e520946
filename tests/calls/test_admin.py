"""The manager's side of calls: the Wagtail admin creates, validates and lists them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from applications.enums import ApplicationState
from calls.models import Call
from tests.access.forms import call_edit
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    ReviewerFactory,
    TerritoryFactory,
    UserFactory,
)
from tests.factories.applications import drive_to

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_calls_call:add"
LIST_URL = "wagtailsnippets_calls_call:list"
# The form's dates lie ahead whenever the suite runs: a past closing date needs
# a confirmation.
NEXT_YEAR = timezone.now().year + 1


def listblock(items):
    data = {
        str(i): {"value": value, "deleted": "", "order": str(i), "id": ""}
        for i, value in enumerate(items)
    }
    data["count"] = str(len(items))
    return data


def call_form_data(authority, territory, **overrides):
    fields = {
        "reference": "AAC-2026-BRE-MAV",
        "kind": "maison_accompagnement",
        "title": "Maison d'accompagnement à la fin de vie",
        "authority": str(authority.pk),
        "summary": "Expérimentation 2026-2028.",
        "opens_at": f"{NEXT_YEAR - 1}-12-01 09:00",
        "closes_at": f"{NEXT_YEAR}-01-31 12:00",
        "envelope": "1000000",
        "expected_laureates": "1",
        "min_reviews": "2",
        "spread_threshold": "20",
        "peer_reviews_visible": "on",
        "normalisation_min_reviews": "5",
        "steering_body_required": "on",
        "questionnaire": streamfield(
            [
                (
                    "section",
                    {
                        "title": "Porteur",
                        "intro": "",
                        "questions": streamfield(
                            [
                                (
                                    "short_text",
                                    {
                                        "label": "Nom du projet",
                                        "help_text": "",
                                        "required": "on",
                                        "max_length": "200",
                                    },
                                ),
                                (
                                    "choice",
                                    {
                                        "label": "Statut juridique",
                                        "help_text": "",
                                        "required": "on",
                                        "choices": listblock(["Public", "Privé"]),
                                    },
                                ),
                                (
                                    "number",
                                    {
                                        "label": "Nombre de places",
                                        "help_text": "",
                                        "required": "on",
                                        "min_value": "12",
                                        "max_value": "15",
                                        "unit": "places",
                                    },
                                ),
                            ]
                        ),
                    },
                )
            ]
        ),
        "required_documents": inline_formset(
            [
                {
                    "label": "Plans du bâtiment",
                    "help_text": "",
                    "mandatory": "on",
                    "max_size_mb": "20",
                }
            ]
        ),
        "governance_rules": inline_formset(
            [
                {
                    "category": "expert_team",
                    "min_partners": "1",
                    "confirmation_required": "on",
                    "mandatory": "on",
                }
            ]
        ),
        "criteria": inline_formset(
            [
                {
                    "label": "Gouvernance",
                    "guidance": "",
                    "weight": "25",
                    "max_score": "4",
                },
                {"label": "Budget", "guidance": "", "weight": "15", "max_score": "4"},
            ]
        ),
    }
    fields.update(overrides)
    data = nested_form_data(fields)
    # Multiple values are set after flattening, which keeps only scalars.
    data["required_documents-0-allowed_types"] = ["pdf"]
    data["territories"] = [str(territory.pk)]
    data["lead_categories"] = ["health_establishment", "medico_social"]
    return data


def test_manager_creates_a_call_with_its_parts(manager_client, authority):
    response = manager_client.post(
        reverse(ADD_URL), call_form_data(authority, authority.region)
    )
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get(reference="AAC-2026-BRE-MAV")
    assert call.authority == authority
    assert call.lead_categories == ["health_establishment", "medico_social"]
    assert call.steering_body_required is True
    assert list(call.territories.all()) == [authority.region]
    assert (
        timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M")
        == f"31/01/{NEXT_YEAR} 12:00"
    )
    section = call.questionnaire[0].value
    assert section["title"] == "Porteur"
    assert [q.block_type for q in section["questions"]] == [
        "short_text",
        "choice",
        "number",
    ]
    assert list(call.required_documents.values_list("label", "allowed_types")) == [
        ("Plans du bâtiment", ["pdf"])
    ]
    assert list(call.governance_rules.values_list("category", "min_partners")) == [
        ("expert_team", 1)
    ]
    assert [c.label for c in call.criteria.all()] == ["Gouvernance", "Budget"]


def test_admin_refuses_closing_before_opening(manager_client, authority):
    data = call_form_data(
        authority, authority.region, closes_at=f"{NEXT_YEAR - 1}-11-01 12:00"
    )
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"] == [
        "La date de clôture doit être postérieure à la date d'ouverture."
    ]
    assert "La date de clôture doit être postérieure" in response.content.decode()
    assert not Call.objects.exists()


def test_admin_refuses_a_criterion_weight_that_is_not_positive(
    manager_client, authority
):
    data = call_form_data(
        authority,
        authority.region,
        criteria=inline_formset(
            [{"label": "Gouvernance", "guidance": "", "weight": "0", "max_score": "4"}]
        ),
    )
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    formset = response.context["form"].formsets["criteria"]
    assert formset.errors[0]["weight"] == ["La valeur doit être strictement positive."]
    assert not Call.objects.exists()


def test_admin_refuses_a_rule_on_an_unknown_category(manager_client, authority):
    data = call_form_data(
        authority,
        authority.region,
        governance_rules=inline_formset(
            [
                {
                    "category": "astrologers",
                    "min_partners": "1",
                    "confirmation_required": "on",
                    "mandatory": "on",
                }
            ]
        ),
    )
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert "category" in response.context["form"].formsets["governance_rules"].errors[0]
    assert not Call.objects.exists()


def test_admin_refuses_two_rules_on_one_category(manager_client, authority):
    rule = {
        "category": "had",
        "min_partners": "1",
        "confirmation_required": "on",
        "mandatory": "on",
    }
    data = call_form_data(
        authority, authority.region, governance_rules=inline_formset([rule, dict(rule)])
    )
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert not Call.objects.exists()


def test_admin_refuses_a_number_question_with_inverted_bounds(
    manager_client, authority
):
    data = call_form_data(authority, authority.region)
    data["questionnaire-0-value-questions-2-value-min_value"] = "20"
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert "questionnaire" in response.context["form"].errors
    assert not Call.objects.exists()


def test_admin_refuses_a_choice_question_with_a_single_choice(
    manager_client, authority
):
    data = call_form_data(authority, authority.region)
    data["questionnaire-0-value-questions-1-value-choices-count"] = "1"
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert "questionnaire" in response.context["form"].errors
    assert not Call.objects.exists()


def test_call_list_filters_by_status_kind_and_authority(manager_client, manager):
    now = timezone.now()
    open_call = CallFactory(title="Ouvert", kind="filiere")
    upcoming = CallFactory(title="À venir", upcoming=True, kind="maison_accompagnement")
    closed = CallFactory(title="Clôturé", closed=True, kind="filiere")
    for call in (open_call, upcoming, closed):
        call.authority.staff.add(manager)
    assert open_call.opens_at < now < open_call.closes_at

    def listed(**params):
        response = manager_client.get(reverse(LIST_URL), params)
        assert response.status_code == 200
        return {obj.title for obj in response.context["object_list"]}

    assert listed() == {"Ouvert", "À venir", "Clôturé"}
    assert listed(status="open") == {"Ouvert"}
    assert listed(status="upcoming") == {"À venir"}
    assert listed(status="closed") == {"Clôturé"}
    assert listed(kind="filiere") == {"Ouvert", "Clôturé"}
    assert listed(authority=str(upcoming.authority_id)) == {"À venir"}
    assert closed.status().value == "closed"


def test_call_list_query_count_does_not_grow(
    manager_client, authority, django_assert_max_num_queries
):
    def count_queries():
        with CaptureQueriesContext(connection) as context:
            response = manager_client.get(reverse(LIST_URL))
        assert response.status_code == 200
        return len(context.captured_queries)

    CallFactory.create_batch(2, authority=authority)
    small = count_queries()
    CallFactory.create_batch(18, authority=authority)
    assert count_queries() == small


def test_reviewer_cannot_create_a_call(client):
    reviewer = ReviewerFactory(username="instructeur")
    client.force_login(reviewer)
    assert client.get(reverse(LIST_URL)).status_code == 200
    response = client.get(reverse(ADD_URL))
    assert response.status_code == 302  # Wagtail sends users without permission home
    assert response.url == reverse("wagtailadmin_home")


def test_applicant_cannot_reach_the_admin(client):
    client.force_login(UserFactory(username="porteur"))
    response = client.get(reverse(LIST_URL))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response.url or response.url.startswith("/")


def test_territory_admin_refuses_a_departement_without_region(manager_client):
    response = manager_client.post(
        reverse("wagtailsnippets_calls_territory:add"),
        {"name": "Finistère", "code": "29", "level": "departement", "parent": ""},
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors
    region = TerritoryFactory(name="Bretagne", code="53")
    response = manager_client.post(
        reverse("wagtailsnippets_calls_territory:add"),
        {
            "name": "Finistère",
            "code": "29",
            "level": "departement",
            "parent": str(region.pk),
        },
    )
    assert response.status_code == 302


def test_call_form_refuses_a_territory_id_beyond_the_column(manager_client, authority):
    """A hand-made id no integer column holds is an unknown choice, not a 500
    (SQLite raised OverflowError looking it up: core.lookups)."""
    data = call_form_data(authority, authority.region)
    data["territories"] = [str(2**63)]
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert response.context["form"].errors["territories"] == [
        f"Sélectionnez un choix valide. {2**63} n\u2019en fait pas partie."
    ]


def test_call_form_refuses_a_closing_date_out_of_the_years(manager_client, authority):
    """01/01/0001 on a call with a submitted dossier: an error, not a 500 (the
    check against the dossiers' submission dates could not query it)."""
    call = CallFactory(authority=authority)
    drive_to(ApplicationFactory(call=call), ApplicationState.SUBMITTED)
    data = call_edit(call)
    data["closes_at"] = "01/01/0001 00:00"
    response = manager_client.post(
        reverse("wagtailsnippets_calls_call:edit", args=[call.pk]), data
    )
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"] == [
        "Saisissez une date entre les années 2000 et 2099."
    ]
