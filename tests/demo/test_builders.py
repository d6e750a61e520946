from datetime import UTC, datetime, time

import pytest
from django.core.exceptions import ValidationError

from calls.models import Call
from demo.dates import PARIS, days_from
from demo.streams import (
    _question,
    multiple_choice,
    questionnaire_data,
    section,
    short_text,
    stable_id,
)
from demo.validation import clean_streams
from tests.factories import CallFactory


def test_questionnaire_data_gives_stable_ids():
    sections = [section("a", "Étape", "", short_text("nom", "Nom"))]
    first = questionnaire_data("AAC-2026-TST-001", sections)
    assert first == questionnaire_data("AAC-2026-TST-001", sections)
    assert first[0]["value"]["questions"][0]["id"] == stable_id(
        "AAC-2026-TST-001", "question", "nom"
    )
    assert first != questionnaire_data("AAC-2026-TST-002", sections)


def test_questionnaire_data_refuses_a_key_used_twice():
    sections = [
        section("a", "Étape 1", "", short_text("nom", "Nom")),
        section("b", "Étape 2", "", short_text("nom", "Autre nom")),
    ]
    with pytest.raises(ValueError, match="used twice"):
        questionnaire_data("AAC-2026-TST-001", sections)


def test_question_refuses_an_unknown_block_type():
    with pytest.raises(ValueError, match="Unknown question block type"):
        _question("signature", "sig", "Signature", "", True)


@pytest.mark.django_db
def test_clean_streams_checks_the_blocks_full_clean_does_not():
    call: Call = CallFactory.build(authority=CallFactory().authority)
    call.questionnaire = questionnaire_data(
        "AAC-2026-TST-001",
        [
            section(
                "a",
                "Étape",
                "",
                multiple_choice("x", "Choix", ["Un", "Deux"], max_selected=5),
            ),
        ],
    )
    call.full_clean()  # Django's validation does not look inside the blocks
    with pytest.raises(ValidationError) as error:
        clean_streams(call)
    assert list(error.value.message_dict) == ["questionnaire"]


@pytest.mark.parametrize(
    ("now", "days", "expected"),
    [
        # 23:30 UTC on 31 December is already 1 January in Paris.
        (
            datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
            0,
            datetime(2027, 1, 1, 12, 0, tzinfo=PARIS),
        ),
        # Across the spring change, noon stays noon in Paris.
        (
            datetime(2027, 3, 27, 10, 0, tzinfo=UTC),
            1,
            datetime(2027, 3, 28, 12, 0, tzinfo=PARIS),
        ),
    ],
)
def test_days_from_counts_paris_days(now, days, expected):
    result = days_from(now, days, time(12, 0))
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()
