"""Once reviewers have scored a call's dossiers, its grid cannot change in the
admin: their totals would no longer add up."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from tests.access.forms import call_edit
from tests.factories import assign, submitted_review

EDIT_URL = "wagtailsnippets_calls_call:edit"


def _edit_data(call, criteria, changes=None):
    changes = changes or {}
    data = call_edit(call)
    rows = [
        {
            "id": str(c.pk),
            "label": c.label,
            "guidance": c.guidance,
            "weight": str(c.weight),
            "max_score": str(c.max_score),
            **changes.get(c.pk, {}),
        }
        for c in criteria
    ]
    for key in [k for k in data if k.startswith("criteria-")]:
        del data[key]
    for key, value in _flat(
        "criteria", inline_formset(rows, initial=len(rows))
    ).items():
        data[key] = value
    return data


def _flat(prefix, formset):
    return nested_form_data({prefix: formset})


def _scored(dossier, criteria, manager, reviewer):
    first, second = criteria
    submitted_review(assign(dossier, reviewer, manager), {first.pk: 4, second.pk: 5})


def test_the_grid_of_a_scored_call_cannot_change(
    client, call, criteria, manager, reviewers, dossier
):
    _scored(dossier, criteria, manager, reviewers[0])
    client.force_login(manager)
    first = criteria[0]
    data = _edit_data(call, criteria, {first.pk: {"weight": "5"}})
    response = client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 200
    assert "ne peut plus changer" in response.content.decode()
    first.refresh_from_db()
    assert first.weight == 3


def test_a_scored_criterion_cannot_be_dropped(
    client, call, criteria, manager, reviewers, dossier
):
    _scored(dossier, criteria, manager, reviewers[0])
    client.force_login(manager)
    data = _edit_data(call, criteria)
    data["criteria-1-DELETE"] = "1"
    response = client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 200
    assert call.criteria.count() == 2


def test_the_rest_of_a_scored_call_still_saves(
    client, call, criteria, manager, reviewers, dossier
):
    _scored(dossier, criteria, manager, reviewers[0])
    client.force_login(manager)
    data = _edit_data(call, criteria)
    data["title"] = "Titre corrigé"
    response = client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    call.refresh_from_db()
    assert call.title == "Titre corrigé"


def test_a_scored_criterion_may_be_relabelled(
    client, call, criteria, manager, reviewers, dossier
):
    _scored(dossier, criteria, manager, reviewers[0])
    client.force_login(manager)
    first = criteria[0]
    data = _edit_data(call, criteria, {first.pk: {"label": "Gouvernance partagée"}})
    response = client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    first.refresh_from_db()
    assert first.label == "Gouvernance partagée"


def test_an_unscored_grid_still_changes(client, call, criteria, manager):
    client.force_login(manager)
    first = criteria[0]
    data = _edit_data(call, criteria, {first.pk: {"weight": "5"}})
    response = client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    first.refresh_from_db()
    assert first.weight == 5
