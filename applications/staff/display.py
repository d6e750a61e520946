"""How the managers' dossier page shows answers and the audit trail.

Pure formatting: the rows and territories come from ``applications.staff.selectors``;
nothing here queries. Values are returned as plain text, escaped by the templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.formats import date_format

from core.formatting import euros, number_text

from ..answer_fields import stored_budget_grid
from ..questionnaire import Question, is_blank, iter_sections


@dataclass(frozen=True)
class BudgetPart:
    """The expenditure or the income lines of a budget, with their totals."""

    kind: str  # "expense" or "income"
    title: str
    total_label: str
    rows: list[tuple[str, list[str], str]]  # label, cells, row total
    totals: list[str]
    total: str


@dataclass(frozen=True)
class BudgetTable:
    columns: list[str]
    parts: list[BudgetPart]  # expenditure, then income when the question has some
    balance_totals: list[str]  # requested from the ARS: expenditure less income
    balance_total: str

    @property
    def rows(self) -> list[tuple[str, list[str], str]]:
        """The expenditure lines."""
        return self.parts[0].rows

    @property
    def total(self) -> str:
        """The total expenditure."""
        return self.parts[0].total


@dataclass(frozen=True)
class Answer:
    question: Question
    text: str = ""
    items: list[str] = field(default_factory=list)
    table: BudgetTable | None = None
    files: list = field(default_factory=list)
    blank: bool = False


@dataclass(frozen=True)
class Section:
    index: int
    title: str
    answers: list[Answer]


def _date(value: Any) -> str:
    try:
        return date_format(date.fromisoformat(str(value)), "DATE_FORMAT")
    except ValueError:
        return str(value)


def territory_pks(value: Any) -> list[int]:
    """The territory keys of an answer: one or several primary keys."""
    values = value if isinstance(value, list | tuple) else [value]
    pks = []
    for item in values:
        try:
            pks.append(int(item))
        except (TypeError, ValueError):
            continue
    return pks


def _budget(question: Question, table: Any) -> BudgetTable:
    """Stored as ``{line: {column: "1234.00"}}`` (``applications.answer_fields``)."""
    grid = stored_budget_grid(question.settings, table)
    return BudgetTable(
        columns=grid["columns"],
        parts=[
            BudgetPart(
                kind=part["kind"],
                title=part["title"],
                total_label=part["total_label"],
                rows=[
                    (
                        line["label"],
                        [_cell_text(cell) for cell in line["cells"]],
                        euros(line["total"]),
                    )
                    for line in part["rows"]
                ],
                totals=[euros(total) for total in part["column_totals"]],
                total=euros(part["total"]),
            )
            for part in grid["parts"]
        ],
        balance_totals=[euros(total) for total in grid["balance"]["column_totals"]],
        balance_total=euros(grid["balance"]["total"]),
    )


def _cell_text(cell: dict) -> str:
    if cell["amount"] is not None:
        return euros(cell["amount"])
    return "" if is_blank(cell["value"]) else str(cell["value"])


def _answer(question: Question, value: Any, *, files, territories) -> Answer:
    kind = question.kind
    if kind == "file":
        mine = [a for a in files if a.question_key == question.key]
        return Answer(question, files=mine, blank=not mine)
    if is_blank(value):
        return Answer(question, blank=True)
    if kind == "number":
        unit = question.settings.get("unit") or ""
        return Answer(question, text=f"{number_text(value)} {unit}".strip())
    if kind == "amount":
        return Answer(question, text=euros(value))
    if kind == "date":
        return Answer(question, text=_date(value))
    if kind == "multiple_choice":
        items = value if isinstance(value, list | tuple) else [value]
        return Answer(question, items=[str(item) for item in items])
    if kind == "territory":
        names = [
            territories[pk].name if pk in territories else str(pk)
            for pk in territory_pks(value)
        ]
        return Answer(question, items=names)
    if kind == "budget_table":
        return Answer(question, table=_budget(question, value))
    if isinstance(value, list | tuple):
        return Answer(question, items=[str(item) for item in value])
    return Answer(question, text=str(value))


def answer_sections(call, answers: dict, *, files, territories) -> list[Section]:
    """The questionnaire's sections with the answers of one version, in order."""
    answers = answers or {}
    return [
        Section(
            index=index,
            title=title,
            answers=[
                _answer(
                    question,
                    answers.get(question.key),
                    files=files,
                    territories=territories,
                )
                for question in questions
            ],
        )
        for index, title, questions in iter_sections(call)
    ]


def answered_territory_pks(call, answers: dict) -> set[int]:
    pks: set[int] = set()
    for _index, _title, questions in iter_sections(call):
        for question in questions:
            if question.kind == "territory":
                pks.update(territory_pks((answers or {}).get(question.key)))
    return pks
