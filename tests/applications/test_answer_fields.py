"""One form field per question block: validation, boundaries, stored values."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applications.answer_fields import build_field, from_json, to_json
from applications.questionnaire import Question, display_value
from calls.blocks import BudgetTableQuestionBlock
from calls.enums import TerritoryLevel
from organisations.forms import OrganisationForm
from tests.factories import CallFactory, TerritoryFactory


def question(kind: str, required: bool = True, **settings) -> Question:
    return Question(
        key=f"key-{kind}",
        kind=kind,
        label=f"Question {kind}",
        required=required,
        settings={"help_text": "", "required": required, **settings},
        section_index=0,
        section_title="Section",
    )


def clean(q: Question, data, call=None):
    """Clean ``data`` through the question's field in a one-field form."""
    form = forms.Form(data=data if isinstance(data, dict) else {q.key: data})
    form.fields[q.key] = build_field(q, call=call)
    assert form.is_valid(), form.errors
    return form.cleaned_data[q.key]


def errors(q: Question, data, call=None) -> list[str]:
    form = forms.Form(data=data if isinstance(data, dict) else {q.key: data})
    form.fields[q.key] = build_field(q, call=call)
    assert not form.is_valid()
    return form.errors[q.key]


def round_trip(q: Question, cleaned, call=None):
    """Stored value → initial of a fresh field → cleaned again → stored again."""
    stored = to_json(q, cleaned)
    field = build_field(q, call=call)
    widget_value = field.prepare_value(from_json(q, stored))
    if isinstance(field.widget, forms.MultiWidget):
        widget_value = field.widget.decompress(widget_value)
    return stored, to_json(q, field.clean(widget_value))


# Every field: optional for a draft, labelled, hinting its limits -------------------


@pytest.mark.parametrize(
    ("kind", "block_settings"),
    [
        ("short_text", {"max_length": 10}),
        ("long_text", {"max_chars": 10}),
        ("number", {}),
        ("amount", {}),
        ("date", {}),
        ("choice", {"choices": ["A", "B"]}),
        ("multiple_choice", {"choices": ["A", "B"]}),
        ("budget_table", {"rows": ["R"], "columns": ["C"]}),
        ("identifier", {"identifier": "siret"}),
    ],
)
def test_fields_are_never_required_to_save_a_draft(kind, block_settings):
    q = question(kind, required=True, **block_settings)
    field = build_field(q)
    assert field.required is False
    assert field.required_to_submit is True
    assert field.label == f"Question {kind}"


def test_file_question_has_no_form_field():
    assert build_field(question("file", allowed_types=["pdf"])) is None
    assert to_json(question("file"), "anything") is None


def test_help_text_joins_the_question_help_and_the_limit():
    q = question("long_text", max_chars=3000, help_text="Décrivez le projet.")
    assert build_field(q).help_text == (
        "Décrivez le projet. " + _("%(count)d characters maximum.") % {"count": 3000}
    )


# Short and long text ---------------------------------------------------------------


def test_short_text_keeps_to_its_maximum_length():
    q = question("short_text", max_length=5)
    assert clean(q, "abcde") == "abcde"
    assert len(errors(q, "abcdef")) == 1


def test_long_text_accepts_exactly_max_chars():
    q = question("long_text", max_chars=10)
    assert clean(q, "x" * 10) == "x" * 10


def test_long_text_refuses_max_chars_plus_one():
    q = question("long_text", max_chars=10)
    assert len(errors(q, "x" * 11)) == 1


def test_long_text_counts_a_line_break_as_one_character():
    q = question("long_text", max_chars=10)
    assert clean(q, "abcd\r\nefghi") == "abcd\nefghi"  # 10 characters, 11 bytes sent


def test_text_round_trip():
    q = question("long_text", max_chars=100)
    assert round_trip(q, "Ligne 1\nLigne 2") == ("Ligne 1\nLigne 2", "Ligne 1\nLigne 2")
    assert to_json(q, "") == ""
    assert from_json(q, None) == ""


