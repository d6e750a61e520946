"""The demo questionnaires: the lead's identity is not asked (it comes from the
organisation) and co-financing is an income line (issue 8, items 12 and 13)."""

import re

import pytest

from demo.texts import ara_fil, bre_fil, bre_gdp, bre_mav

SPECS = [module.SPEC for module in (ara_fil, bre_fil, bre_gdp, bre_mav)]
IDENTITY = re.compile(
    r"raison sociale|siret|représentant légal|statut juridique", re.IGNORECASE
)
FUNDING = re.compile(r"financement", re.IGNORECASE)


def questions(spec):
    return [q for section in spec.sections for q in section.questions]


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.reference)
def test_demo_questionnaire_does_not_ask_the_leads_identity(spec):
    asked = [
        q.value["label"] for q in questions(spec) if IDENTITY.search(q.value["label"])
    ]
    assert asked == []


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: spec.reference)
def test_demo_budget_puts_co_financing_in_income(spec):
    [budget] = [q for q in questions(spec) if q.block_type == "budget_table"]
    assert not [row for row in budget.value["rows"] if FUNDING.search(row)]
    assert [row for row in budget.value["income_rows"] if FUNDING.search(row)]
