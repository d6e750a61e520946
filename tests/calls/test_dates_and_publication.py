"""Issue 8, items 19 and 20: dates typed the French way in the call editor, a
confirmation before a closing date that closes the call or precedes submitted
dossiers, and a call offered to applicants only once published and complete."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.exceptions import CallNotOffered
from calls.forms import DATE_ERROR
from calls.models import Call
from calls.publication import is_offered, offered_calls, publication_problems
from calls.widgets import FrenchDateTimeInput
from core.time import PARIS
from tests.calls.test_admin import NEXT_YEAR, call_form_data
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CallPageFactory,
    MembershipFactory,
    drive_to,
    publish_call,
)

pytestmark = pytest.mark.django_db

ADD_URL = "wagtailsnippets_calls_call:add"
EDIT_URL = "wagtailsnippets_calls_call:edit"


# Dates, the French way -----------------------------------------------------------


def test_a_french_date_is_read_day_first(manager_client, authority):
    data = call_form_data(
        authority, authority.region, opens_at=f"01/03/{NEXT_YEAR} 09:00"
    )
    data["closes_at"] = f"30/04/{NEXT_YEAR} 12:00"
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 302, response.context["form"].errors
    call = Call.objects.get()
    assert call.opens_at == datetime(NEXT_YEAR, 3, 1, 9, 0, tzinfo=PARIS)
    assert call.closes_at == datetime(NEXT_YEAR, 4, 30, 12, 0, tzinfo=PARIS)


@pytest.mark.parametrize("typed", ["31/02/2027 09:00", "2027-13-01 09:00", "demain"])
def test_an_invalid_date_is_refused_with_the_format(manager_client, authority, typed):
    data = call_form_data(authority, authority.region, opens_at=typed)
    response = manager_client.post(reverse(ADD_URL), data)
    assert response.status_code == 200
    assert response.context["form"].errors["opens_at"] == [str(DATE_ERROR)]
    assert "jj/mm/aaaa hh:mm" in response.content.decode()
    assert not Call.objects.exists()


def test_the_picker_keeps_what_was_typed_and_shows_french_dates():
    widget = FrenchDateTimeInput()
    config = widget.get_config()
    assert config["validateOnBlur"] is False  # never "now" in place of a typo
    assert config["format"] == "d/m/Y H:i"
    html = widget.render("opens_at", datetime(2027, 3, 1, 9, 0))
    assert 'value="01/03/2027 09:00"' in html
    assert 'placeholder="jj/mm/aaaa hh:mm"' in html


def test_the_editor_shows_the_dates_the_french_way(manager_client, authority):
    call = CallFactory(
        authority=authority,
        opens_at=datetime(2027, 3, 1, 9, 0, tzinfo=PARIS),
        closes_at=datetime(2027, 4, 30, 12, 0, tzinfo=PARIS),
    )
    response = manager_client.get(reverse(EDIT_URL, args=[call.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="01/03/2027 09:00"' in html
    assert 'value="30/04/2027 12:00"' in html


# The closing date: confirm before closing now or before submitted dossiers -------


def edit_data(call, **overrides):
    data = call_form_data(call.authority, call.authority.region)
    data.update(
        {
            "reference": call.reference,
            "opens_at": timezone.localtime(call.opens_at).strftime("%d/%m/%Y %H:%M"),
            "closes_at": timezone.localtime(call.closes_at).strftime("%d/%m/%Y %H:%M"),
            "authority": str(call.authority.pk),
        }
    )
    data.update(overrides)
    return data


def test_a_closing_date_in_the_past_needs_a_confirmation(manager_client, authority):
    call = CallFactory(authority=authority)
    original = call.closes_at
    yesterday = timezone.localtime(timezone.now() - timedelta(days=1))
    data = edit_data(call, closes_at=yesterday.strftime("%d/%m/%Y %H:%M"))
    response = manager_client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "passée" in errors["closes_at"][0]
    assert errors["confirm_closing"] == [
        "Cochez cette case pour enregistrer quand même cette date de clôture."
    ]
    call.refresh_from_db()
    assert call.closes_at == original  # nothing saved

    data["confirm_closing"] = "on"
    response = manager_client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    call.refresh_from_db()
    assert not call.is_open()


def test_a_closing_date_before_submitted_dossiers_is_named(manager_client, authority):
    application = ApplicationFactory(call__authority=authority)
    drive_to(application, "submitted")
    call = application.call
    submitted_at = application.versions.get().submitted_at
    # Still in the future, but before the submission: it is only possible when
    # the call's clock is moved back, e.g. a closing set by mistake.
    earlier = timezone.localtime(submitted_at - timedelta(hours=1))
    data = edit_data(call, closes_at=earlier.strftime("%d/%m/%Y %H:%M"))
    response = manager_client.post(reverse(EDIT_URL, args=[call.pk]), data)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["closes_at"])
    assert "1 dossier a été déposé à cette date ou après" in message


def test_an_unchanged_closing_date_needs_no_confirmation(manager_client, authority):
    call = CallFactory(authority=authority)
    response = manager_client.post(
        reverse(EDIT_URL, args=[call.pk]), edit_data(call, title="Nouveau titre")
    )
    assert response.status_code == 302, response.context["form"].errors
    call.refresh_from_db()
    assert call.title == "Nouveau titre"


# Offered once published ----------------------------------------------------------


def test_a_bare_call_is_not_offered_and_says_why():
    call = CallFactory(published=False)
    assert publication_problems(call) == [
        "sa page publique n'est pas publiée",
        "son questionnaire n'a aucune étape",
        "il ne liste aucune pièce à fournir",
    ]
    assert not is_offered(call)
    publish_call(call)
    assert publication_problems(call) == []
    assert is_offered(call)
    assert list(offered_calls()) == [call]


def test_a_draft_page_does_not_offer_the_call():
    call = CallFactory()
    call.page.unpublish()
    call.refresh_from_db()
    assert publication_problems(call) == ["sa page publique n'est pas publiée"]
    assert list(offered_calls()) == []


def test_no_dossier_is_created_on_a_call_not_offered():
    call = CallFactory(published=False)
    member = MembershipFactory()
    with pytest.raises(CallNotOffered):
        services.application_create(
            call=call, organisation=member.organisation, user=member.user, title="P"
        )
    assert not call.applications.exists()


def test_no_submission_once_the_page_is_unpublished():
    application = ApplicationFactory()
    application.call.page.unpublish()
    with pytest.raises(CallNotOffered):
        services.application_submit(
            application=application, user=application.created_by
        )
    assert not application.versions.exists()


def test_the_applicant_pages_offer_only_published_calls(client):
    member = MembershipFactory()
    offered = CallFactory(title="Appel publié")
    hidden = CallFactory(title="Appel en préparation", published=False)
    client.force_login(member.user)
    home = client.get(reverse("applications:home")).content.decode()
    assert offered.title in home
    assert hidden.title not in home
    response = client.get(reverse("applications:dossier_create"), {"call": hidden.pk})
    assert response.status_code == 302
    assert not hidden.applications.exists()


def test_the_public_page_does_not_offer_an_incomplete_call(client):
    # Live, but nothing to fill in.
    page = CallPageFactory(call=CallFactory(published=False))
    html = client.get(page.url).content.decode()
    assert 'data-testid="apply-button"' not in html
    assert 'data-testid="call-not-offered-notice"' in html
    publish_call(page.call)
    html = client.get(page.url).content.decode()
    assert 'data-testid="apply-button"' in html


def test_managers_see_why_a_call_is_not_offered(manager_client, authority):
    CallFactory(title="Appel en préparation", published=False, authority=authority)
    html = manager_client.get(reverse("wagtailsnippets_calls_call:list")).content
    assert "Non proposé aux porteurs" in html.decode()