# Number ---------------------------------------------------------------------------


def test_number_bounds_are_inclusive():
    q = question("number", min_value=1, max_value=10, unit="lits")
    assert clean(q, "1") == 1
    assert clean(q, "10") == 10
    assert len(errors(q, "0")) == 1
    assert len(errors(q, "11")) == 1


def test_number_refuses_text_and_decimals():
    q = question("number")
    assert len(errors(q, "douze")) == 1
    assert len(errors(q, "1.5")) == 1


def test_number_states_its_bounds_and_unit():
    q = question("number", min_value=1, max_value=10, unit="lits")
    assert build_field(q).help_text == " ".join(
        [
            _("Between %(min)s and %(max)s.") % {"min": 1, "max": 10},
            _("Unit: %(unit)s.") % {"unit": "lits"},
        ]
    )


def test_number_round_trip():
    q = question("number")
    assert round_trip(q, 12) == (12, 12)
    assert to_json(q, None) is None


# Amount ---------------------------------------------------------------------------


def test_amount_refuses_a_negative_amount():
    q = question("amount")
    assert len(errors(q, "-1")) == 1


def test_amount_accepts_zero_and_its_maximum():
    q = question("amount", max_amount=Decimal("50000.00"))
    assert clean(q, "0") == Decimal("0")
    assert clean(q, "50000") == Decimal("50000")
    assert len(errors(q, "50000.01")) == 1


def test_amount_refuses_more_than_two_decimals():
    q = question("amount")
    assert len(errors(q, "10.001")) == 1


def test_amount_understands_french_typing():
    q = question("amount")
    assert clean(q, "1 234,5") == Decimal("1234.5")
    assert clean(q, "1234.50") == Decimal("1234.50")


def test_amount_is_stored_as_a_string_with_two_decimals():
    q = question("amount")
    assert to_json(q, Decimal("1234.5")) == "1234.50"
    assert round_trip(q, Decimal("1234.5")) == ("1234.50", "1234.50")
    assert to_json(q, None) is None


# Date -----------------------------------------------------------------------------


def test_date_reads_the_html_date_input_and_is_stored_iso():
    q = question("date")
    assert clean(q, "2027-01-15") == datetime.date(2027, 1, 15)
    assert to_json(q, datetime.date(2027, 1, 15)) == "2027-01-15"
    assert round_trip(q, datetime.date(2027, 1, 15)) == ("2027-01-15", "2027-01-15")
    assert build_field(q).widget.input_type == "date"


def test_date_refuses_an_impossible_date():
    q = question("date")
    assert len(errors(q, "2027-02-30")) == 1


# Choices --------------------------------------------------------------------------


def test_choice_accepts_a_listed_choice_only():
    q = question("choice", choices=["Oui", "Non"])
    assert clean(q, "Oui") == "Oui"
    assert len(errors(q, "Peut-être")) == 1
    assert round_trip(q, "Non") == ("Non", "Non")


def test_multiple_choice_refuses_more_than_max_selected():
    q = question("multiple_choice", choices=["A", "B", "C"], max_selected=2)
    assert clean(q, {q.key: ["A", "C"]}) == ["A", "C"]
    messages = errors(q, {q.key: ["A", "B", "C"]})
    assert messages == [
        _("Choose at most %(limit)d options (you chose %(count)d).")
        % {"limit": 2, "count": 3}
    ]


def test_multiple_choice_refuses_a_choice_not_in_the_list():
    q = question("multiple_choice", choices=["A", "B"])
    assert len(errors(q, {q.key: ["A", "Z"]})) == 1


def test_multiple_choice_round_trip():
    q = question("multiple_choice", choices=["A", "B", "C"])
    assert round_trip(q, ["A", "C"]) == (["A", "C"], ["A", "C"])
    assert to_json(q, []) == []
    assert from_json(q, None) == []


# Territory ------------------------------------------------------------------------


