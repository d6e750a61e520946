"""Issue 13: when a decided dossier's retention period is over, the files of its
decision letters are deleted too; the letters' numbers and the decision stay."""

import datetime

from django.test import TestCase
from django.utils import timezone

from applications.retention import retention_apply
from tests.reviews.test_applicant_letters import release


def test_the_letters_files_are_deleted_with_the_dossier(decided, manager):
    decision = release(decided("accepted", amount="80000"), manager)
    letter = decision.letters.get()
    storage, name = letter.file.storage, letter.file.name
    assert storage.exists(name)

    later = timezone.now() + datetime.timedelta(days=366 * 10 + 3)
    with TestCase.captureOnCommitCallbacks(execute=True):
        report = retention_apply(now=later)
    assert report.anonymised == [decision.application.reference]
    # The receipt and the letter (no attachment in this dossier).
    assert report.files_deleted >= 1
    assert not storage.exists(name)
    letter.refresh_from_db()
    assert letter.file.name == ""
    assert letter.number
    decision.refresh_from_db()
    assert decision.amount == 80000
