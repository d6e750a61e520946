"""The managers' side in the Wagtail admin: the Dossiers list and menu, who may
open a dossier's page, and what the page shows (answers, files, history, thread)."""

from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from applications import services
from applications.enums import ApplicationState as S
from applications.models import Application, ApplicationVersion, Message
from applications.questionnaire import iter_questions
from core.enums import OutboundEmailStatus
from core.models import OutboundEmail
from demo.streams import (
    budget_table,
    long_text,
    multiple_choice,
    number,
    questionnaire_data,
    section,
    short_text,
    territory,
)
from tests.factories import (
    AuthorityFactory,
    CallFactory,
    ManagerFactory,
    OrganisationFactory,
    ReviewerFactory,
    TerritoryFactory,
    UserFactory,
)

from .support import (
    LIST_URL,
    NOW,
    action_url,
    detail_url,
    dossier,
    messages_of,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


# The list -----------------------------------------------------------------------


def listed(response) -> list[str]:
    return [application.reference for application in response.context["object_list"]]


def test_list_shows_only_the_submitted_dossiers_of_the_managers_authority(
    manager_client, submitted, call
):
    dossier(call, title="Brouillon privé")  # a draft: never listed
    elsewhere = submit(dossier(CallFactory(reference="AAC-2026-ARA")))

    response = manager_client.get(LIST_URL)

    assert response.status_code == 200
    assert listed(response) == ["AAC-2026-BRE-MAV-0001"]
    assert elsewhere.reference not in response.content.decode()
    assert "Brouillon privé" not in response.content.decode()


def test_list_shows_columns_in_paris_time(manager_client, submitted):
    response = manager_client.get(LIST_URL)
    content = response.content.decode()

    assert f'href="{detail_url(submitted)}"' in content
    assert "Maison d&#x27;accompagnement du pays de Quimper" in content
    assert "Centre hospitalier de Cornouaille" in content
    assert "22/11/2026 14:05" in content
    assert response.context["object_list"][0].version_number == 1


def test_list_shows_every_submitted_dossier_to_a_superuser(client, submitted, call):
    dossier(call)
    elsewhere = submit(dossier(CallFactory(reference="AAC-2026-ARA")))
    client.force_login(UserFactory(superuser=True))

    response = client.get(LIST_URL)

    assert sorted(listed(response)) == sorted(
        ["AAC-2026-BRE-MAV-0001", elsewhere.reference]
    )


def test_list_is_empty_for_a_manager_of_another_authority(client, submitted):
    client.force_login(ManagerFactory(username="autre", authority=AuthorityFactory()))

    assert listed(client.get(LIST_URL)) == []


def test_list_filters_by_state(manager_client, submitted, manager, call):
    other = submit(dossier(call))
    services.application_start_review(application=other, user=manager)

    response = manager_client.get(LIST_URL, {"state": S.UNDER_REVIEW})

    assert listed(response) == [other.reference]


def test_list_filters_by_call_among_the_managers_calls(
    manager_client, submitted, authority
):
    second_call = CallFactory(reference="AAC-2026-BRE-GDP", authority=authority)
    other = submit(dossier(second_call))
    foreign_call = CallFactory(reference="AAC-2026-ARA")

    response = manager_client.get(LIST_URL, {"call": second_call.pk})

    assert listed(response) == [other.reference]
    choices = [
        c for c, _label in response.context["filters"].form["call"].field.choices
    ]
    assert foreign_call.pk not in [getattr(c, "value", c) for c in choices]


def test_list_searches_reference_title_and_organisation(manager_client, call):
    first = submit(dossier(call, organisation=OrganisationFactory(name="CHU de Brest")))
    submit(dossier(call, title="Équipe mobile"))

    assert listed(manager_client.get(LIST_URL, {"q": "Brest"})) == [first.reference]
    assert listed(manager_client.get(LIST_URL, {"q": "mobile"})) != [first.reference]


def test_list_runs_a_constant_number_of_queries(manager_client, call):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = manager_client.get(LIST_URL)
        assert response.status_code == 200
        return len(response.context["object_list"]), len(queries)

    for _i in range(2):
        submit(dossier(call))
    rows_2, queries_2 = count()
    for _i in range(18):
        submit(dossier(call))
    rows_20, queries_20 = count()

    assert (rows_2, rows_20) == (2, 20)
    assert queries_20 == queries_2


def test_menu_shows_dossiers_to_managers_only(client, manager, authority):
    # The sidebar is rendered from JSON props.
    menu_item = f'"url": "{LIST_URL}"'
    client.force_login(manager)
    assert menu_item in client.get("/admin/").content.decode()

    reviewer = ReviewerFactory(username="instructeur")
    client.force_login(reviewer)
    assert menu_item not in client.get("/admin/").content.decode()


# Who may open the dossier page ------------------------------------------------


def test_detail_is_shown_to_the_manager(manager_client, submitted):
    response = manager_client.get(detail_url(submitted))
    content = response.content.decode()

    assert response.status_code == 200
    assert "AAC-2026-BRE-MAV-0001" in content
    assert submitted.organisation.siret in content
    assert "Maison d&#x27;accompagnement à la fin de vie" in content
    assert str(S.SUBMITTED.label) in content


def test_detail_is_404_for_a_manager_of_another_authority(client, submitted):
    client.force_login(ManagerFactory(username="autre", authority=AuthorityFactory()))

    assert client.get(detail_url(submitted)).status_code == 404
    response = client.post(
        action_url(submitted, "inadmissible"),
        {"inadmissible-seen_version": 1, "inadmissible-motivation": "Hors sujet"},
    )
    assert response.status_code == 404
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_detail_of_a_draft_is_404(manager_client, application):
    assert manager_client.get(detail_url(application)).status_code == 404


def test_detail_redirects_an_applicant_to_the_admin_login(client, submitted):
    client.force_login(submitted.created_by)

    response = client.get(detail_url(submitted))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_detail_refuses_a_reviewer_who_is_not_a_manager(client, submitted, authority):
    reviewer = ReviewerFactory(username="instructeur", authority=authority)
    client.force_login(reviewer)

    for url in (detail_url(submitted), LIST_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    response = client.post(action_url(submitted, "review"), {"review-confirm": "on"})
    assert response.status_code == 302
    assert Application.objects.get(pk=submitted.pk).state == S.SUBMITTED


def test_detail_redirects_anonymous_to_the_admin_login(client, submitted):
    response = client.get(detail_url(submitted))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_detail_shows_an_action_form_to_a_superuser(client, submitted):
    client.force_login(UserFactory(superuser=True))

    response = client.get(detail_url(submitted))

    assert [a.name for a, _f, _u in response.context["action_forms"]] == [
        "complements",
        "inadmissible",
        "review",
    ]


# What the dossier page shows ------------------------------------------------------


@pytest.fixture
def questionnaire_call(call):
    filiere = TerritoryFactory(name="Filière Cornouaille", code="F29S", level="filiere")
    call.questionnaire = questionnaire_data(
        call.reference,
        [
            section(
                "porteur",
                "Porteur",
                "",
                short_text("nom", "Nom du projet"),
                long_text("diag", "Diagnostic <territorial>", max_chars=3000),
                number("lits", "Nombre de places", unit="places"),
            ),
            section(
                "territoire",
                "Territoire et budget",
                "",
                territory("filiere", "Filière concernée", level="filiere"),
                multiple_choice("familles", "Familles", ["EMSP", "HAD", "DAC"]),
                budget_table(
                    "budget", "Budget", rows=["Personnel"], columns=["2027", "2028"]
                ),
            ),
        ],
    )
    call.save()
    call.filiere = filiere
    return call


def test_detail_shows_the_answers_of_the_version_on_record(
    manager_client, questionnaire_call, application
):
    keys = {q.label: q.key for q in iter_questions(questionnaire_call)}
    services.application_update(
        application=application,
        user=application.created_by,
        answers={
            keys["Nom du projet"]: "Maison de Quimper",
            keys["Diagnostic <territorial>"]: "<script>alert(1)</script>\nDeux lits",
            keys["Nombre de places"]: 12,
            keys["Filière concernée"]: questionnaire_call.filiere.pk,
            keys["Familles"]: ["EMSP", "HAD"],
            keys["Budget"]: {"Personnel": {"2027": "1000.00", "2028": "1500.50"}},
        },
        requested_amount=Decimal("250000.00"),
        territories=[questionnaire_call.filiere],
    )
    submitted = submit(Application.objects.get(pk=application.pk))

    response = manager_client.get(detail_url(submitted))
    content = response.content.decode()

    assert [s.title for s in response.context["sections"]] == [
        "Porteur",
        "Territoire et budget",
    ]
    assert "Diagnostic &lt;territorial&gt;" in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<br>Deux lits" in content
    assert "<script>alert(1)" not in content
    assert "12 places" in content
    assert "Filière Cornouaille" in content
    assert "<li>EMSP</li><li>HAD</li>" in content
    table = response.context["sections"][1].answers[2].table
    assert table.rows == [
        ("Personnel", ["1\xa0000\xa0€", "1\xa0500,50\xa0€"], "2\xa0500,50\xa0€")
    ]
    assert response.context["covered_territories"] == ["Filière Cornouaille"]
    assert response.context["requested_amount"] == "250\xa0000\xa0€"
    assert table.total == "2\xa0500,50\xa0€"


def test_detail_shows_files_versions_history_and_messages(
    manager_client, manager, application, make_attachment
):
    statuts = make_attachment("statuts-signés.pdf", b"%PDF-1.7 statuts " * 100)
    submitted = submit(application)
    ApplicationVersion.objects.filter(application=submitted).update(
        receipt="receipts/2026/11/recu.pdf"
    )
    Message.objects.create(
        application=submitted,
        kind="message",
        author=submitted.created_by,
        subject="Question <budget>",
        body="Faut-il un devis ?",
    )

    response = manager_client.get(detail_url(submitted))
    content = response.content.decode()

    download = reverse(
        "applications:attachment_download", args=[submitted.pk, statuts.pk]
    )
    assert f'href="{download}"' in content
    assert statuts.sha256 in content
    assert "<td>1,7\xa0Kio</td>" in content  # 1,700 bytes
    receipt = reverse("applications:receipt_download", args=[submitted.pk, 1])
    assert f'href="{receipt}"' in content
    created, submission = response.context["history"]
    assert (created.label, created.target) == ("Créé", str(S.DRAFT.label))
    assert (submission.label, submission.source, submission.target) == (
        "Déposé",
        str(S.DRAFT.label),
        str(S.SUBMITTED.label),
    )
    assert submission.by == "Dominique Exemple"
    assert "<td>22/11/2026 14:05</td>" in content
    assert "Question &lt;budget&gt;" in content
    assert 'data-testid="message-form"' in content


def test_manager_writes_to_the_applicant(
    manager_client, manager, submitted, members, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            f"/admin/dossiers/{submitted.pk}/message/",
            {"message-subject": "Pièce manquante", "message-body": "Merci de…"},
        )

    assert response.status_code == 302
    assert response.url == detail_url(submitted)
    message = Message.objects.get(application=submitted)
    assert (message.author, message.from_staff, message.subject) == (
        manager,
        True,
        "Pièce manquante",
    )
    assert sorted(mail.outbox[0].to) == sorted(m.email for m in members)
    assert messages_of(response) == [_("Message sent to the applicant.")]


def test_manager_message_without_subject_is_refused(manager_client, submitted):
    response = manager_client.post(
        f"/admin/dossiers/{submitted.pk}/message/",
        {"message-subject": "", "message-body": "Texte gardé"},
    )

    assert response.status_code == 200
    assert response.context["message_form"].errors["subject"]
    assert "Texte gardé" in response.content.decode()
    assert not Message.objects.exists()


def test_detail_lists_the_emails_about_the_dossier(
    manager_client, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit(application)
    OutboundEmail.objects.create(
        to=["zoe.martin@example.org"],
        template="submitted",
        context_ref="applications.application:999999",
        subject="Another dossier's email",
        body="-",
    )

    response = manager_client.get(detail_url(submitted))

    [email] = response.context["emails"]
    assert email.template == "submitted"
    assert email.status == OutboundEmailStatus.SENT
    assert email.to == ["alex.le-gall@example.org", "zoe.martin@example.org"]
    content = response.content.decode()
    assert f'data-testid="email-{email.pk}"' in content
    assert "Another dossier's email" not in content