@pytest.fixture
def bretagne(db):
    region = TerritoryFactory(name="Bretagne", code="53")
    finistere = TerritoryFactory(
        name="Finistère", code="29", level=TerritoryLevel.DEPARTEMENT, parent=region
    )
    return {
        "region": region,
        "finistere": finistere,
        "cornouaille": TerritoryFactory(
            name="Cornouaille",
            code="F-COR",
            level=TerritoryLevel.FILIERE,
            parent=finistere,
        ),
        "rennes": TerritoryFactory(
            name="Pays de Rennes",
            code="F-REN",
            level=TerritoryLevel.FILIERE,
            parent=region,
        ),
        "elsewhere": TerritoryFactory(
            name="Ailleurs",
            code="F-AIL",
            level=TerritoryLevel.FILIERE,
            parent=TerritoryFactory(name="Normandie", code="28"),
        ),
    }


def test_territory_is_limited_to_the_call_territories_and_their_children(bretagne):
    call = CallFactory()
    call.territories.set([bretagne["region"]])
    q = question("territory", level="filiere", multiple=False)
    field = build_field(q, call=call)
    assert list(field.queryset) == [bretagne["cornouaille"], bretagne["rennes"]]
    assert clean(q, str(bretagne["rennes"].pk), call=call) == bretagne["rennes"]


def test_territory_outside_the_call_is_refused(bretagne):
    call = CallFactory()
    call.territories.set([bretagne["region"]])
    q = question("territory", level="filiere", multiple=False)
    assert len(errors(q, str(bretagne["elsewhere"].pk), call=call)) == 1


def test_territory_of_another_level_is_refused(bretagne):
    q = question("territory", level="filiere", multiple=False)
    assert len(errors(q, str(bretagne["finistere"].pk), call=CallFactory())) == 1


def test_territory_without_call_territories_offers_every_one_of_the_level(bretagne):
    q = question("territory", level="filiere", multiple=True)
    field = build_field(q, call=CallFactory())
    assert [t.name for t in field.queryset] == [
        "Ailleurs",
        "Cornouaille",
        "Pays de Rennes",
    ]


def test_territories_are_stored_as_their_ids(bretagne):
    call = CallFactory()
    single = question("territory", level="filiere", multiple=False)
    several = question("territory", level="filiere", multiple=True)
    rennes, cornouaille = bretagne["rennes"], bretagne["cornouaille"]
    assert round_trip(single, rennes, call=call) == (rennes.pk, rennes.pk)
    chosen = clean(several, {several.key: [rennes.pk, cornouaille.pk]}, call=call)
    stored = to_json(several, chosen)
    assert sorted(stored) == sorted([rennes.pk, cornouaille.pk])
    assert from_json(several, stored) == stored
    territories = {rennes.pk: rennes, cornouaille.pk: cornouaille}
    assert display_value(several, stored, territories) == [str(t) for t in chosen]


# Budget table ---------------------------------------------------------------------


BUDGET = {"rows": ["Personnel", "Matériel"], "columns": ["2026", "2027"]}


def budget_data(q: Question, *cells: str) -> dict:
    return {f"{q.key}_{index}": value for index, value in enumerate(cells)}


def test_budget_table_is_stored_row_by_column():
    q = question("budget_table", **BUDGET)
    table = clean(q, budget_data(q, "1000", "1200,50", "", "300"))
    assert to_json(q, table) == {
        "Personnel": {"2026": "1000.00", "2027": "1200.50"},
        "Matériel": {"2027": "300.00"},
    }


def test_budget_table_refuses_a_non_numeric_cell_and_names_it():
    q = question("budget_table", **BUDGET)
    messages = errors(q, budget_data(q, "1000", "beaucoup", "", ""))
    assert len(messages) == 1
    prefix = _("%(row)s, %(column)s: %(error)s") % {
        "row": "Personnel",
        "column": "2027",
        "error": "",
    }
    assert messages[0].startswith(prefix)
    assert prefix == "Personnel, 2027 : "  # the French catalogue is in use


