"""What the reviews app erases when a dossier's retention term runs out
(``applications.signals.dossier_anonymised``): the files of its decision
letters. The letter rows stay, with their number and dates: the register of
letters and the decision they carry are not personal data."""

from __future__ import annotations

from core.storage import delete_on_commit

from .models import DecisionLetter


def letters_erase(*, application) -> int:
    """Delete the stored files of the letters of ``application``'s decision, once
    the transaction commits; how many."""
    letters = list(
        DecisionLetter.objects.filter(decision__application=application).exclude(
            file=""
        )
    )
    count = delete_on_commit([letter.file for letter in letters])
    DecisionLetter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        file=""
    )
    return count
