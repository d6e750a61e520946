"""Irreversible applicant actions ask for a confirmation (issue 8, item 14):
submitting shows a recap and requires the declaration on honour, sending the
complements carries a comment to the agency, removing a partner names it first."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_fsm_log.models import StateLog

from applications.enums import ApplicationState as S
from applications.enums import CommitmentStatus
from applications.forms.dossiers import declaration_text
from applications.models import Application, Partner
from calls.enums import PartnerCategory
from core.models import OutboundEmail
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    GovernanceRuleFactory,
    MembershipFactory,
    PartnerFactory,
    RequiredDocumentFactory,
    drive_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def application():
    call = CallFactory(reference="AAC-2026-BRE-FIL", title="Filières palliatives")
    return ApplicationFactory(
        call=call,
        organisation__name="Centre hospitalier de Cornouaille",
        title="Filière palliative de Cornouaille",
    )


@pytest.fixture
def applicant(client, application):
    client.force_login(application.created_by)
    return client


def url(name: str, application, *args) -> str:
    return reverse(f"applications:{name}", args=[application.pk, *args])


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def fresh(application) -> Application:
    return Application.objects.get(pk=application.pk)


# Submitting -------------------------------------------------------------------------


def test_the_dossier_page_leads_to_the_recap_not_to_a_submission(
    applicant, application
):
    page = soup(applicant.get(url("dossier_detail", application)))
    button = page.select_one('[data-testid="submit-button"]')
    assert button.name == "a"
    assert button["href"] == url("dossier_submit", application)
    assert not page.select(f'form[action="{url("dossier_submit", application)}"]')


def test_get_shows_the_recap_and_submits_nothing(applicant, application):
    GovernanceRuleFactory(  # recommended only: the dossier can be submitted
        call=application.call,
        category=PartnerCategory.EXPERT_TEAM,
        min_partners=1,
        confirmation_required=True,
        mandatory=False,
    )
    PartnerFactory(
        application=application,
        name="EMSP de Cornouaille",
        category=PartnerCategory.EXPERT_TEAM,
        commitment_status=CommitmentStatus.PENDING,
    )
    RequiredDocumentFactory(call=application.call, label="Statuts", mandatory=False)

    response = applicant.get(url("dossier_submit", application))

    assert response.status_code == 200
    page = soup(response)
    assert page.select_one('[data-testid="recap-call"]').text == (
        "Filières palliatives (AAC-2026-BRE-FIL)"
    )
    assert "Centre hospitalier de Cornouaille" in (
        page.select_one('[data-testid="recap-organisation"]').text
    )
    [partner] = page.select('[data-testid="recap-partner"]')
    assert "EMSP de Cornouaille" in partner.text
    assert partner["data-status"] == "pending"
    assert page.select_one('[data-testid="governance-rule"]')["data-met"] == "false"
    documents = page.select('[data-testid="recap-document"]')
    assert any("Statuts" in document.text for document in documents)
    assert page.select_one('[data-testid="recap-answers"]')
    declaration = page.select_one('[data-testid="field-declaration"] label')
    assert declaration.text == declaration_text(application)
    assert declaration.text.startswith("Je certifie sur l'honneur")
    assert fresh(application).state == S.DRAFT
    assert not application.versions.exists()


def test_submit_without_the_declaration_is_refused(applicant, application):
    response = applicant.post(
        url("dossier_submit", application), {"seen_version": application.lock_version}
    )

    assert response.status_code == 200
    page = soup(response)
    assert page.select_one('[data-testid="declaration-errors"]').text.strip() == _(
        "Tick the declaration on honour: the dossier cannot be submitted without it."
    )
    assert fresh(application).state == S.DRAFT
    assert not application.versions.exists()


def test_submit_with_the_declaration_stores_it_on_the_version(applicant, application):
    response = applicant.post(
        url("dossier_submit", application),
        {"seen_version": application.lock_version, "declaration": "on"},
    )

    assert response.status_code == 302
    assert response.url == url("dossier_detail", application)
    [version] = fresh(application).versions.all()
    assert version.declaration == declaration_text(application)
    assert version.submitted_by == application.created_by
    shown = soup(applicant.get(url("dossier_version", application, 1)))
    assert declaration_text(application) in (
        shown.select_one('[data-testid="version-declaration"]').text
    )


def test_submit_is_get_or_post_only(applicant, application):
    assert applicant.put(url("dossier_submit", application)).status_code == 405


def test_recap_of_a_dossier_that_cannot_be_submitted_offers_no_form(
    applicant, application
):
    RequiredDocumentFactory(call=application.call, label="Statuts", mandatory=True)

    page = soup(applicant.get(url("dossier_submit", application)))

    assert "Statuts" in page.select_one('[data-testid="not-ready"]').text
    assert page.select_one('[data-testid="confirm-form"]') is None


# Complements ------------------------------------------------------------------------


@pytest.fixture
def awaiting(application):
    return drive_to(application, S.COMPLEMENTS_REQUESTED)


def test_complements_need_the_declaration(applicant, awaiting):
    response = applicant.post(
        url("dossier_provide_complements", awaiting),
        {"seen_version": awaiting.lock_version, "comment": "Budget joint."},
    )

    assert response.status_code == 200
    assert soup(response).select_one('[data-testid="declaration-errors"]')
    assert fresh(awaiting).state == S.COMPLEMENTS_REQUESTED


def test_complements_recap_has_a_comment_field(applicant, awaiting):
    page = soup(applicant.get(url("dossier_provide_complements", awaiting)))
    assert page.select_one('[data-testid="confirm-form"] textarea[name="comment"]')
    assert page.select_one('[data-testid="field-declaration"] input[required]')


def test_complements_comment_is_kept_and_shown_to_the_agency(
    applicant, awaiting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant.post(
            url("dossier_provide_complements", awaiting),
            {
                "seen_version": awaiting.lock_version,
                "comment": "Le budget détaillé est joint.",
                "declaration": "on",
            },
        )

    assert response.status_code == 302
    dossier = fresh(awaiting)
    assert dossier.state == S.SUBMITTED
    assert dossier.versions.first().declaration == declaration_text(dossier)
    log = StateLog.objects.filter(object_id=dossier.pk).latest("pk")
    assert (log.transition, log.description) == (
        "provide_complements",
        "Le budget détaillé est joint.",
    )
    email = OutboundEmail.objects.get(template="complements_provided")
    assert "Le budget détaillé est joint." in email.body
    thread = dossier.messages.get(subject=email.subject)
    assert "Le budget détaillé est joint." in thread.body
    # The applicant's history shows it too.
    page = soup(applicant.get(url("dossier_detail", dossier)))
    last = page.select('[data-testid="history-row"]')[-1]
    cells = [cell.text.strip() for cell in last.select("td")]
    assert cells[1:4:2] == [
        pgettext("dossier history", "Complements provided"),
        "Le budget détaillé est joint.",
    ]


# Removing a partner -----------------------------------------------------------------


@pytest.fixture
def partner(application):
    return PartnerFactory(application=application, name="HAD Émeraude")


def test_partners_page_links_to_the_removal_page(applicant, application, partner):
    page = soup(applicant.get(url("dossier_partners", application)))
    remove = page.select_one('[data-testid="partner-remove"]')
    assert remove.name == "a"
    assert remove["href"] == url("partner_remove", application, partner.pk)


def test_removal_page_names_the_partner(applicant, application, partner):
    response = applicant.get(url("partner_remove", application, partner.pk))

    assert response.status_code == 200
    page = soup(response)
    assert "HAD Émeraude" in page.select_one('[data-testid="remove-title"]').text
    assert page.select_one('[data-testid="remove-form"] input[name="confirm"]')
    assert Partner.objects.filter(pk=partner.pk).exists()


def test_removal_needs_the_confirmation(applicant, application, partner):
    response = applicant.post(url("partner_remove", application, partner.pk))

    assert response.status_code == 200
    assert soup(response).select_one('[data-testid="remove-form"]')
    assert Partner.objects.filter(pk=partner.pk).exists()

    response = applicant.post(
        url("partner_remove", application, partner.pk), {"confirm": "True"}
    )

    assert response.status_code == 302
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_removal_page_is_404_for_another_organisation(client, application, partner):
    client.force_login(MembershipFactory().user)
    target = url("partner_remove", application, partner.pk)
    assert client.get(target).status_code == 404
    assert client.post(target, {"confirm": "True"}).status_code == 404
    assert Partner.objects.filter(pk=partner.pk).exists()
