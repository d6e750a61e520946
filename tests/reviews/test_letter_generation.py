"""Decision letters generated, numbered and kept: one number per authority
and year, one letter per recorded decision (a retried task stores one), a
corrected decision's letter superseding the earlier one, which stays on record."""

import datetime
import hashlib
import io
import threading

import pytest
from django.db import connection, connections, transaction
from pypdf import PdfReader

from core.models import ActivityEntry, OutboundEmail
from reviews import services
from reviews.models import DecisionLetter, LetterSequence
from tests.factories import AuthorityFactory

ISSUED_ON = datetime.date(2026, 12, 3)


def pdf_text(letter) -> str:
    with letter.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_a_letter_is_numbered_stored_and_hashed(decided):
    decision = decided()
    emails = OutboundEmail.objects.count()
    letter = services.decision_letter_generate(decision=decision, issued_on=ISSUED_ON)
    assert letter.number == "ARS-ARA-2026-00001"
    assert (letter.year, letter.sequence, letter.issued_on) == (2026, 1, ISSUED_ON)
    with letter.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == letter.sha256
    text = pdf_text(letter)
    assert "ARS-ARA-2026-00001" in text
    assert decision.application.reference in text
    assert OutboundEmail.objects.count() == emails  # sending is the release's
    assert ActivityEntry.objects.filter(action="decision_letter.generated").count() == 1


def test_numbers_follow_each_other_per_authority_and_year(decided):
    first = services.decision_letter_generate(decision=decided(), issued_on=ISSUED_ON)
    second = services.decision_letter_generate(
        decision=decided("rejected", motivation="Gouvernance incomplète."),
        issued_on=ISSUED_ON,
    )
    next_year = services.decision_letter_generate(
        decision=decided(), issued_on=datetime.date(2027, 1, 4)
    )
    assert [first.number, second.number, next_year.number] == [
        "ARS-ARA-2026-00001",
        "ARS-ARA-2026-00002",
        "ARS-ARA-2027-00001",
    ]
    other = AuthorityFactory(slug="ars-bre")
    assert services.letter_number_allocate(authority=other, year=2026) == (
        1,
        "ARS-BRE-2026-00001",
    )


def test_generating_twice_keeps_one_letter(decided):
    decision = decided()
    first = services.decision_letter_generate(decision=decision, issued_on=ISSUED_ON)
    again = services.decision_letter_generate(decision=decision, issued_on=ISSUED_ON)
    assert again.pk == first.pk
    assert DecisionLetter.objects.count() == 1
    assert LetterSequence.objects.get().last == 1


def test_a_corrected_decision_supersedes_its_letter(decided, manager):
    decision = decided()
    first = services.decision_letter_generate(decision=decision, issued_on=ISSUED_ON)
    corrected = services.decision_record(
        application=decision.application,
        user=manager,
        outcome="accepted",
        amount="200000",
    )
    second = services.decision_letter_generate(decision=corrected, issued_on=ISSUED_ON)
    first.refresh_from_db()
    assert second.pk != first.pk
    assert first.superseded_at is not None and second.is_current
    assert second.number == "ARS-ARA-2026-00002"
    assert "200 000" in pdf_text(second).replace("\u202f", " ").replace("\xa0", " ")
    assert first.file.storage.exists(first.file.name)  # kept on record


def test_a_failed_render_leaves_no_letter_and_no_number(decided, monkeypatch):
    decision = decided()

    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr("reviews.services.letters.render_decision_letter_pdf", broken)
    with pytest.raises(RuntimeError):
        services.decision_letter_generate(decision=decision, issued_on=ISSUED_ON)
    assert not DecisionLetter.objects.exists()
    assert not LetterSequence.objects.filter(last__gt=0).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_numbers_stay_unique_under_concurrent_allocation():
    if connection.vendor != "postgresql":
        pytest.skip("needs row locks (PostgreSQL)")
    authority = AuthorityFactory(slug="ars-con")
    numbers, errors = [], []
    barrier = threading.Barrier(6)

    def allocate():
        try:
            barrier.wait(timeout=10)
            for _ in range(5):
                with transaction.atomic():
                    numbers.append(
                        services.letter_number_allocate(authority=authority, year=2026)
                    )
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=allocate) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(seq for seq, _number in numbers) == list(range(1, 31))
