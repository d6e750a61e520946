"""Assigning reviewers from the managers' side: by hand (all or nothing, the
refusals listed, a detected conflict overridden with a reason) and the
distribution (a preview that writes and sends nothing, then the confirmation)."""

import re
from datetime import datetime, time

import pytest
from django.core import mail
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.models import OutboundEmail
from core.time import PARIS
from reviews.models import Assignment
from tests.factories import InterestDeclarationFactory, under_review

from .manager_support import BASE, future_day, messages_of, text_of


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def assign_url(call):
    return f"{BASE}appels/{call.pk}/affecter/"


def distribute_url(call):
    return f"{BASE}appels/{call.pk}/repartir/"


def conflict_for(reviewer, dossier):
    return InterestDeclarationFactory(
        reviewer=reviewer, siren=dossier.organisation.siret[:9]
    )


def test_assign_form_ticks_the_dossiers_lacking_reviewers(
    manager_client, call, dossier, manager, reviewers
):
    other = under_review(call, manager=manager)
    for reviewer in reviewers[:2]:
        Assignment.objects.create(application=other, reviewer=reviewer)

    response = manager_client.get(assign_url(call))

    form = response.context["form"]
    assert form.initial["applications"] == [dossier.pk]
    assert list(form.fields["reviewers"].queryset) == sorted(
        reviewers, key=lambda r: (r.last_name, r.first_name, r.pk)
    )
    # Each reviewer's label says their current load in the call.
    labels = {
        value.value: str(label) for value, label in form.fields["reviewers"].choices
    }
    template = _("%(name)s — %(load)d dossier(s) in this call")
    assert labels[reviewers[0].pk] == template % {
        "name": "Dominique Exemple",
        "load": 1,
    }
    assert labels[reviewers[3].pk] == template % {
        "name": "Dominique Exemple",
        "load": 0,
    }
    assert labels[reviewers[3].pk] in text_of(response)


def test_assign_makes_every_pair_and_tells_the_reviewers(
    manager_client,
    call,
    dossier,
    manager,
    reviewers,
    django_capture_on_commit_callbacks,
):
    other = under_review(call, manager=manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            assign_url(call),
            {
                "applications": [dossier.pk, other.pk],
                "reviewers": [reviewers[0].pk, reviewers[1].pk],
                "due_at": future_day(),
            },
        )

    assert response.status_code == 302
    assert response.url == f"{BASE}appels/{call.pk}/"
    pairs = set(
        Assignment.objects.values_list("application_id", "reviewer_id", "due_at")
    )
    due = datetime.combine(
        datetime.strptime(future_day(), "%Y-%m-%d").date(), time(23, 59), tzinfo=PARIS
    )
    assert pairs == {(a.pk, r.pk, due) for a in (dossier, other) for r in reviewers[:2]}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [reviewers[0].email, reviewers[0].email, reviewers[1].email, reviewers[1].email]
    )
    assert messages_of(response) == [
        ngettext(
            "%(count)d assignment made; the reviewers are told by email.",
            "%(count)d assignments made; the reviewers are told by email.",
            4,
        )
        % {"count": 4}
    ]


def test_assign_is_all_or_nothing_and_lists_the_refusals(
    manager_client, call, dossier, manager, reviewers
):
    conflict_for(reviewers[1], dossier)
    emails_before = OutboundEmail.objects.count()

    response = manager_client.post(
        assign_url(call),
        {"applications": [dossier.pk], "reviewers": [reviewers[0].pk, reviewers[1].pk]},
    )

    assert response.status_code == 200
    assert Assignment.objects.count() == 0
    assert OutboundEmail.objects.count() == emails_before
    refusals = response.context["refusals"]
    assert [(r.application, r.reviewer, r.conflict) for r in refusals] == [
        (dossier, reviewers[1], True)
    ]
    assert refusals[0].reasons  # the SIREN tie, in French
    assert dossier.organisation.siret[:9] in refusals[0].reasons[0]
    # The form is shown again as typed.
    form = response.context["form"]
    assert form.data.getlist("reviewers") == [
        str(reviewers[0].pk),
        str(reviewers[1].pk),
    ]
    assert 'data-testid="assign-refusals"' in response.content.decode()


def test_assign_overrides_a_detected_conflict_with_a_reason(
    manager_client, call, dossier, reviewers
):
    conflict_for(reviewers[1], dossier)

    response = manager_client.post(
        assign_url(call),
        {
            "applications": [dossier.pk],
            "reviewers": [reviewers[1].pk],
            "override_reason": "Homonymie : autre établissement.",
        },
    )

    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.conflict_override_reason == "Homonymie : autre établissement."


def test_assign_without_choices_shows_french_errors(manager_client, call, dossier):
    response = manager_client.post(assign_url(call), {"due_at": "31/02/2020"})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"applications", "reviewers", "due_at"}
    assert Assignment.objects.count() == 0
    content = response.content.decode()
    assert 'href="#id_applications_0"' in content  # errors link to their fields
    assert 'aria-describedby="id_due_at_error"' in content
    assert 'id="id_due_at_error"' in content
    assert '<fieldset aria-describedby="id_reviewers_error">' in content


