"""What staff read is the version on record: its partners and governance, its
files by the document or question they answer, on the page, on the receipt and
in the version's ZIP (issue 8, items 10 and 22)."""

import io
import zipfile

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from applications import services
from applications.letters import render_receipt_pdf
from applications.models import Application, DownloadLog
from applications.questionnaire import iter_questions
from applications.record import version_governance
from calls.models import Authority
from core.models import ActivityEntry
from demo.streams import file, questionnaire_data, section, short_text
from tests.factories import (
    AttachmentFactory,
    AuthorityFactory,
    GovernanceRuleFactory,
    ManagerFactory,
    PartnerFactory,
    RequiredDocumentFactory,
    ReviewerFactory,
    UserFactory,
)

from .staff.support import detail_url
from .test_receipts import pdf_text

pytestmark = pytest.mark.django_db


def page(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def manager(authority):
    return ManagerFactory(username="gestionnaire", authority=authority)


@pytest.fixture
def labelled_call(call):
    """A call with a required document and a file question."""
    call.questionnaire = questionnaire_data(
        call.reference,
        [
            section(
                "projet",
                "Le projet",
                "",
                short_text("nom", "Nom du projet", required=False),
                file("plan", "Plan des locaux", allowed_types=["png", "pdf"]),
            )
        ],
    )
    call.save()
    RequiredDocumentFactory(call=call, label="Statuts de l'organisme")
    return call


def file_key(call) -> str:
    return next(q.key for q in iter_questions(call) if q.kind == "file")


@pytest.fixture
def submitted(labelled_call, application):
    statutes = labelled_call.required_documents.get(label="Statuts de l'organisme")
    AttachmentFactory(
        application=application,
        required_document=statutes,
        original_name="statuts.pdf",
        content=b"%PDF-1.7 statuts",
    )
    AttachmentFactory(
        application=application,
        question_key=file_key(labelled_call),
        original_name="photo.png",
        content=b"\x89PNG plan",
        content_type="image/png",
    )
    GovernanceRuleFactory(call=labelled_call, category="had", min_partners=1)
    PartnerFactory(
        application=application,
        name="HAD du Finistère",
        siret="82900001700014",
        category="had",
        confirmed=True,
    )
    services.application_submit(application=application, user=application.created_by)
    return Application.objects.get(pk=application.pk)


# Partners and governance ------------------------------------------------------------


def test_staff_page_shows_the_version_partners_after_a_live_removal(
    client, manager, submitted
):
    partner = submitted.partners.get()
    services.partner_remove(
        application=submitted, user=submitted.created_by, partner=partner
    )
    PartnerFactory(application=submitted, name="Ajouté après le dépôt")
    assert not submitted.partners.filter(name="HAD du Finistère").exists()
    client.force_login(manager)

    response = client.get(detail_url(submitted))

    rows = page(response).select('[data-testid="governance-partner"]')
    assert [row.get_text(" ", strip=True).split(" (")[0] for row in rows] == [
        "HAD du Finistère"
    ]
    rules = page(response).select('[data-testid="governance-rule"]')
    assert [rule["data-met"] for rule in rules] == ["true"]
    assert "Ajouté après le dépôt" not in response.content.decode()
    # Nor does the history tell the unsubmitted removal.
    history = page(response).select_one('[data-testid="dossier-history"]')
    assert "Partenaire retiré" not in history.get_text()


def test_the_version_freezes_the_lead_category_and_steering_body(
    call, application, members
):
    call.lead_categories = ["had"]
    call.steering_body_required = True
    call.save()
    services.lead_category_set(application=application, user=members[0], category="had")
    for name in ("Anne", "Paul"):
        services.steering_member_add(
            application=application,
            user=members[0],
            name=name,
            function="Médecin",
            organisation="CH",
        )
    application = Application.objects.get(pk=application.pk)
    version = services.application_submit(application=application, user=members[0])
    services.lead_category_set(application=application, user=members[0], category="")
    member = application.steering_members.first()
    services.steering_member_remove(
        application=application, user=members[0], member=member
    )

    results = version_governance(Application.objects.get(pk=application.pk), version)
    assert version.lead_category == "had"
    assert [m["name"] for m in version.steering_members] == ["Anne", "Paul"]
    assert [(r.rule.key, r.met) for r in results] == [
        ("lead", True),
        ("steering_body", True),
    ]


# Files by what they answer ----------------------------------------------------------


def test_staff_page_lists_files_by_document_and_question(client, manager, submitted):
    client.force_login(manager)

    response = client.get(detail_url(submitted))

    rows = page(response).select(
        '[data-testid="dossier-files"] tbody tr[data-testid^="attachment-"]'
    )
    assert [
        [cell.get_text(strip=True) for cell in row.select("td")[:2]] for row in rows
    ] == [
        ["Statuts de l'organisme", "statuts.pdf"],
        ["Plan des locaux", "photo.png"],
    ]
    archive = page(response).select_one('[data-testid="version-archive"]')
    assert archive["href"] == reverse(
        "applications:version_archive", args=[submitted.pk, 1]
    )


def test_receipt_lists_files_by_document_and_question(submitted):
    version = submitted.versions.get()

    text = pdf_text(render_receipt_pdf(version))

    assert "Statuts de l'organisme statuts.pdf" in text
    assert "Plan des locaux photo.png" in text
    assert text.index("Statuts de l'organisme") < text.index("Plan des locaux")


# The ZIP of a version ---------------------------------------------------------------


def archive_url(application, number=1) -> str:
    return reverse("applications:version_archive", args=[application.pk, number])


def test_manager_downloads_the_zip_of_the_version(client, manager, submitted):
    late = AttachmentFactory(application=submitted, original_name="après.pdf")
    client.force_login(manager)

    response = client.get(archive_url(submitted))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert (
        'filename="AAC-2026-BRE-MAV-0001-v1-pieces.zip"'
        in response["Content-Disposition"]
    )
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == [
        "sommaire.txt",
        "01 - Statuts de l'organisme - statuts.pdf",
        "02 - Plan des locaux - photo.png",
    ]
    assert archive.read("02 - Plan des locaux - photo.png") == b"\x89PNG plan"
    summary = archive.read("sommaire.txt").decode()
    assert "AAC-2026-BRE-MAV-0001" in summary
    statutes = submitted.attachments.get(original_name="statuts.pdf")
    assert statutes.sha256 in summary
    assert late.original_name not in summary
    # Logged: one download per file, one line in the dossier's history.
    assert DownloadLog.objects.filter(user=manager, application=submitted).count() == 2
    assert ActivityEntry.objects.filter(
        actor=manager, action="version.archive_downloaded"
    ).exists()


def test_applicant_downloads_the_zip_too(client, members, submitted):
    client.force_login(members[1])

    response = client.get(archive_url(submitted))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["other_manager", "stranger", "reviewer"])
