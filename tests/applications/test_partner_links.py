"""The partner's signed link: valid (confirm, decline), tampered, expired, reused,
for a withdrawn dossier; the public page shows nothing of other dossiers."""

from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import services
from applications.enums import ApplicationState as S
from applications.enums import CommitmentMethod, CommitmentStatus
from applications.exceptions import ApplicationError
from applications.models import Application, Partner
from applications.partner_links import (
    SALT,
    PartnerLinkExpired,
    PartnerLinkReused,
    PartnerLinkTampered,
    PartnerLinkUnknown,
    partner_from_token,
    partner_token,
)
from calls.enums import PartnerCategory
from core.models import ActivityEntry, OutboundEmail
from organisations.enums import MembershipStatus
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    GovernanceRuleFactory,
    ManagerFactory,
    MembershipFactory,
    drive_to,
)
from tests.factories.applications import synthetic_siret

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)


def add_partner(application, **overrides):
    values = {
        "name": "Équipe mobile de soins palliatifs de Cornouaille",
        "siret": synthetic_siret(7001),
        "finess": "",
        "category": PartnerCategory.EXPERT_TEAM,
        "role": "Expertise et appui aux équipes de premier recours",
        "contact_name": "Dr Anne Kervella",
        "contact_email": "anne.kervella@example.org",
        **overrides,
    }
    return services.partner_add(
        application=application, user=application.created_by, **values
    )


@pytest.fixture
def application():
    return ApplicationFactory(
        call=CallFactory(reference="AAC-2026-BRE-FIL", title="Filières palliatives"),
        title="Filière palliative de Cornouaille",
    )


@pytest.fixture
def partner(application):
    return add_partner(application)


def url(token: str) -> str:
    return reverse("applications:partner_commitment", args=[token])


def stored(partner) -> dict:
    return Partner.objects.values().get(pk=partner.pk)


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


# Valid links -------------------------------------------------------------------------


def test_token_round_trip(partner):
    found = partner_from_token(partner_token(partner))
    assert found == partner
    assert found.application.organisation == partner.application.organisation


@pytest.mark.parametrize(
    ("accept", "status"),
    [(True, CommitmentStatus.CONFIRMED), (False, CommitmentStatus.DECLINED)],
)
def test_respond_records_the_answer_and_uses_the_link(partner, accept, status):
    token = partner_token(partner)
    version = Application.objects.get(pk=partner.application_id).lock_version
    with time_machine.travel(NOW, tick=False):
        answered = services.partner_respond(token=token, accept=accept)
    row = stored(partner)
    assert row["commitment_status"] == status
    assert row["commitment_method"] == CommitmentMethod.LINK
    assert row["responded_at"] == NOW
    assert row["link_nonce"] != partner.link_nonce
    assert answered.commitment_status == status
    assert Application.objects.get(pk=partner.application_id).lock_version == (
        version + 1
    )
    with pytest.raises(PartnerLinkReused):
        services.partner_respond(token=token, accept=not accept)
    assert stored(partner) == row


def test_public_page_needs_no_login_and_shows_the_dossier(client, partner):
    response = client.get(url(partner_token(partner)))
    assert response.status_code == 200
    document = page(response)
    assert document.select_one('[data-testid="dossier-reference"]').text == (
        partner.application.reference
    )
    assert document.select_one('[data-testid="partner-role"]').text == partner.role
    assert document.select_one('[data-testid="lead-name"]').text == (
        partner.application.organisation.name
    )
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-cache" in response["Cache-Control"]


def test_public_page_shows_nothing_of_other_dossiers(client, application, partner):
    other_partner = add_partner(
        ApplicationFactory(call=application.call, title="Projet Zéphyrine"),
        name="Association Cormorans Distinctifs",
    )
    colleague = add_partner(
        application, name="HAD Émeraude", siret=synthetic_siret(7002)
    )
    response = client.get(url(partner_token(partner)))
    content = response.content.decode()
    assert partner.name in content
    for hidden in (
        other_partner.name,
        other_partner.application.reference,
        "Projet Zéphyrine",
        colleague.name,
        colleague.contact_email,
    ):
        assert hidden not in content


