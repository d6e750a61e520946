"""seed_demo on a machine where WeasyPrint cannot render (no Pango): the seed
completes, the Bretagne release's items are failed, and the next run, once the
letters can be rendered, sends them."""

from collections import Counter

import pytest

from applications.models import Application
from core.models import OutboundEmail
from reviews.models import Decision, DecisionLetter, ReleaseItem

from .seeding import seed

pytestmark = pytest.mark.django_db

CALL = "AAC-2024-BRE-FIL"


def no_pango(*args, **kwargs):
    # What WeasyPrint raises when it cannot load its system libraries.
    raise OSError("cannot load library 'libpango-1.0-0'")


def states() -> Counter:
    return Counter(
        Application.objects.filter(call__reference=CALL).values_list("state", flat=True)
    )


def outcome_emails() -> int:
    return OutboundEmail.objects.filter(template__startswith="decision_").count()


def test_without_pango_the_seed_completes_and_the_next_run_sends_the_letters(
    monkeypatch,
):
    with monkeypatch.context() as patched:
        patched.setattr("reviews.letters.render_pdf", no_pango)
        output = seed()

    assert "8 courrier(s) de décision en échec" in output
    items = ReleaseItem.objects.filter(batch__call__reference=CALL)
    assert Counter(items.values_list("status", flat=True)) == {"failed": 8}
    assert all("libpango" in item.error for item in items)
    assert states() == {"reviewed": 8}
    assert not Decision.objects.filter(released_at__isnull=False).exists()
    assert not DecisionLetter.objects.exists()
    assert outcome_emails() == 0

    output = seed()

    assert "en échec" not in output
    assert Counter(items.values_list("status", flat=True)) == {"done": 8}
    assert states() == {"accepted": 8}
    assert DecisionLetter.objects.filter(notified_at__isnull=False).count() == 8
    assert outcome_emails() == 8