def test_zip_refused_to_others(client, submitted, who):
    if who == "other_manager":
        user = ManagerFactory(username="autre", authority=AuthorityFactory())
    elif who == "reviewer":
        user = ReviewerFactory(
            username="instructeur", authority=Authority.objects.get()
        )
    else:
        user = UserFactory(username="inconnu")
    client.force_login(user)

    response = client.get(archive_url(submitted))

    assert response.status_code == 404
    assert not DownloadLog.objects.filter(user=user).exists()


def test_zip_of_a_missing_version_or_a_draft_is_404(client, manager, application):
    client.force_login(manager)

    assert client.get(archive_url(application)).status_code == 404


def test_zip_requires_sign_in(client, submitted):
    response = client.get(archive_url(submitted))

    assert response.status_code == 302


def test_applicant_version_page_lists_files_by_document(client, members, submitted):
    client.force_login(members[0])

    response = client.get(
        reverse("applications:dossier_version", args=[submitted.pk, 1])
    )

    rows = page(response).select('[data-testid="version-file"]')
    assert [
        [cell.get_text(strip=True) for cell in row.select("td")[:2]] for row in rows
    ] == [
        ["Statuts de l'organisme", "statuts.pdf"],
        ["Plan des locaux", "photo.png"],
    ]
    assert page(response).select_one('[data-testid="version-archive"]')