def test_assign_refuses_a_past_due_date(manager_client, call, dossier, reviewers):
    response = manager_client.post(
        assign_url(call),
        {
            "applications": [dossier.pk],
            "reviewers": [reviewers[0].pk],
            "due_at": "2020-01-15",
        },
    )
    assert response.status_code == 200
    assert "due_at" in response.context["form"].errors
    assert Assignment.objects.count() == 0


# Distribution --------------------------------------------------------------


def test_distribute_form_defaults(manager_client, call, dossier, reviewers):
    form = manager_client.get(distribute_url(call)).context["form"]
    assert form.initial["per_dossier"] == call.min_reviews
    assert set(form.initial["reviewers"]) == {r.pk for r in reviewers}


def test_distribute_preview_writes_and_sends_nothing(
    manager_client,
    call,
    dossier,
    manager,
    reviewers,
    django_capture_on_commit_callbacks,
):
    other = under_review(call, manager=manager)
    emails_before = OutboundEmail.objects.count()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = manager_client.post(
            distribute_url(call),
            {
                "reviewers": [r.pk for r in reviewers],
                "per_dossier": 2,
                "due_at": future_day(),
            },
        )

    assert response.status_code == 200
    assert response.context["confirming"] is True
    assert Assignment.objects.count() == 0
    assert OutboundEmail.objects.count() == emails_before
    assert mail.outbox == []
    assert callbacks == []
    plan = response.context["plan"]
    assert [application for application, _names in plan] == sorted(
        [dossier, other], key=lambda a: a.reference
    )
    assert all(len(names) == 2 for _a, names in plan)
    loads = response.context["plan_loads"]
    assert sum(added for _n, _now, added, _after in loads) == 4
    assert max(added for _n, _now, added, _after in loads) == 1  # balanced


def test_distribute_confirmed_assigns_and_tells(
    manager_client,
    call,
    dossier,
    manager,
    reviewers,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            distribute_url(call),
            {
                "reviewers": [r.pk for r in reviewers[:2]],
                "per_dossier": 2,
                "confirmed": "True",
            },
        )

    assert response.status_code == 302
    assert set(Assignment.objects.values_list("reviewer_id", flat=True)) == {
        reviewers[0].pk,
        reviewers[1].pk,
    }
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [reviewers[0].email, reviewers[1].email]
    )


def test_distribute_refuses_fewer_reviewers_per_dossier_than_the_minimum(
    manager_client, call, dossier, reviewers
):
    response = manager_client.post(
        distribute_url(call),
        {"reviewers": [reviewers[0].pk], "per_dossier": 1, "cap": "3"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["per_dossier"]
    assert form.data["cap"] == "3"  # shown again as typed
    assert Assignment.objects.count() == 0


def test_distribute_impossible_lists_the_reasons(
    manager_client, call, dossier, reviewers
):
    conflict_for(reviewers[1], dossier)

    response = manager_client.post(
        distribute_url(call),
        {"reviewers": [reviewers[0].pk, reviewers[1].pk], "per_dossier": 2},
    )

    assert response.status_code == 200
    assert response.context.get("confirming") is not True
    assert len(response.context["reasons"]) == 1
    assert dossier.reference in response.context["reasons"][0]
    assert 'data-testid="refusal-reasons"' in response.content.decode()
    assert Assignment.objects.count() == 0


def test_distribute_with_a_cap_too_low_is_refused_even_when_confirmed(
    manager_client, call, dossier, manager, reviewers
):
    under_review(call, manager=manager)

    response = manager_client.post(
        distribute_url(call),
        {
            "reviewers": [reviewers[0].pk, reviewers[1].pk],
            "per_dossier": 2,
            "cap": 1,
            "confirmed": "True",
        },
    )

    assert response.status_code == 200
    assert response.context["reasons"]
    assert Assignment.objects.count() == 0


def test_distribute_preview_can_go_back_to_the_choices_as_typed(
    manager_client, call, dossier, reviewers
):
    response = manager_client.post(
        distribute_url(call),
        {
            "reviewers": [reviewers[0].pk, reviewers[2].pk],
            "per_dossier": 2,
            "cap": 4,
            "edit": "1",
        },
    )

    assert response.status_code == 200
    assert response.context.get("confirming") is not True
    form = response.context["form"]
    assert form.data.getlist("reviewers") == [
        str(reviewers[0].pk),
        str(reviewers[2].pk),
    ]
    assert form.data["cap"] == "4"
    assert Assignment.objects.count() == 0


def test_distribute_confirmation_form_carries_the_choices(
    manager_client, call, dossier, reviewers
):
    preview = manager_client.post(
        distribute_url(call),
        {"reviewers": [reviewers[0].pk, reviewers[1].pk], "per_dossier": 2},
    )
    html = preview.content.decode()
    confirm_form = html.split('data-testid="confirm-form"')[1].split("</form>")[0]
    fields = re.findall(
        r'<input type="hidden" name="([^"]+)" value="([^"]*)"', confirm_form
    )
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)

    response = manager_client.post(distribute_url(call), data)

    assert response.status_code == 302
    assert set(Assignment.objects.values_list("reviewer_id", flat=True)) == {
        reviewers[0].pk,
        reviewers[1].pk,
    }
