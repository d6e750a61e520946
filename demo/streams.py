"""Builders for StreamField values: the questionnaire, page bodies and FAQs.

Every block gets a stable id derived from where it sits (the call reference or
page slug, then the question key…). A question's block id is the key its answers
are stored under, so seeding again must not change it; stable ids also make a
page's content compare equal from one run to the next.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from decimal import Decimal

from calls.blocks import QuestionStreamBlock

from .specs import Question, Section

# Any fixed UUID will do; changing it changes every block id of the demo.
_NAMESPACE = uuid.UUID("6a1f3c1e-5b0e-4c52-9d8e-2f7f4d1e9a07")
_QUESTION_TYPES = frozenset(QuestionStreamBlock().child_blocks)


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _list_items(owner: str, items: Iterable[str]) -> list[dict]:
    """A ListBlock value in Wagtail's block format, with stable item ids."""
    return [
        {"type": "item", "value": item, "id": stable_id(owner, str(position))}
        for position, item in enumerate(items)
    ]


# Questions -------------------------------------------------------------------


def _question(
    block_type: str, key: str, label: str, help_text: str, required: bool, **settings
) -> Question:
    if block_type not in _QUESTION_TYPES:
        # Wagtail silently drops unknown block types from raw data: fail loudly.
        raise ValueError(f"Unknown question block type: {block_type!r}")
    value = {"label": label, "help_text": help_text, "required": required, **settings}
    return Question(block_type=block_type, key=key, value=value)


def short_text(
    key: str,
    label: str,
    *,
    help_text: str = "",
    required: bool = True,
    max_length: int = 255,
) -> Question:
    return _question(
        "short_text", key, label, help_text, required, max_length=max_length
    )


def long_text(
    key: str, label: str, *, max_chars: int, help_text: str = "", required: bool = True
) -> Question:
    return _question("long_text", key, label, help_text, required, max_chars=max_chars)


def number(
    key: str,
    label: str,
    *,
    unit: str = "",
    min_value: int | None = None,
    max_value: int | None = None,
    help_text: str = "",
    required: bool = True,
) -> Question:
    return _question(
        "number",
        key,
        label,
        help_text,
        required,
        unit=unit,
        min_value=min_value,
        max_value=max_value,
    )


def amount(
    key: str,
    label: str,
    *,
    max_amount: Decimal | None = None,
    help_text: str = "",
    required: bool = True,
) -> Question:
    # Raw StreamField data is JSON: a decimal travels as a string.
    limit = None if max_amount is None else str(max_amount)
    return _question("amount", key, label, help_text, required, max_amount=limit)


def date(
    key: str, label: str, *, help_text: str = "", required: bool = True
) -> Question:
    return _question("date", key, label, help_text, required)


def choice(
    key: str,
    label: str,
    choices: Iterable[str],
    *,
    help_text: str = "",
    required: bool = True,
) -> Question:
    return _question("choice", key, label, help_text, required, choices=list(choices))


def multiple_choice(
    key: str,
    label: str,
    choices: Iterable[str],
    *,
    max_selected: int | None = None,
    help_text: str = "",
    required: bool = True,
) -> Question:
    return _question(
        "multiple_choice",
        key,
        label,
        help_text,
        required,
        choices=list(choices),
        max_selected=max_selected,
    )


def territory(
    key: str,
    label: str,
    *,
    level: str,
    multiple: bool = False,
    help_text: str = "",
    required: bool = True,
) -> Question:
    return _question(
        "territory", key, label, help_text, required, level=level, multiple=multiple
    )


def identifier(
    key: str,
    label: str,
    *,
    identifier: str,
    help_text: str = "",
    required: bool = True,
) -> Question:
    """A SIRET, SIREN or FINESS number of another body than the lead (the lead's
    identity comes from its organisation)."""
    return _question(
        "identifier", key, label, help_text, required, identifier=identifier
    )


def budget_table(
    key: str,
    label: str,
    *,
    rows: Iterable[str],
    columns: Iterable[str],
    income_rows: Iterable[str] = (),
    help_text: str = "",
    required: bool = True,
) -> Question:
    """``rows`` are expenditure lines, ``income_rows`` the resources other than
    the ARS (co-financing): the request is their difference."""
    return _question(
        "budget_table",
        key,
        label,
        help_text,
        required,
        rows=list(rows),
        income_rows=list(income_rows),
        columns=list(columns),
    )


def file(
    key: str,
    label: str,
    *,
    allowed_types: Iterable[str],
    max_size_mb: int = 10,
    help_text: str = "",
    required: bool = True,
) -> Question:
    return _question(
        "file",
        key,
        label,
        help_text,
        required,
        allowed_types=list(allowed_types),
        max_size_mb=max_size_mb,
    )


def section(key: str, title: str, intro: str, *questions: Question) -> Section:
    return Section(key=key, title=title, intro=intro, questions=questions)


def questionnaire_data(reference: str, sections: Iterable[Section]) -> list[dict]:
    """The raw StreamField data of a call's questionnaire."""
    seen: set[str] = set()
    data = []
    for sec in sections:
        questions = []
        for question in sec.questions:
            if question.key in seen:
                raise ValueError(
                    f"{reference}: question key {question.key!r} is used twice"
                )
            seen.add(question.key)
            question_id = stable_id(reference, "question", question.key)
            value = dict(question.value)
            for list_name in ("choices", "rows", "income_rows", "columns"):
                if list_name in value:
                    value[list_name] = _list_items(
                        f"{question_id}/{list_name}", value[list_name]
                    )
            questions.append(
                {"type": question.block_type, "value": value, "id": question_id}
            )
        data.append(
            {
                "type": "section",
                "value": {
                    "title": sec.title,
                    "intro": sec.intro,
                    "questions": questions,
                },
                "id": stable_id(reference, "section", sec.key),
            }
        )
    return data


# Page content ----------------------------------------------------------------


def heading(text: str, level: str = "h2") -> tuple[str, object]:
    return ("heading", {"text": text, "level": level})


def paragraph(html: str) -> tuple[str, object]:
    return ("paragraph", html)


def callout(title: str, text: str) -> tuple[str, object]:
    return ("callout", {"title": title, "text": text})


def faq_item(question: str, answer_html: str) -> tuple[str, object]:
    return ("item", {"question": question, "answer": answer_html})


def stream_data(owner: str, blocks: Iterable[tuple[str, object]]) -> list[dict]:
    """Raw StreamField data for ``(block_type, value)`` pairs, with stable ids."""
    return [
        {"type": block_type, "value": value, "id": stable_id(owner, str(position))}
        for position, (block_type, value) in enumerate(blocks)
    ]
