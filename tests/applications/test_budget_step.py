"""The applicant's budget step: expenditure and income typed apart, totalled
apart, and the amount requested from the ARS shown (issue 8, item 12)."""

import pytest
from django.urls import reverse

from applications.models import Application
from applications.questionnaire import iter_questions
from demo.streams import budget_table, questionnaire_data, section

pytestmark = pytest.mark.django_db

ROWS = ["Personnel", "Fonctionnement"]
INCOME = ["Autres financements"]
COLUMNS = ["Année 1", "Année 2"]


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
                    rows=ROWS,
                    income_rows=INCOME,
                    columns=COLUMNS,
                ),
            )
        ],
    )
    call.save()
    [question] = iter_questions(call)
    return question.key


@pytest.fixture
def client_in(client, members):
    client.force_login(members[0])
    return client


def cells(key: str, *values: str) -> dict:
    return {f"{key}_{index}": value for index, value in enumerate(values)}


def test_budget_step_saves_income_apart_and_shows_the_request(
    client_in, application, budget_key
):
    url = reverse("applications:dossier_step", args=[application.pk, 1])
    data = {
        "title": application.title,
        "requested_amount": "",
        "action": "save",
        # Personnel, Fonctionnement, then Autres financements; two years each.
        **cells(budget_key, "600 000", "620000", "250000", "250000", "200000", "0"),
    }
    response = client_in.post(url, data)
    assert response.status_code == 302

    stored = Application.objects.get(pk=application.pk).answers[budget_key]
    assert stored["Autres financements"] == {
        "Année 1": "200000.00",
        "Année 2": "0.00",
    }
    content = client_in.get(url).content.decode()
    assert 'data-testid="budget-expense-total">1\xa0720\xa0000\xa0€' in content
    assert 'data-testid="budget-income-total">200\xa0000\xa0€' in content
    assert 'data-testid="budget-balance">1\xa0520\xa0000\xa0€' in content
    assert "1\xa0050\xa0000" not in content
    assert "applications/css/budget.css" in content

    detail = reverse("applications:dossier_detail", args=[application.pk])
    content = client_in.get(detail).content.decode()
    assert 'data-testid="budget-balance">1\xa0520\xa0000\xa0€' in content


def test_budget_step_refuses_a_negative_income(client_in, application, budget_key):
    url = reverse("applications:dossier_step", args=[application.pk, 1])
    data = {
        "title": application.title,
        "action": "save",
        **cells(budget_key, "1", "", "", "", "-5", ""),
    }
    response = client_in.post(url, data)
    assert response.status_code == 200
    assert "Autres financements, Année 1" in response.content.decode()
    assert Application.objects.get(pk=application.pk).answers == {}
