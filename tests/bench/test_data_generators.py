"""The benchmark generators (``bench.data``) at a tiny size: the rows they
insert in bulk are what the services would leave, so the pages and selectors
measured by ``make bench`` read them as they read real dossiers."""

from decimal import Decimal

import pytest
from django.urls import reverse

from applications.selectors import applications_for_espace
from applications.staff.selectors import applications_managed_by
from bench import data
from directory.selectors import search_services
from reviews import services
from reviews.enums import ReleaseItemStatus
from reviews.exports import csv_lines, instruction_export_table
from reviews.models import DecisionLetter, Score
from reviews.selectors.ranking import ranking_for_call

pytestmark = pytest.mark.django_db


def test_instruction_data_ranks_every_dossier_with_its_reviews_and_scores():
    made = data.instruction_data(4, reviews=3, criteria=2)
    rows = ranking_for_call(made.call)
    assert len(rows) == 4
    assert [row.reviews_count for row in rows] == [3, 3, 3, 3]
    assert all(Decimal(0) <= row.score <= Decimal(100) for row in rows)
    assert rows[0].rank == 1
    scores = Score.objects.filter(review__assignment__application__call=made.call)
    assert scores.count() == 4 * 3 * 2
    assert made.instruction.scores == 24


def test_instruction_data_exports_one_line_per_dossier():
    made = data.instruction_data(3, reviews=2, criteria=0)
    table = instruction_export_table(made.call)
    lines = list(csv_lines(table.headers, table.rows))
    assert len(lines) == 1 + 3
    assert lines[1].startswith(f"{made.call.reference}-0001;")


def test_staff_list_data_is_listed_for_its_manager(client):
    made = data.staff_list_data(3)
    assert applications_managed_by(made.manager).count() == 3
    client.force_login(made.manager)
    response = client.get(reverse("dossiers_admin:index"))
    assert response.status_code == 200
    for application in made.instruction.applications:
        assert application.reference in response.content.decode()


def test_letters_data_is_released_letter_by_letter():
    made, decisions = data.letters_data(3)
    assert [d.outcome for d in decisions] == ["accepted", "accepted", "rejected"]
    batch = services.decisions_release(call=made.call, user=made.manager)
    items = services.release_batch_process(batch=batch)
    assert [item.status for item in items] == [ReleaseItemStatus.DONE] * 3
    assert DecisionLetter.objects.filter(decision__in=decisions).count() == 3


def test_national_data_grows_and_keeps_the_applicants_dossiers(client):
    made = data.national_data(2)
    data.national_grow(made, dossiers_total=12, services_total=5)
    assert made.dossiers == 12
    assert len(made.calls) == 2
    assert applications_managed_by(made.managers[1]).count() == 4
    assert applications_managed_by(made.managers[0]).count() == 8  # 3 + 5
    assert search_services(query="soins palliatifs").count() == 5
    client.force_login(made.applicant)
    response = client.get(reverse("applications:home"))
    assert response.status_code == 200
    reference = made.calls[0][0].reference
    assert applications_for_espace(made.applicant).count() == 3
    page = response.content.decode()
    assert all(f"{reference}-{n:04d}" in page for n in (1, 2, 3))
    assert f"{reference}-0004" not in page  # the call's dossiers of others
    data.national_grow(made, dossiers_total=20, services_total=8)
    assert search_services(query="").count() == 8
    assert client.get(made.directory_url, {"q": "palliatifs"}).status_code == 200
