"""Reading a call's questionnaire: its questions and what an answer lacks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from calls.models import Territory

from .answer_fields import from_json, stored_budget_grid


@dataclass(frozen=True)
class Question:
    key: str  # the StreamField block id: stable across edits of the call
    kind: str  # block type: short_text, long_text, number, …
    label: str
    required: bool
    settings: dict[str, Any]
    section_index: int
    section_title: str


def iter_sections(call) -> Iterator[tuple[int, str, list[Question]]]:
    for index, section in enumerate(call.questionnaire):
        value = section.value
        questions = [
            Question(
                key=str(block.id),
                kind=block.block_type,
                label=block.value["label"],
                required=bool(block.value.get("required")),
                settings={k: v for k, v in block.value.items() if k != "label"},
                section_index=index,
                section_title=value["title"],
            )
            for block in value["questions"]
        ]
        yield index, value["title"], questions


def iter_questions(call) -> Iterator[Question]:
    for _index, _title, questions in iter_sections(call):
        yield from questions


def is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict | tuple):
        return not any(
            not is_blank(item)
            for item in (value.values() if isinstance(value, dict) else value)
        )
    return False


def missing_answers(call, answers: dict, answered_files: set[str]) -> list[Question]:
    """The required questions with no answer (file questions: no current file)."""
    missing = []
    for question in iter_questions(call):
        if not question.required:
            continue
        if question.kind == "file":
            if question.key not in answered_files:
                missing.append(question)
        elif is_blank(answers.get(question.key)):
            missing.append(question)
    return missing


# Reading the answers ------------------------------------------------------------


def display_value(question: Question, stored: Any, territories: dict) -> Any:
    """The stored answer, ready for a template: a string, a date, a Decimal, a list
    of strings, or a budget grid (``answer_fields.budget_grid``: expenditure,
    income and balance). ``territories`` maps territory ids to territories (loaded
    once for the whole dossier)."""
    value = from_json(question, stored)
    if question.kind == "territory":
        pks = value if isinstance(value, list) else [value] if value else []
        return [str(territories[pk]) for pk in pks if pk in territories]
    if question.kind == "budget_table":
        return stored_budget_grid(question.settings, value) if value else None
    return value


def territory_ids(question: Question, stored: Any) -> list[int]:
    """The territory ids a stored territory answer refers to."""
    if question.kind != "territory":
        return []
    value = from_json(question, stored)
    if isinstance(value, list):
        return value
    return [value] if value is not None else []


@dataclass(frozen=True)
class AnswerRow:
    question: Question
    value: Any  # as display_value gives it
    files: list  # a file question's current attachments

    @property
    def answered(self) -> bool:
        if self.question.kind == "file":
            return bool(self.files)
        return not is_blank(self.value)


@dataclass(frozen=True)
class SectionAnswers:
    index: int  # 0-based; the step is index + 1
    title: str
    rows: list[AnswerRow]

    @property
    def step(self) -> int:
        return self.index + 1


def answer_sections(call, answers: dict, attachments=()) -> list[SectionAnswers]:
    """The answers of a dossier (or of one of its versions), section by section,
    ready for display. ``attachments`` are the files to show under file questions
    (matched by ``question_key``). One query, for the territories named."""
    sections = list(iter_sections(call))
    pks = {
        pk
        for _index, _title, questions in sections
        for question in questions
        for pk in territory_ids(question, answers.get(question.key))
    }
    territories = Territory.objects.in_bulk(pks) if pks else {}
    files: dict[str, list] = {}
    for attachment in attachments:
        if attachment.question_key:
            files.setdefault(attachment.question_key, []).append(attachment)
    return [
        SectionAnswers(
            index=index,
            title=title,
            rows=[
                AnswerRow(
                    question=question,
                    value=display_value(
                        question, answers.get(question.key), territories
                    ),
                    files=files.get(question.key, []),
                )
                for question in questions
            ],
        )
        for index, title, questions in sections
    ]
