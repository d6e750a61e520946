"""A dossier's instruction page: reviews, chart and its table, consolidated
score, consensus note, thread, completion."""

from decimal import Decimal

import pytest

from applications.enums import ApplicationState
from reviews import services
from reviews.enums import ReviewerProgress
from reviews.models import ConsensusNote, ReviewMessage
from tests.factories import assign, submitted_review

from .manager_support import BASE, messages_of, text_of


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def worked(dossier, criteria, manager, reviewers):
    """The issue's worked example: 87.5 and 62.5, a third reviewer in draft."""
    first, second = criteria
    a = assign(dossier, reviewers[0], manager)
    b = assign(dossier, reviewers[1], manager)
    submitted_review(
        a, {first.pk: 4, second.pk: 5}, comments={first.pk: "Gouvernance solide."}
    )
    submitted_review(b, {first.pk: 2, second.pk: 10})
    return dossier


def dossier_url(dossier):
    return f"{BASE}dossiers/{dossier.pk}/"


def test_dossier_page_shows_the_consolidation_and_the_flag(manager_client, worked):
    response = manager_client.get(dossier_url(worked))

    assert response.status_code == 200
    context = response.context
    assert context["consolidated"].score == Decimal("75")
    assert (context["score_text"], context["median_text"], context["spread_text"]) == (
        "75,0",
        "75,0",
        "25,0",
    )
    assert context["consolidated"].flagged is True
    content = text_of(response)
    assert 'data-testid="instruction-flag"' in response.content.decode()
    assert "Gouvernance solide." in content
    assert f"/admin/dossiers/{worked.pk}/" in content  # the managers' dossier page


def test_dossier_page_shows_the_chart_and_its_table(manager_client, worked, criteria):
    response = manager_client.get(dossier_url(worked))

    rows = response.context["chart_rows"]
    assert [row.criterion.label for row in rows] == ["Gouvernance", "Territoire"]
    assert [row.values for row in rows] == [
        [Decimal(4), Decimal(2)],
        [Decimal(5), Decimal(10)],
    ]
    content = response.content.decode()
    assert "<svg" in content
    assert 'data-testid="criteria-table"' in content
    assert "<caption>" in content and 'scope="col"' in content


def test_dossier_page_does_not_show_a_draft(
    manager_client, dossier, criteria, manager, reviewers
):
    first, _second = criteria
    a = services.assignment_accept(
        assignment=assign(dossier, reviewers[0], manager), user=reviewers[0]
    )
    services.review_save_draft(
        assignment=a,
        user=reviewers[0],
        scores={first.pk: 1},
        comments={first.pk: "Brouillon secret."},
    )

    response = manager_client.get(dossier_url(dossier))

    assert "Brouillon secret." not in text_of(response)
    blocks = response.context["blocks"]
    assert [b.progress for b in blocks] == [str(ReviewerProgress.DRAFT.label)]
    assert blocks[0].submitted is False


def test_consensus_note_is_saved(manager_client, worked):
    response = manager_client.post(
        f"{BASE}dossiers/{worked.pk}/note/", {"text": "Consensus : à financer."}
    )

    assert response.status_code == 302
    assert ConsensusNote.objects.get(application=worked).text == (
        "Consensus : à financer."
    )


def test_empty_consensus_note_is_refused_on_the_page(manager_client, worked):
    response = manager_client.post(f"{BASE}dossiers/{worked.pk}/note/", {"text": ""})

    assert response.status_code == 200
    assert list(response.context["note_form"].errors) == ["text"]
    assert not ConsensusNote.objects.exists()


def test_consensus_note_get_redirects_to_the_dossier(manager_client, worked):
    response = manager_client.get(f"{BASE}dossiers/{worked.pk}/note/")
    assert response.status_code == 302
    assert response.url == dossier_url(worked)


def test_thread_message_is_posted(manager_client, worked, manager):
    response = manager_client.post(
        f"{BASE}dossiers/{worked.pk}/discussion/", {"body": "Pouvez-vous converger ?"}
    )

    assert response.status_code == 302
    message = ReviewMessage.objects.get()
    assert (message.author, message.body) == (manager, "Pouvez-vous converger ?")
    page = manager_client.get(dossier_url(worked))
    assert "Pouvez-vous converger ?" in text_of(page)


def test_too_long_thread_message_is_kept_with_the_error(manager_client, worked):
    body = "x" * 5001
    response = manager_client.post(
        f"{BASE}dossiers/{worked.pk}/discussion/", {"body": body}
    )

    assert response.status_code == 200
    assert response.context["message_form"].data["body"] == body
    assert not ReviewMessage.objects.exists()


def test_complete_is_refused_with_the_reasons(
    manager_client, dossier, criteria, manager, reviewers
):
    first, second = criteria
    submitted_review(
        assign(dossier, reviewers[0], manager), {first.pk: 4, second.pk: 5}
    )
    assign(dossier, reviewers[1], manager)
    url = f"{BASE}dossiers/{dossier.pk}/terminer/"

    page = manager_client.get(url)
    assert len(page.context["problems"]) == 2  # one not submitted; 1 < min 2
    assert 'data-testid="complete-form"' not in page.content.decode()

    response = manager_client.post(url, {"confirmed": "True"})

    assert response.status_code == 200
    assert len(response.context["reasons"]) == 2
    assert messages_of(response)
    dossier.refresh_from_db()
    assert dossier.state == ApplicationState.UNDER_REVIEW


def test_complete_freezes_the_score(manager_client, worked):
    url = f"{BASE}dossiers/{worked.pk}/terminer/"

    page = manager_client.get(url)
    assert page.context["problems"] == []
    assert page.context["score_text"] == "75,0"

    # Without the confirmation nothing happens.
    manager_client.post(url, {})
    worked.refresh_from_db()
    assert worked.state == ApplicationState.UNDER_REVIEW

    response = manager_client.post(url, {"confirmed": "True"})

    assert response.status_code == 302
    worked.refresh_from_db()
    assert worked.state == ApplicationState.REVIEWED
    assert worked.consolidation.score == Decimal("75")
    # The reviewed dossier still opens, without the completion link.
    page = manager_client.get(dossier_url(worked))
    assert page.status_code == 200
    assert 'data-testid="complete-link"' not in page.content.decode()
    assert 'data-testid="instruction-frozen"' in page.content.decode()