def test_budget_table_refuses_a_negative_cell():
    q = question("budget_table", **BUDGET)
    assert len(errors(q, budget_data(q, "-5", "", "", ""))) == 1


def test_budget_table_round_trip_and_totals():
    q = question("budget_table", **BUDGET)
    table = {
        "Personnel": {"2026": Decimal("1000"), "2027": Decimal("1200.5")},
        "Matériel": {"2027": Decimal("300")},
    }
    stored, again = round_trip(q, table)
    assert stored == again
    grid = display_value(q, stored, {})
    expense = grid["expense"]
    assert [row["total"] for row in expense["rows"]] == [
        Decimal("2200.50"),
        Decimal("300"),
    ]
    assert expense["column_totals"] == [Decimal("1000"), Decimal("1500.50")]
    assert expense["total"] == Decimal("2500.50")
    # No income line: the whole expenditure is requested.
    assert grid["income"]["rows"] == []
    assert grid["balance"]["total"] == Decimal("2500.50")


def test_budget_table_empty_is_stored_empty():
    q = question("budget_table", **BUDGET)
    assert to_json(q, clean(q, budget_data(q, "", "", "", ""))) == {}
    assert display_value(q, {}, {}) is None


def test_from_json_never_fails_on_an_answer_of_another_shape():
    assert from_json(question("number"), "douze") is None
    assert from_json(question("date"), "hier") is None
    assert from_json(question("amount"), "beaucoup") is None
    assert from_json(question("budget_table", **BUDGET), ["x"]) is None


# Budget: expenditure and income apart (issue 8, item 12) -------------------------

# The reviewer's case: year 1 has 850,000 € of spending and 200,000 € of
# co-financing, which the old table summed into 1,050,000 € of « dépenses ».
COFINANCED = {
    "rows": ["Personnel", "Fonctionnement"],
    "income_rows": ["Autres financements"],
    "columns": ["Année 1", "Année 2"],
}
COFINANCED_ANSWER = {
    "Personnel": {"Année 1": "600000.00", "Année 2": "620000.00"},
    "Fonctionnement": {"Année 1": "250000.00", "Année 2": "250000.00"},
    "Autres financements": {"Année 1": "200000.00", "Année 2": "150000.00"},
}


def test_budget_totals_keep_income_apart_from_expenditure():
    q = question("budget_table", **COFINANCED)
    grid = display_value(q, COFINANCED_ANSWER, {})

    expense, income, balance = grid["expense"], grid["income"], grid["balance"]
    assert [row["label"] for row in expense["rows"]] == ["Personnel", "Fonctionnement"]
    assert [row["label"] for row in income["rows"]] == ["Autres financements"]
    assert expense["column_totals"] == [Decimal("850000"), Decimal("870000")]
    assert expense["total"] == Decimal("1720000")
    assert income["column_totals"] == [Decimal("200000"), Decimal("150000")]
    assert income["total"] == Decimal("350000")
    # The amount requested from the ARS: expenditure less income.
    assert balance["column_totals"] == [Decimal("650000"), Decimal("720000")]
    assert balance["total"] == Decimal("1370000")


def test_budget_income_lines_are_typed_and_stored_like_expenditure():
    q = question("budget_table", **COFINANCED)
    table = clean(q, budget_data(q, "600 000", "", "250000", "", "200 000,50", ""))
    assert to_json(q, table) == {
        "Personnel": {"Année 1": "600000.00"},
        "Fonctionnement": {"Année 1": "250000.00"},
        "Autres financements": {"Année 1": "200000.50"},
    }


