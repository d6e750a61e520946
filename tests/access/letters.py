"""The decision letters in the matrix: the applicant's side (the « Décision »
section of their dossier page, the letter opened inline from /espace/) and
the managers' dossier page that shows the proof of notification.

The world's ``decided`` dossier (the applicant's organisation, authority A's
call) is accepted and notified: ``letter`` is its letter, not opened yet.

What must hold (issue 10): only the dossier's organisation's active members
open its letter (404 for everyone else signed in, staff included: they have
their own pages); the anonymous are sent to sign in.

The applicant's cell opens the letter and so records its first opening: each
cell runs in its own transaction, rolled back after it, so no other cell sees
the letter opened whatever the order.
"""

from __future__ import annotations

from .expectations import applicant_only, row
from .instruction import NS, managers_side


def decided(o):
    return {"pk": o.decided.pk}


ROWS = [
    row(
        "reviews_espace:letter_open",
        note="the applicant's opening is the proof of notification",
        kwargs=lambda o: {"pk": o.decided.pk, "letter_pk": o.letter.pk},
        **applicant_only(),
    ),
    row(
        "applications:dossier_detail",
        id="applications:dossier_detail-decided",
        note="with its « Décision » section",
        kwargs=decided,
        **applicant_only(),
    ),
    row(
        f"{NS}:dossier",
        id=f"{NS}:dossier-decided",
        note="with its decision, letter and notification",
        kwargs=decided,
        **managers_side(),
    ),
]