def test_confirm_through_the_page_then_thanks(client, partner):
    token = partner_token(partner)
    response = client.post(url(token), {"answer": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:partner_thanks")
    assert stored(partner)["commitment_status"] == CommitmentStatus.CONFIRMED
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    answer = page(thanks).select_one('[data-testid="answer"]')
    assert answer["data-confirmed"] == "true"
    assert partner.application.reference in answer.text
    # The link was used: it now gets the "reused" page and changes nothing.
    again = client.post(url(token), {"answer": "decline"})
    assert again.status_code == 410
    assert stored(partner)["commitment_status"] == CommitmentStatus.CONFIRMED


def test_decline_through_the_page(client, partner):
    response = client.post(url(partner_token(partner)), {"answer": "decline"})
    assert response.status_code == 302
    assert stored(partner)["commitment_status"] == CommitmentStatus.DECLINED
    thanks = client.get(response["Location"])
    assert page(thanks).select_one('[data-testid="answer"]')["data-confirmed"] == (
        "false"
    )


def test_thanks_without_an_answer_shows_nothing(client):
    response = client.get(reverse("applications:partner_thanks"))
    assert response.status_code == 200
    assert page(response).select_one('[data-testid="no-answer"]') is not None


@pytest.mark.parametrize("data", [{"answer": "maybe"}, {}], ids=["unknown", "none"])
def test_an_invalid_answer_changes_nothing(client, partner, data):
    before = stored(partner)
    response = client.post(url(partner_token(partner)), data)
    assert response.status_code == 400
    assert page(response).select_one('[data-testid="form-errors"]') is not None
    assert stored(partner) == before


# Refused links ---------------------------------------------------------------------


def refused_message(response) -> str:
    return page(response).select_one('[data-testid="link-refused"]').text.strip()


def test_tampered_link(client, partner):
    token = partner_token(partner)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    before = stored(partner)
    with pytest.raises(PartnerLinkTampered):
        services.partner_respond(token=tampered, accept=True)
    for response in (
        client.get(url(tampered)),
        client.post(url(tampered), {"answer": "confirm"}),
    ):
        assert response.status_code == 400
        assert refused_message(response) == str(PartnerLinkTampered.default_message)
    assert stored(partner) == before


def test_a_signed_token_of_another_shape_is_tampered(partner):

    with pytest.raises(PartnerLinkTampered):
        partner_from_token(signing.dumps(["not", "a", "dict"], salt=SALT))
    with pytest.raises(PartnerLinkTampered):
        partner_from_token(signing.dumps({"p": partner.pk}, salt="another.salt"))


def test_expired_link(client, partner, settings):
    settings.PARTNER_LINK_MAX_AGE = timedelta(days=30)
    with time_machine.travel(NOW, tick=False):
        token = partner_token(partner)
    before = stored(partner)
    with time_machine.travel(NOW + timedelta(days=30, seconds=-1), tick=False):
        assert partner_from_token(token) == partner
    with time_machine.travel(NOW + timedelta(days=30, seconds=1), tick=False):
        with pytest.raises(PartnerLinkExpired):
            services.partner_respond(token=token, accept=True)
        for response in (
            client.get(url(token)),
            client.post(url(token), {"answer": "confirm"}),
        ):
            assert response.status_code == 410
            assert refused_message(response) == str(PartnerLinkExpired.default_message)
    assert stored(partner) == before


def test_link_max_age_follows_the_setting(partner, settings):
    settings.PARTNER_LINK_MAX_AGE = timedelta(hours=1)
    with time_machine.travel(NOW, tick=False):
        token = partner_token(partner)
    with time_machine.travel(NOW + timedelta(hours=1, seconds=1), tick=False):
        with pytest.raises(PartnerLinkExpired):
            partner_from_token(token)


def test_reused_link_after_a_new_one_was_sent(client, partner):
    old = partner_token(partner)
    # After the five minutes between two invitations, counted from the first one
    # (not from NOW, which a slow run may have left behind).
    with time_machine.travel(partner.invited_at + timedelta(minutes=10), tick=False):
        services.partner_invite(
            application=partner.application,
            user=partner.application.created_by,
            partner=partner,
        )
    before = stored(partner)
    response = client.post(url(old), {"answer": "confirm"})
    assert response.status_code == 410
    assert refused_message(response) == str(PartnerLinkReused.default_message)
    assert stored(partner) == before
    fresh = Partner.objects.get(pk=partner.pk)
    assert client.get(url(partner_token(fresh))).status_code == 200


def test_link_of_a_removed_partner(client, partner):
    token = partner_token(partner)
    services.partner_remove(
        application=partner.application,
        user=partner.application.created_by,
        partner=partner,
    )
    with pytest.raises(PartnerLinkUnknown):
        partner_from_token(token)
    assert client.get(url(token)).status_code == 410


def test_withdrawn_dossier(client, application, partner):
    application.refresh_from_db()
    services.application_withdraw(
        application=application, user=application.created_by, reason="Projet abandonné"
    )
    token = partner_token(partner)
    before = stored(partner)
    with pytest.raises(services.CommitmentClosed):
        services.partner_respond(token=token, accept=True)
    expected = _(
        "The lead organisation has withdrawn this dossier: no answer is expected "
        "from its partners any more."
    )
    for response in (
        client.get(url(token)),
        client.post(url(token), {"answer": "confirm"}),
    ):
        assert response.status_code == 410
        assert refused_message(response) == expected
    assert stored(partner) == before


@pytest.mark.parametrize("state", [S.INADMISSIBLE, S.ACCEPTED, S.REJECTED])
def test_decided_dossier(client, application, partner, state):
    drive_to(application, state)
    before = stored(partner)
    response = client.post(url(partner_token(partner)), {"answer": "confirm"})
    assert response.status_code == 410
    assert stored(partner) == before


def test_post_without_csrf_token_is_refused(partner):
    client = Client(enforce_csrf_checks=True)
    before = stored(partner)
    response = client.post(url(partner_token(partner)), {"answer": "confirm"})
    assert response.status_code == 403
    assert stored(partner) == before


def test_post_with_the_page_csrf_token_is_accepted(partner):
    client = Client(enforce_csrf_checks=True)
    token = partner_token(partner)
    form = page(client.get(url(token))).select_one('[data-testid="answer-form"]')
    csrf = form.select_one('input[name="csrfmiddlewaretoken"]')["value"]
    response = client.post(
        url(token), {"answer": "confirm", "csrfmiddlewaretoken": csrf}
    )
    assert response.status_code == 302
    assert stored(partner)["commitment_status"] == CommitmentStatus.CONFIRMED


# The applicant is told, and a declining partner may say why (issue 8, item 15) ------


def answer_emails():
    return list(
        OutboundEmail.objects.filter(
            template__in=["partner_confirmed", "partner_declined"]
        )
    )


def test_a_confirmation_emails_the_applicants_once(
    client, application, partner, django_capture_on_commit_callbacks, mailoutbox
):
    colleague = MembershipFactory(organisation=application.organisation).user
    MembershipFactory(
        organisation=application.organisation, status=MembershipStatus.PENDING
    )
    token = partner_token(partner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url(token), {"answer": "confirm", "reason": "Typed, then confirmed"}
        )
        client.post(url(token), {"answer": "decline"})  # the link is used up
    [email] = answer_emails()
    assert email.template == "partner_confirmed"
    assert sorted(email.to) == sorted([application.created_by.email, colleague.email])
    assert email.reply_to == [partner.contact_email]
    assert email.subject == (
        f"[{application.reference}] {partner.name} confirme son engagement de "
        "partenaire"
    )
    assert "a confirmé son engagement" in email.body
    assert (
        f"http://testserver/espace/dossiers/{application.pk}/partenaires/" in email.body
    )
    assert stored(partner)["decline_reason"] == ""
    assert [m.subject for m in mailoutbox if "confirme" in m.subject] == [email.subject]


def test_a_decline_stores_its_reason_and_emails_it_to_the_applicants(
    client, application, partner, django_capture_on_commit_callbacks
):
    token = partner_token(partner)
    page_ = page(client.get(url(token)))
    assert page_.select_one('textarea[name="reason"]') is not None
    reason = "Notre équipe ne peut pas assurer\nles astreintes de nuit."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(token), {"answer": "decline", "reason": reason})
    assert response.status_code == 302
    row = stored(partner)
    assert (row["commitment_status"], row["decline_reason"]) == (
        CommitmentStatus.DECLINED,
        reason,
    )
    [email] = answer_emails()
    assert email.template == "partner_declined"
    assert email.to == [application.created_by.email]
    assert reason in email.body
    assert "Motif indiqué par le partenaire" in email.body
    thanks = page(client.get(response["Location"]))
    assert "astreintes de nuit" in thanks.select_one('[data-testid="reason"]').text
    entry = ActivityEntry.objects.get(action="partner.declined")
    assert entry.details == {"method": "link", "reason": reason}
    # The applicant sees the reason on the partners page.
    applicant = Client()
    applicant.force_login(application.created_by)
    shown = page(
        applicant.get(reverse("applications:dossier_partners", args=[application.pk]))
    ).select_one('[data-testid="decline-reason"]')
    assert "astreintes de nuit" in shown.text


def test_a_decline_without_a_reason_says_so(
    client, partner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(partner_token(partner)), {"answer": "decline"})
    [email] = answer_emails()
    assert "(aucun motif indiqué)" in email.body
    assert stored(partner)["decline_reason"] == ""


def test_a_reason_too_long_is_refused_and_nothing_is_recorded(client, partner):
    token = partner_token(partner)
    response = client.post(url(token), {"answer": "decline", "reason": "x" * 2001})
    assert response.status_code == 400
    errors = page(response).select_one('[data-testid="reason-errors"]')
    assert "2000" in errors.text
    assert stored(partner)["commitment_status"] == CommitmentStatus.PENDING
    assert answer_emails() == []


def test_the_reason_is_shown_to_the_manager_and_kept_in_the_version(
    client, application, partner
):
    # Staff see the partners of a call with governance rules.
    GovernanceRuleFactory(call=application.call, mandatory=False)
    services.partner_respond(
        token=partner_token(partner), accept=False, reason="Hors de notre territoire."
    )
    submitted = drive_to(application, S.SUBMITTED)
    version = submitted.versions.get()
    assert version.partners[0]["decline_reason"] == "Hors de notre territoire."
    manager = ManagerFactory(authority=application.call.authority)
    client.force_login(manager)
    response = client.get(reverse("dossiers_admin:detail", args=[application.pk]))
    assert response.status_code == 200
    shown = page(response).select_one('[data-testid="decline-reason"]')
    assert "Hors de notre territoire." in shown.text


def test_a_letter_after_a_decline_clears_the_reason(application, partner):
    services.partner_respond(
        token=partner_token(partner), accept=False, reason="Pas maintenant."
    )
    services.partner_letter_attach(
        application=application,
        user=application.created_by,
        partner=Partner.objects.get(pk=partner.pk),
        uploaded_file=SimpleUploadedFile("engagement.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    row = stored(partner)
    assert (row["commitment_status"], row["decline_reason"]) == (
        CommitmentStatus.CONFIRMED,
        "",
    )


def test_the_service_refuses_a_reason_too_long(partner):
    with pytest.raises(ApplicationError) as refused:
        services.partner_respond(
            token=partner_token(partner), accept=False, reason="x" * 2001
        )
    assert str(refused.value) == _(
        "The reason is too long: %(limit)d characters at most."
    ) % {"limit": 2000}
    assert stored(partner)["commitment_status"] == CommitmentStatus.PENDING
