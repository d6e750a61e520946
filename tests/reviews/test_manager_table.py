"""The instruction table, the calls page, the rankings, the exports and a
reviewer's declarations of interests, from the managers' side."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reviews import services
from tests.factories import (
    AuthorityFactory,
    InterestDeclarationFactory,
    ReviewerFactory,
    assign,
    submitted_review,
    under_review,
)

from .manager_support import BASE, text_of


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def two(call, dossier, criteria, manager, reviewers):
    """``dossier``: the worked example (75, spread 25, flagged); ``calm``: 87.5
    and 87.5 (no disagreement); ``empty``: no reviewer."""
    first, second = criteria
    for reviewer, scores in ((reviewers[0], (4, 5)), (reviewers[1], (2, 10))):
        submitted_review(
            assign(dossier, reviewer, manager),
            dict(zip((first.pk, second.pk), scores, strict=True)),
        )
    calm = under_review(call, manager=manager, title="Projet consensuel")
    for reviewer in reviewers[:2]:
        submitted_review(assign(calm, reviewer, manager), {first.pk: 4, second.pk: 5})
    empty = under_review(call, manager=manager, title="Projet sans instructeur")
    return {"flagged": dossier, "calm": calm, "empty": empty}


def table(client, call, query=""):
    return client.get(f"{BASE}appels/{call.pk}/{query}")


def references(response):
    return [item["row"].application.reference for item in response.context["rows"]]


def test_table_lists_the_dossiers_with_their_scores(manager_client, call, two):
    response = table(manager_client, call)

    assert response.status_code == 200
    by_pk = {item["row"].application.pk: item for item in response.context["rows"]}
    flagged = by_pk[two["flagged"].pk]
    assert (flagged["score"], flagged["median"], flagged["spread"]) == (
        "75,0",
        "75,0",
        "25,0",
    )
    assert flagged["row"].flagged is True
    assert by_pk[two["calm"].pk]["row"].flagged is False
    assert by_pk[two["empty"].pk]["score"] == "—"
    content = response.content.decode()
    assert content.count('data-testid="flag"') == 1  # in text, once
    assert "<caption>" in content
    for slug in ("affecter", "repartir", "classement"):
        assert f"{BASE}appels/{call.pk}/{slug}/" in content
    assert f"{BASE}appels/{call.pk}/export/classement.csv" in content
    assert f"{BASE}appels/{call.pk}/export/instruction.xlsx" in content


def test_table_filters_the_flagged(manager_client, call, two):
    response = table(manager_client, call, "?flagged=1")
    assert references(response) == [two["flagged"].reference]

    response = table(manager_client, call, "?flagged=0")
    assert set(references(response)) == {two["calm"].reference, two["empty"].reference}


def test_table_searches(manager_client, call, two):
    response = table(manager_client, call, "?q=consensuel")
    assert references(response) == [two["calm"].reference]


def test_table_sorts_by_score_and_by_spread(manager_client, call, two):
    by_score = references(table(manager_client, call, "?order=-score"))
    assert by_score == [
        two["calm"].reference,
        two["flagged"].reference,
        two["empty"].reference,
    ]

    by_spread = references(table(manager_client, call, "?order=-spread"))
    assert by_spread[0] == two["flagged"].reference


def test_table_paginates_and_keeps_the_query_string(
    manager_client, call, two, monkeypatch
):
    monkeypatch.setattr("reviews.admin.manager_table.PER_PAGE", 2)

    first = table(manager_client, call, "?order=-score&q=projet")
    assert first.context["paginator"].count == 3
    assert len(first.context["rows"]) == 2
    assert 'href="?order=-score&amp;q=projet&amp;page=2"' in first.content.decode()

    second = table(manager_client, call, "?order=-score&q=projet&page=2")
    assert references(second) == [two["empty"].reference]


def test_table_ignores_an_unknown_filter_value(manager_client, call, two):
    response = table(manager_client, call, "?progress=nimporte&q=consensuel")
    assert response.status_code == 200
    assert references(response) == [two["calm"].reference]


def test_table_shows_a_detected_conflict_with_its_override_link(
    manager_client, call, dossier, manager, reviewers
):
    assignment = assign(dossier, reviewers[0], manager)
    InterestDeclarationFactory(
        reviewer=reviewers[0], siren=dossier.organisation.siret[:9]
    )

    response = table(manager_client, call)

    assert dossier.organisation.siret[:9] in text_of(response)
    assert f"{BASE}affectations/{assignment.pk}/conflit/" in response.content.decode()


def _queries(client, call) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert table(client, call).status_code == 200
    return len(queries)


def test_table_queries_do_not_grow_with_the_rows(
    manager_client, call, criteria, manager, reviewers
):
    first, second = criteria

    def add(n):
        for _ in range(n):
            d = under_review(call, manager=manager)
            for reviewer in reviewers[:2]:
                submitted_review(
                    assign(d, reviewer, manager), {first.pk: 3, second.pk: 5}
                )

    add(2)
    small = _queries(manager_client, call)
    add(4)
    large = _queries(manager_client, call)
    assert small == large


def test_calls_page_lists_the_call_with_its_progress(manager_client, call, two):
    response = manager_client.get(f"{BASE}appels/")

    [progress] = response.context["calls"]
    assert progress.call == call
    assert progress.dossiers == 3
    assert progress.flagged == 1


# Ranking and exports ---------------------------------------------------------


def test_ranking_shows_raw_and_normalised(manager_client, call, two):
    response = manager_client.get(f"{BASE}appels/{call.pk}/classement/")

    assert response.status_code == 200
    raw = [
        (item["row"].application, item["row"].rank, item["score"])
        for item in response.context["raw_rows"]
    ]
    assert raw == [
        (two["calm"], 1, "87,5"),
        (two["flagged"], 2, "75,0"),
        (two["empty"], None, "—"),
    ]
    normalised = response.context["normalised"]
    assert normalised.min_reviews == call.normalisation_min_reviews
    # Two reviews each, below the default threshold of 5: nobody is normalised.
    assert {n.reviewer.pk for n in response.context["not_normalised"]} == {
        n.reviewer.pk for n in normalised.reviewers
    }
    assert all(
        item["normalised"] == "—" for item in response.context["normalised_rows"]
    )
    assert 'data-testid="normalisation-method"' in response.content.decode()


def test_ranking_normalises_reviewers_above_the_threshold(manager_client, call, two):
    call.normalisation_min_reviews = 2
    call.save(update_fields=["normalisation_min_reviews"])

    response = manager_client.get(f"{BASE}appels/{call.pk}/classement/")

    rows = {
        item["row"].application.pk: item for item in response.context["normalised_rows"]
    }
    assert rows[two["calm"].pk]["row"].rank_normalised == 1
    assert rows[two["calm"].pk]["normalised"].startswith("+")


@pytest.mark.parametrize(
    "tail", ["export/autre.csv", "export/classement.pdf", "export/instruction.json"]
)
def test_export_of_an_unknown_table_or_format_is_404(manager_client, call, tail):
    assert manager_client.get(f"{BASE}appels/{call.pk}/{tail}").status_code == 404


@pytest.mark.parametrize("table_name", ["classement", "instruction"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_answers_the_file(manager_client, call, two, table_name, fmt):
    response = manager_client.get(f"{BASE}appels/{call.pk}/export/{table_name}.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Disposition"].rstrip('"').endswith(f".{fmt}")
    body = b"".join(response.streaming_content)
    if fmt == "csv":
        assert two["calm"].reference.encode() in body
    else:
        assert body.startswith(b"PK")  # a zip: the XLSX workbook


# A reviewer's declarations of interests ------------------------------------------


def test_reviewer_interests_are_shown_read_only(manager_client, reviewers):
    InterestDeclarationFactory(
        reviewer=reviewers[0], organisation_name="CH de Morlaix", siren="123456782"
    )

    response = manager_client.get(f"{BASE}instructeurs/{reviewers[0].pk}/interets/")

    assert response.status_code == 200
    content = text_of(response)
    assert "CH de Morlaix" in content
    assert "123456782" in content
    assert (
        "<form"
        not in response.content.decode().split('data-testid="reviewer-interests"')[1]
    )


def test_reviewer_interests_of_another_authority_are_404(manager_client, manager):
    stranger = ReviewerFactory(username="ailleurs", authority=AuthorityFactory())
    assert (
        manager_client.get(f"{BASE}instructeurs/{stranger.pk}/interets/").status_code
        == 404
    )
    # A manager colleague is not a reviewer: 404 as well.
    assert (
        manager_client.get(f"{BASE}instructeurs/{manager.pk}/interets/").status_code
        == 404
    )


def test_frozen_score_stays_after_completion(manager_client, call, two, manager):
    services.application_complete_review(application=two["flagged"], user=manager)

    response = table(manager_client, call, "?flagged=1")
    [item] = response.context["rows"]
    assert item["row"].score == Decimal("75")
