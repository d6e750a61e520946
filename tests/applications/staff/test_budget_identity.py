"""The managers' dossier page: budgets total expenditure and income apart and
show the request to the ARS (issue 8, item 12); the lead's identity is the one
the version recorded (item 13)."""

import pytest
import time_machine

from applications import services
from applications.models import Application
from applications.questionnaire import iter_questions
from demo.streams import budget_table, questionnaire_data, section

from .support import NOW, detail_url, submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def budget_key(call):
    call.questionnaire = questionnaire_data(
        call.reference,
        [
            section(
                "budget",
                "Budget",
                "",
                budget_table(
                    "budget",
                    "Budget prévisionnel",
                    rows=["Personnel", "Fonctionnement"],
                    income_rows=["Autres financements"],
                    columns=["Année 1"],
                    required=False,
                ),
            )
        ],
    )
    call.save()
    [question] = iter_questions(call)
    return question.key


def test_staff_budget_keeps_income_apart_and_shows_the_request(
    manager_client, application, budget_key
):
    services.application_update(
        application=application,
        user=application.created_by,
        answers={
            budget_key: {
                "Personnel": {"Année 1": "600000.00"},
                "Fonctionnement": {"Année 1": "250000.00"},
                "Autres financements": {"Année 1": "200000.00"},
            }
        },
    )
    submitted = submit(Application.objects.get(pk=application.pk))

    response = manager_client.get(detail_url(submitted))
    content = response.content.decode()

    table = response.context["sections"][0].answers[0].table
    expense, income = table.parts
    assert expense.total == "850\xa0000\xa0€"
    assert [row for row, _cells, _total in income.rows] == ["Autres financements"]
    assert income.total == "200\xa0000\xa0€"
    assert table.balance_total == "650\xa0000\xa0€"
    assert 'data-testid="budget-balance"><strong>650\xa0000\xa0€' in content
    assert "Montant demandé à l&#x27;ARS" in content or "Montant demandé à l'ARS" in (
        content
    )
    assert "1\xa0050\xa0000" not in content


def test_staff_page_shows_the_identity_the_version_recorded(
    manager_client, application, organisation
):
    submitted = submit(application)
    organisation.name = "Nom changé après le dépôt"
    organisation.save()

    response = manager_client.get(detail_url(submitted))
    content = response.content.decode()

    assert response.context["lead"].name == "Centre hospitalier de Cornouaille"
    assert "Centre hospitalier de Cornouaille" in content
