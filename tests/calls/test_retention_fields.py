"""Issue 13: the manager sets, in the call's editor, how long its dossiers are
kept after the decision (accepted ones, the others); empty means the default."""

import pytest
from django.urls import reverse

from tests.calls.test_dates_and_publication import EDIT_URL, edit_data
from tests.factories import CallFactory, ReviewerFactory

pytestmark = pytest.mark.django_db

BOUNDS_ERROR = "Saisissez un nombre d'années entre 1 et 30."


def test_the_editor_offers_the_two_durations(manager_client, authority):
    call = CallFactory(authority=authority)
    response = manager_client.get(reverse(EDIT_URL, args=[call.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    assert "retention_years_accepted" in form.fields
    assert "retention_years_other" in form.fields


def test_the_manager_sets_the_durations(manager_client, authority):
    call = CallFactory(authority=authority)
    data = edit_data(call, retention_years_accepted="15", retention_years_other="3")
    response = manager_client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    call.refresh_from_db()
    assert (call.retention_years_accepted, call.retention_years_other) == (15, 3)


def test_empty_durations_mean_the_defaults(manager_client, authority):
    call = CallFactory(
        authority=authority, retention_years_accepted=15, retention_years_other=3
    )
    data = edit_data(call, retention_years_accepted="", retention_years_other="")
    response = manager_client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    call.refresh_from_db()
    assert (call.retention_years_accepted, call.retention_years_other) == (None, None)


@pytest.mark.parametrize("years", ["0", "31"])
def test_a_duration_out_of_bounds_is_refused(manager_client, authority, years):
    call = CallFactory(authority=authority)
    data = edit_data(call, retention_years_accepted=years, retention_years_other=years)
    response = manager_client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["retention_years_accepted"] == [BOUNDS_ERROR]
    assert errors["retention_years_other"] == [BOUNDS_ERROR]
    call.refresh_from_db()
    assert call.retention_years_accepted is None


def test_a_reviewer_cannot_edit_the_durations(client, authority):
    call = CallFactory(authority=authority)
    client.force_login(ReviewerFactory())
    data = edit_data(call, retention_years_accepted="20")
    response = client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code in (302, 403)
    call.refresh_from_db()
    assert call.retention_years_accepted is None
