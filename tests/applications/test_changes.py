"""Changes after a submission are shown, not saved silently (issue 8, item 10):
what changed since the version on record, until the applicant submits again."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.urls import reverse

from applications import services
from applications.changes import ANSWERS, FILES, GOVERNANCE, PARTNERS
from applications.models import Application
from applications.questionnaire import iter_questions
from applications.selectors import unsubmitted_changes_of
from demo.streams import file, questionnaire_data, section, short_text
from tests.factories import AttachmentFactory, PartnerFactory, RequiredDocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier_call(call):
    call.questionnaire = questionnaire_data(
        call.reference,
        [
            section(
                "projet",
                "Le projet",
                "",
                short_text("nom", "Nom du projet"),
                short_text("public", "Public visé", required=False),
                file("plan", "Plan des locaux", allowed_types=["pdf"], required=False),
            )
        ],
    )
    call.save()
    RequiredDocumentFactory(call=call, label="Statuts de l'organisme")
    return call


def key(call, label: str) -> str:
    return next(q.key for q in iter_questions(call) if q.label == label)


def fresh(application) -> Application:
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def submitted(dossier_call, application, members):
    services.application_update(
        application=application,
        user=members[0],
        answers={key(dossier_call, "Nom du projet"): "Maison de Quimper"},
    )
    AttachmentFactory(
        application=application,
        required_document=dossier_call.required_documents.get(
            label="Statuts de l'organisme"
        ),
        original_name="statuts.pdf",
    )
    PartnerFactory(application=application, name="HAD du Finistère", confirmed=True)
    PartnerFactory(application=application, name="EMSP du Léon")
    services.application_submit(application=fresh(application), user=members[0])
    return fresh(application)


def changes(application):
    return [
        (c.area, c.label, c.detail) for c in unsubmitted_changes_of(fresh(application))
    ]


def test_no_change_right_after_submission(submitted):
    assert changes(submitted) == []


def test_a_draft_has_no_unsubmitted_changes(dossier_call, application):
    AttachmentFactory(application=application, original_name="x.pdf")
    assert changes(application) == []


def test_answer_changes_are_listed_by_question(submitted, dossier_call, members):
    services.application_update(
        application=submitted,
        user=members[0],
        answers={
            key(dossier_call, "Nom du projet"): "Maison de Douarnenez",
            key(dossier_call, "Public visé"): "Adultes",
        },
    )

    assert changes(submitted) == [
        (ANSWERS, "Nom du projet", "Réponse modifiée"),
        (ANSWERS, "Public visé", "Nouvelle réponse"),
    ]
    assert [c.heading for c in unsubmitted_changes_of(fresh(submitted))] == [
        "Le projet",
        "Le projet",
    ]


def test_partner_changes_are_listed(submitted, members):
    emsp = submitted.partners.get(name="EMSP du Léon")
    services.partner_remove(application=submitted, user=members[0], partner=emsp)
    PartnerFactory(application=submitted, name="DAC Cornouaille")
    had = submitted.partners.get(name="HAD du Finistère")
    had.role = "Coordination"
    had.save()

    assert sorted(c for c in changes(submitted) if c[0] == PARTNERS) == [
        (PARTNERS, "DAC Cornouaille", "Partenaire ajouté"),
        (PARTNERS, "EMSP du Léon", "Partenaire retiré"),
        (PARTNERS, "HAD du Finistère", "Rôle modifié"),
    ]


def test_governance_changes_are_listed(submitted, members):
    services.lead_category_set(application=submitted, user=members[0], category="had")
    services.steering_member_add(
        application=fresh(submitted),
        user=members[0],
        name="Anne",
        function="Médecin",
        organisation="CH",
    )

    assert [c for c in changes(submitted) if c[0] == GOVERNANCE] == [
        (GOVERNANCE, "Catégorie de l'organisme porteur", "Réponse modifiée"),
        (GOVERNANCE, "Anne", "Membre du comité de pilotage ajouté"),
    ]


def test_file_changes_are_listed_by_document(submitted, dossier_call, members):
    old = submitted.attachments.get()
    replacement = AttachmentFactory(
        application=submitted,
        required_document=old.required_document,
        original_name="statuts-2.pdf",
    )
    old.superseded_at = replacement.uploaded_at
    old.save()
    AttachmentFactory(
        application=submitted,
        question_key=key(dossier_call, "Plan des locaux"),
        original_name="plan.pdf",
    )

    assert changes(submitted) == [
        (
            FILES,
            "Statuts de l'organisme",
            "Fichier remplacé : statuts.pdf → statuts-2.pdf",
        ),
        (FILES, "Plan des locaux", "Fichier ajouté : plan.pdf"),
    ]


def test_changes_cleared_by_a_new_submission(submitted, dossier_call, members):
    services.application_update(
        application=submitted,
        user=members[0],
        answers={key(dossier_call, "Nom du projet"): "Maison de Douarnenez"},
    )
    assert changes(submitted)

    services.application_submit(application=fresh(submitted), user=members[0])

    assert changes(submitted) == []


# What the applicant sees -----------------------------------------------------------


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_dossier_page_espace_and_steps_show_the_unsubmitted_changes(
    client, submitted, dossier_call, members
):
    client.force_login(members[0])
    step_url = reverse("applications:dossier_step", args=[submitted.pk, 1])

    response = client.post(
        step_url,
        {
            "title": submitted.title,
            key(dossier_call, "Nom du projet"): "Maison de Douarnenez",
            "action": "save",
        },
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Vos modifications sont enregistrées mais pas encore transmises à l'agence : "
        "déposez une nouvelle version du dossier pour les transmettre."
    ]
    detail = page(
        client.get(reverse("applications:dossier_detail", args=[submitted.pk]))
    )
    banner = detail.select_one('[data-testid="unsubmitted-changes"]')
    assert banner is not None
    assert "1 modification pas encore transmise à l'agence" in banner.get_text()
    assert [li.get_text(" ", strip=True) for li in banner.select("li")] == [
        "Nom du projet — Réponse modifiée"
    ]
    step = page(client.get(step_url))
    assert step.select_one('[data-testid="unsubmitted-changes-link"]') is not None
    home = page(client.get(reverse("applications:home")))
    assert home.select_one('[data-testid="unsubmitted"]') is not None

    services.application_submit(application=fresh(submitted), user=members[0])

    detail = page(
        client.get(reverse("applications:dossier_detail", args=[submitted.pk]))
    )
    assert detail.select_one('[data-testid="unsubmitted-changes"]') is None
    home = page(client.get(reverse("applications:home")))
    assert home.select_one('[data-testid="unsubmitted"]') is None


def test_saving_a_draft_says_saved(client, dossier_call, application, members):
    client.force_login(members[0])

    response = client.post(
        reverse("applications:dossier_step", args=[application.pk, 1]),
        {"title": application.title, "action": "save"},
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Vos réponses sont enregistrées."
    ]


def test_partners_and_documents_pages_show_the_banner(client, submitted, members):
    client.force_login(members[0])
    partners_url = reverse("applications:dossier_partners", args=[submitted.pk])
    documents_url = reverse("applications:dossier_attachments", args=[submitted.pk])
    assert (
        page(client.get(partners_url)).select_one('[data-testid="unsubmitted-changes"]')
        is None
    )

    emsp = submitted.partners.get(name="EMSP du Léon")
    services.partner_remove(application=submitted, user=members[0], partner=emsp)

    for url in (partners_url, documents_url):
        banner = page(client.get(url)).select_one('[data-testid="unsubmitted-changes"]')
        assert banner is not None
        assert banner["data-count"] == "1"
