"""The reviewer's grid: drafts (partial, French decimal comma), errors next to
their fields with nothing lost, the recap before submitting, and the read-only
review once submitted."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from reviews import services
from reviews.enums import ReviewStatus
from reviews.models import Review
from tests.factories import assign

pytestmark = pytest.mark.django_db


def grid_url(assignment) -> str:
    return reverse("reviews_admin:review_grid", args=[assignment.pk])


@pytest.fixture
def accepted(dossier, reviewers, manager):
    assignment = assign(dossier, reviewers[0], manager)
    return services.assignment_accept(assignment=assignment, user=reviewers[0])


@pytest.fixture
def reviewer_client(client, accepted):
    client.force_login(accepted.reviewer)
    return client


def posted(criteria, scores=(), comments=(), **extra) -> dict:
    """The grid's POST data: ``scores``/``comments`` in the criteria's order."""
    data = {}
    for criterion, value in zip(criteria, scores, strict=False):
        data[f"score-{criterion.pk}"] = value
    for criterion, text in zip(criteria, comments, strict=False):
        data[f"comment-{criterion.pk}"] = text
    return {**data, **extra}


def input_tag(content: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', content)
    assert match, name
    return match.group(0)


def test_grid_shows_a_fieldset_and_a_bounded_number_input_per_criterion(
    reviewer_client, accepted, criteria
):
    criteria[0].guidance = "La gouvernance associe-t-elle les usagers ?"
    criteria[0].save()

    response = reviewer_client.get(grid_url(accepted))

    content = response.content.decode()
    assert response.status_code == 200
    assert content.count("<fieldset") == len(criteria) + 1  # + the recommendation
    assert "<legend" in content and "Gouvernance" in content
    assert "La gouvernance associe-t-elle les usagers ?" in content
    score = input_tag(content, f"score-{criteria[1].pk}")
    assert 'type="number"' in score
    assert 'min="0"' in score and 'max="10"' in score and 'step="0.01"' in score
    assert "maxlength" not in score
    assert f'<label class="w-field__label" for="id_score-{criteria[1].pk}"' in content
    for value in ("favourable", "reserved", "unfavourable"):
        assert f'value="{value}"' in content
    assert 'data-testid="grid-draft"' in content
    assert 'data-testid="grid-submit"' in content


def test_a_partial_draft_with_a_decimal_comma_is_saved(
    reviewer_client, accepted, criteria
):
    response = reviewer_client.post(
        grid_url(accepted),
        posted(criteria, ["3,5"], ["Solide"], draft="1", comment="À compléter"),
    )

    assert response.status_code == 302
    assert response.url == grid_url(accepted)
    review = Review.objects.get(assignment=accepted)
    assert review.status == ReviewStatus.DRAFT
    scores = {s.criterion_id: (s.value, s.comment) for s in review.scores.all()}
    assert scores == {
        criteria[0].pk: (Decimal("3.5"), "Solide"),
        criteria[1].pk: (None, ""),
    }
    assert review.comment == "À compléter"
    # The draft comes back in the grid, as a number input's value.
    content = reviewer_client.get(grid_url(accepted)).content.decode()
    assert 'value="3.5"' in input_tag(content, f"score-{criteria[0].pk}")


def test_a_draft_out_of_bounds_shows_the_error_at_the_field_and_keeps_the_input(
    reviewer_client, accepted, criteria
):
    response = reviewer_client.post(
        grid_url(accepted),
        posted(criteria, ["2", "12"], ["Bien", "Très bien"], draft="1"),
    )

    content = response.content.decode()
    assert response.status_code == 200
    field_id = f"id_score-{criteria[1].pk}"
    score = input_tag(content, f"score-{criteria[1].pk}")
    assert f'aria-describedby="{field_id}_error"' in score
    assert 'aria-invalid="true"' in score
    assert 'value="12"' in score
    assert f'id="{field_id}_error"' in content
    assert "10" in content[content.index(f'id="{field_id}_error"') :][:300]
    assert f'href="#{field_id}"' in content  # the summary links to the field
    assert 'value="2"' in input_tag(content, f"score-{criteria[0].pk}")
    assert "Très bien" in content
    assert not Review.objects.exists()


def test_a_score_that_is_not_a_number_is_shown_again_as_typed(
    reviewer_client, accepted, criteria
):
    response = reviewer_client.post(
        grid_url(accepted), posted(criteria, ["trois"], draft="1")
    )

    score = input_tag(response.content.decode(), f"score-{criteria[0].pk}")
    assert 'value="trois"' in score
    assert 'type="text"' in score
    assert 'aria-invalid="true"' in score
    assert not Review.objects.exists()


def test_submitting_shows_a_recap_with_the_total_before_confirming(
    reviewer_client, accepted, criteria
):
    data = posted(
        criteria,
        ["4", "5"],
        ["Gouvernance exemplaire", "Territoire couvert"],
        submit="1",
        comment="Projet solide.",
        recommendation="favourable",
    )

    response = reviewer_client.post(grid_url(accepted), data)

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="grid-recap"' in content
    assert response.context["total"] == "87,50 / 100"
    assert [line[1] for line in response.context["lines"]] == ["4", "5"]
    assert "87,50 / 100" in content
    review = Review.objects.get(assignment=accepted)
    assert review.status == ReviewStatus.DRAFT  # saved, not submitted
    assert review.total is None
    assert 'name="confirmed" value="True"' in content

    response = reviewer_client.post(grid_url(accepted), {**data, "confirmed": "True"})

    assert response.status_code == 302
    assert response.url == reverse("reviews_admin:assignment", args=[accepted.pk])
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    assert review.total == Decimal("87.5")
    assert review.recommendation == "favourable"


def test_an_incomplete_submission_shows_each_error_at_its_field(
    reviewer_client, accepted, criteria
):
    response = reviewer_client.post(
        grid_url(accepted), posted(criteria, ["1", ""], submit="1")
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="grid-recap"' not in content
    form = response.context["form"]
    low, missing = criteria
    assert form.errors[f"comment-{low.pk}"]  # a score below half needs a comment
    assert form.errors[f"score-{missing.pk}"]
    assert form.errors["comment"]
    assert form.errors["recommendation"]
    assert 'aria-describedby="id_recommendation_error"' in content
    assert (
        f'aria-describedby="id_comment-{low.pk}_helptext id_comment-{low.pk}_error"'
        in (content)
    )
    assert 'value="1"' in input_tag(content, f"score-{low.pk}")
    review = Review.objects.get(assignment=accepted)  # the draft is kept
    assert review.status == ReviewStatus.DRAFT


def test_a_submitted_review_is_read_only(reviewer_client, accepted, criteria):
    services.review_submit(
        assignment=accepted,
        user=accepted.reviewer,
        scores={criteria[0].pk: 2, criteria[1].pk: 10},
        comments={criteria[0].pk: "Gouvernance à renforcer"},
        comment="Intéressant.",
        recommendation="reserved",
    )

    response = reviewer_client.get(grid_url(accepted))

    content = response.content.decode()
    assert 'data-testid="grid-readonly"' in content
    assert 'data-testid="grid-form"' not in content
    assert "62,50 / 100" in content
    assert "Gouvernance à renforcer" in content
    response = reviewer_client.post(
        grid_url(accepted),
        posted(criteria, ["4", "10"], submit="1", confirmed="True"),
    )
    assert response.status_code == 302
    review = Review.objects.get(assignment=accepted)
    assert review.total == Decimal("62.5")
    assert {s.value for s in review.scores.all()} == {Decimal(2), Decimal(10)}


def test_the_grid_of_another_reviewer_is_404(client, accepted, reviewers, criteria):
    client.force_login(reviewers[1])

    assert client.get(grid_url(accepted)).status_code == 404
    response = client.post(grid_url(accepted), posted(criteria, ["3"], draft="1"))
    assert response.status_code == 404
    assert not Review.objects.exists()