def test_budget_form_shows_expenditure_income_and_the_request():
    q = question("budget_table", **COFINANCED)
    form = forms.Form(initial={q.key: COFINANCED_ANSWER})
    form.fields[q.key] = build_field(q)
    html = str(form[q.key])
    assert html.index("Total des dépenses") < html.index("Autres financements")
    assert 'data-testid="budget-expense-total">1\xa0720\xa0000\xa0€' in html
    assert 'data-testid="budget-income-total">350\xa0000\xa0€' in html
    assert 'data-testid="budget-balance">1\xa0370\xa0000\xa0€' in html
    assert "Montant demandé à l'ARS" in html
    assert "1\xa0050\xa0000" not in html  # income is never added to spending


def test_budget_answer_saved_before_income_lines_still_displays():
    """An answer stored under the old block (no income lines) reads as before,
    and reads its co-financing line as income once the call's question has it."""
    old = question("budget_table", rows=["Personnel", "Autres financements"])
    old.settings["columns"] = ["Année 1"]
    stored = {
        "Personnel": {"Année 1": "850000.00"},
        "Autres financements": {"Année 1": "200000.00"},
    }
    grid = display_value(old, stored, {})
    assert grid["expense"]["total"] == Decimal("1050000")
    assert grid["has_income"] is False

    moved = question(
        "budget_table",
        rows=["Personnel"],
        income_rows=["Autres financements"],
        columns=["Année 1"],
    )
    grid = display_value(moved, stored, {})
    assert grid["expense"]["total"] == Decimal("850000")
    assert grid["income"]["total"] == Decimal("200000")
    assert grid["balance"]["total"] == Decimal("650000")


def test_budget_block_without_income_lines_reads_old_definitions():
    block = BudgetTableQuestionBlock()
    value = block.to_python(
        {
            "label": "Budget",
            "help_text": "",
            "required": True,
            "rows": ["A"],
            "columns": ["2027"],
        }
    )
    assert list(value["income_rows"]) == []


def test_budget_block_refuses_a_label_used_twice():
    block = BudgetTableQuestionBlock()
    value = block.to_python(
        {
            "label": "Budget",
            "help_text": "",
            "required": True,
            "rows": ["Personnel", "Cofinancements"],
            "income_rows": ["Cofinancements"],
            "columns": ["2027"],
        }
    )
    with pytest.raises(ValidationError):
        block.clean(value)


# Identifier questions (issue 8, item 13) -----------------------------------------

VALID_SIRET = "73282932000074"  # La Poste's head office, a well-known example
VALID_SIREN = "732829320"


@pytest.mark.parametrize(
    ("kind", "typed", "stored"),
    [
        ("siret", "732 829 320 00074", VALID_SIRET),
        ("siren", "732 829 320", VALID_SIREN),
        ("finess", "29 000 001 7", "290000017"),
    ],
)
def test_identifier_is_stored_normalised(kind, typed, stored):
    q = question("identifier", identifier=kind)
    assert to_json(q, clean(q, typed)) == stored
    assert from_json(q, stored) == stored


@pytest.mark.parametrize(
    ("kind", "typed", "message"),
    [
        # Wrong check key (Luhn), then wrong length: the organisation form's words.
        (
            "siret",
            "73282932000075",
            "Ce numéro SIRET n'est pas valide : un SIRET comporte 14 chiffres",
        ),
        (
            "siret",
            "7328293200007",
            "Ce numéro SIRET n'est pas valide : un SIRET comporte 14 chiffres",
        ),
        (
            "siren",
            "732829321",
            "Ce numéro SIREN n'est pas valide : un SIREN comporte 9 chiffres",
        ),
        ("finess", "2900000", "Un numéro FINESS comporte 9 caractères"),
    ],
)
def test_identifier_refuses_a_wrong_number_in_french(kind, typed, message):
    q = question("identifier", identifier=kind)
    [error] = errors(q, typed)
    assert error.startswith(message)


def test_identifier_question_and_organisation_form_say_the_same():
    form = OrganisationForm(data={"siret": "73282932000075"})
    form.is_valid()
    q = question("identifier", identifier="siret")
    assert errors(q, "73282932000075") == form.errors["siret"]
