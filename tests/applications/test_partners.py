"""The governance services and the applicant's partners page: partners, their
invitations and commitments, the lead's category and the steering body."""

import re
from datetime import timedelta

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import luhn

from applications import services
from applications.enums import CommitmentMethod, CommitmentStatus, MessageKind
from applications.exceptions import PermissionRefused, TransitionRefused
from applications.models import Application, Attachment, Message, Partner
from applications.partner_links import (
    PartnerLinkReused,
    partner_from_token,
    partner_token,
)
from applications.services import PartnerRefused
from calls.enums import PartnerCategory
from core.models import OutboundEmail
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    GovernanceRuleFactory,
    MembershipFactory,
    PartnerFactory,
    drive_to,
)
from tests.factories.applications import synthetic_siret

pytestmark = pytest.mark.django_db

SIRET = synthetic_siret(7101)
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
EXPERT = PartnerCategory.EXPERT_TEAM
FIELDS = {
    "name": "Équipe mobile de soins palliatifs de Cornouaille",
    "siret": SIRET,
    "finess": "",
    "category": EXPERT,
    "role": "Expertise et appui aux équipes de premier recours",
    "contact_name": "Dr Anne Kervella",
    "contact_email": "anne.kervella@example.org",
}


@pytest.fixture
def application():
    return ApplicationFactory(
        call=CallFactory(reference="AAC-2026-BRE-FIL", title="Filières palliatives"),
        title="Filière palliative de Cornouaille",
    )


@pytest.fixture
def user(application):
    return application.created_by


@pytest.fixture
def add(application, user, django_capture_on_commit_callbacks):
    """Add a partner through the service, running what it queues on commit."""

    def add(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return services.partner_add(
                application=application, user=user, **{**FIELDS, **overrides}
            )

    return add


def fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def update(partner, user, **changes):
    return services.partner_update(
        application=partner.application,
        user=user,
        partner=partner,
        **{**FIELDS, **changes},
    )


def emailed_token(email) -> str:
    """The token of the one commitment link in the email's body."""
    [token] = re.findall(
        r"^http://testserver/espace/partenaire/([^/\s]+)/$", email.body, re.M
    )
    return token


def confirm(partner):
    return services.partner_respond(token=partner_token(partner), accept=True)


# Adding a partner and its invitation --------------------------------------------------


def test_add_records_the_partner_and_emails_the_link(application, add):
    partner = add(siret=f"{SIRET[:3]} {SIRET[3:6]} {SIRET[6:9]} {SIRET[9:]}")
    assert partner.siret == SIRET
    assert partner.commitment_status == CommitmentStatus.PENDING
    assert partner.invited_at is not None
    assert fresh(application).lock_version == 1
    [email] = mail.outbox
    assert email.to == ["anne.kervella@example.org"]
    assert email.subject == (
        f"[{application.reference}] Confirmez l'engagement de Équipe mobile de soins "
        "palliatifs de Cornouaille comme partenaire"
    )
    assert partner_from_token(emailed_token(email)) == partner
    assert "Expertise et appui aux équipes de premier recours" in email.body
    assert application.organisation.name in email.body
    [note] = Message.objects.filter(application=application)
    assert note.kind == MessageKind.NOTIFICATION
    assert note.subject == email.subject
    assert "anne.kervella@example.org" in note.body
    assert emailed_token(email) not in note.body  # the link is the partner's own


def test_invitation_subject_and_recipient_are_exact(application, add, settings):
    Application.objects.filter(pk=application.pk).update(
        reference="AAC-2026-BRE-FIL-0042"
    )
    add(name="HAD Émeraude", contact_email="secretariat@had-emeraude.example.org")
    [email] = mail.outbox
    assert email.subject == (
        "[AAC-2026-BRE-FIL-0042] Confirmez l'engagement de HAD Émeraude comme "
        "partenaire"
    )
    assert email.to == ["secretariat@had-emeraude.example.org"]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        (
            {"siret": "12345678901234"},
            lambda: _(
                "This SIRET number is not valid: it has 14 digits and a check key."
            ),
        ),
        (
            {"finess": "12"},
            lambda: _(
                "A FINESS number has 9 characters: a département code and 7 digits."
            ),
        ),
        ({"category": "astrologers"}, lambda: _("Choose the category of the partner.")),
        (
            {"contact_email": "not-an-email"},
            lambda: _("Give a valid contact email address."),
        ),
        (
            {"role": "   "},
            lambda: (
                _("Fill in the field « %(label)s ».")
                % {"label": _("Role in the governance")}
            ),
        ),
    ],
    ids=["siret", "finess", "category", "email", "role"],
)
def test_add_refused_writes_nothing(application, user, changes, reason):
    with pytest.raises(PartnerRefused) as refused:
        services.partner_add(
            application=application, user=user, **{**FIELDS, **changes}
        )
    assert refused.value.reasons == [reason()]
    assert not Partner.objects.exists()
    assert not Message.objects.exists()
    assert fresh(application).lock_version == 0


def test_add_the_same_organisation_twice_is_refused_in_any_category(
    application, user, add
):
    add()
    for category in (EXPERT, PartnerCategory.HEALTH_ESTABLISHMENT):
        with pytest.raises(PartnerRefused):
            services.partner_add(
                application=application,
                user=user,
                **{**FIELDS, "category": category},
            )
    assert Partner.objects.count() == 1


def other_establishment(siret: str, nic: str = "0002") -> str:
    """Another valid SIRET of the same legal entity (same SIREN)."""
    base = siret[:9] + nic
    return base + luhn.calc_check_digit(base)


def test_another_establishment_of_a_partner_is_refused(application, user, add):
    add()
    sibling = other_establishment(SIRET)
    assert sibling != SIRET and sibling[:9] == SIRET[:9]
    with pytest.raises(PartnerRefused) as refused:
        services.partner_add(
            application=application,
            user=user,
            **{**FIELDS, "siret": sibling, "category": PartnerCategory.HAD},
        )
    assert refused.value.reasons == [
        _(
            "%(name)s (SIREN %(siren)s) is already a partner of the dossier: an "
            "organisation is named once, in one category, even through another "
            "of its establishments."
        )
        % {"name": FIELDS["name"], "siren": SIRET[:9]}
    ]
    assert Partner.objects.count() == 1


@pytest.mark.parametrize("same", ["siret", "siren"])
def test_the_lead_cannot_be_its_own_partner(application, user, same):
    lead = application.organisation.siret
    siret = lead if same == "siret" else other_establishment(lead, "0099")
    with pytest.raises(PartnerRefused) as refused:
        services.partner_add(
            application=application, user=user, **{**FIELDS, "siret": siret}
        )
    assert refused.value.reasons == [
        _(
            "The lead organisation cannot be its own partner: SIREN %(siren)s is "
            "the lead's. A partner is another organisation."
        )
        % {"siren": lead[:9]}
    ]
    assert not Partner.objects.exists()
    assert mail.outbox == []


def test_changing_a_partner_to_the_lead_siret_is_refused(application, user, add):
    partner = add()
    with pytest.raises(PartnerRefused):
        update(fresh(partner), user, siret=application.organisation.siret)
    assert fresh(partner).siret == SIRET


def test_the_lead_as_partner_is_refused_on_the_page(client, application, user):
    client.force_login(user)
    data = {f"partner-{key}": value for key, value in FIELDS.items()}
    data["partner-siret"] = application.organisation.siret
    response = client.post(
        reverse("applications:dossier_partners", args=[application.pk]), data
    )
    assert response.status_code == 200
    assert "ne peut pas être son propre partenaire" in response.content.decode()
    assert not Partner.objects.exists()


def test_add_refused_for_another_organisation_and_a_closed_call(application):
    stranger = MembershipFactory().user
    with pytest.raises(PermissionRefused):
        services.partner_add(application=application, user=stranger, **FIELDS)
    closed = ApplicationFactory(call=CallFactory(closed=True))
    with pytest.raises(TransitionRefused):
        services.partner_add(application=closed, user=closed.created_by, **FIELDS)
    assert not Partner.objects.exists()


# Changing a partner -------------------------------------------------------------------


def test_role_change_after_a_refusal_clears_the_reason(application, user, add):
    partner = add()
    services.partner_respond(
        token=partner_token(partner), accept=False, reason="Pas de places en 2027."
    )
    assert fresh(partner).decline_reason == "Pas de places en 2027."

    update(fresh(partner), user, role="Coordination des astreintes")

    row = fresh(partner)
    assert row.commitment_status == CommitmentStatus.PENDING
    assert row.decline_reason == ""


def test_role_change_after_confirmation_asks_again(application, user, add):
    partner = add()
    confirm(fresh(partner))
    confirmed = fresh(partner)
    old_token = partner_token(confirmed)
    mail.outbox.clear()

    updated = update(confirmed, user, role="Coordination des astreintes")

    row = fresh(partner)
    assert row.role == "Coordination des astreintes"
    assert row.commitment_status == CommitmentStatus.PENDING
    assert row.responded_at is None
    assert row.commitment_method == ""
    assert row.link_nonce != confirmed.link_nonce
    assert updated.link_nonce == row.link_nonce
    with pytest.raises(PartnerLinkReused):
        partner_from_token(old_token)
    assert partner_from_token(partner_token(row)) == row


def test_role_change_sends_nothing_until_the_applicant_sends_the_link(
    application, user, add, django_capture_on_commit_callbacks
):
    partner = add()
    confirm(fresh(partner))
    mail.outbox.clear()
    for role in ("Coordination", "Astreintes", "Formation", "Expertise"):
        with django_capture_on_commit_callbacks(execute=True):
            update(fresh(partner), user, role=role)
    assert mail.outbox == []
    assert fresh(partner).invited_at is None
    later = timezone.now() + timedelta(minutes=6)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.partner_invite(application=application, user=user, partner=partner)
    [email] = mail.outbox
    assert email.to == ["anne.kervella@example.org"]
    assert partner_from_token(emailed_token(email)) == partner
    assert "« Expertise »" in email.body


def test_contact_change_of_a_confirmed_partner_keeps_its_answer(
    application, user, add, django_capture_on_commit_callbacks
):
    partner = add()
    confirm(fresh(partner))
    before = fresh(partner)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update(
            before,
            user,
            contact_name="Dr Yann Le Goff",
            contact_email="yann.le-goff@example.org",
            name="EMSP de Cornouaille",
        )
    after = fresh(partner)
    assert after.commitment_status == CommitmentStatus.CONFIRMED
    assert after.responded_at == before.responded_at
    assert after.link_nonce == before.link_nonce
    assert after.contact_email == "yann.le-goff@example.org"
    assert mail.outbox == []


def test_contact_email_change_of_a_pending_partner_stops_the_old_link(
    application, user, add, django_capture_on_commit_callbacks
):
    partner = add()
    old_token = partner_token(fresh(partner))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update(fresh(partner), user, contact_email="yann.le-goff@example.org")
    assert mail.outbox == []
    with pytest.raises(PartnerLinkReused):
        partner_from_token(old_token)
    with (
        time_machine.travel(timezone.now() + timedelta(minutes=6), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.partner_invite(application=application, user=user, partner=partner)
    [email] = mail.outbox
    assert email.to == ["yann.le-goff@example.org"]


def test_unchanged_update_writes_nothing(application, user, add):
    partner = add()
    version = fresh(application).lock_version
    update(fresh(partner), user)
    assert fresh(application).lock_version == version


def test_remove_supersedes_the_letter(application, user, add):
    partner = add()
    letter = services.partner_letter_attach(
        application=application,
        user=user,
        partner=partner,
        uploaded_file=SimpleUploadedFile("engagement.pdf", PDF),
    )
    services.partner_remove(application=application, user=user, partner=partner)
    assert not Partner.objects.exists()
    assert fresh(letter).superseded_at is not None


# Re-sending the link ------------------------------------------------------------------


def test_invite_sends_a_new_link(
    application, user, add, django_capture_on_commit_callbacks
):
    partner = add()
    old_token = partner_token(fresh(partner))
    mail.outbox.clear()
    later = timezone.now() + timedelta(minutes=6)
    with (
        time_machine.travel(later, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.partner_invite(application=application, user=user, partner=partner)
    assert fresh(partner).invited_at == later
    [email] = mail.outbox
    assert partner_from_token(emailed_token(email)) == partner
    with pytest.raises(PartnerLinkReused):
        partner_from_token(old_token)


def test_invite_refused_too_soon_and_once_confirmed(application, user, add):
    partner = add()
    with pytest.raises(PartnerRefused):
        services.partner_invite(application=application, user=user, partner=partner)
    confirm(fresh(partner))
    with (
        time_machine.travel(timezone.now() + timedelta(hours=1)),
        pytest.raises(PartnerRefused),
    ):
        services.partner_invite(application=application, user=user, partner=partner)


def test_invitations_to_one_partner_are_limited_per_day(
    application, user, add, django_capture_on_commit_callbacks
):
    """The first link (on adding) and two more within 24 hours; the next one is
    refused and sends nothing, whatever the contact email is changed to."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        partner = add()
    for step, email in enumerate(["b@example.org", "c@example.org"], start=1):
        with time_machine.travel(start + timedelta(minutes=10 * step), tick=False):
            update(fresh(partner), user, contact_email=email)
            with django_capture_on_commit_callbacks(execute=True):
                services.partner_invite(
                    application=application, user=user, partner=partner
                )
    assert len(mail.outbox) == services.partners.MAX_INVITATIONS_PER_PARTNER == 3
    with time_machine.travel(start + timedelta(hours=2), tick=False):
        update(fresh(partner), user, contact_email="d@example.org")
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(PartnerRefused) as refused,
        ):
            services.partner_invite(application=application, user=user, partner=partner)
    assert str(refused.value) == (
        _(
            "%(count)d links were already sent to this partner within 24 hours: "
            "try again tomorrow, or upload its signed commitment letter."
        )
        % {"count": 3}
    )
    assert len(mail.outbox) == 3
    assert fresh(partner).invited_at is None
    # A day after the first ones, a link can be sent again.
    with (
        time_machine.travel(start + timedelta(hours=24, minutes=21), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.partner_invite(application=application, user=user, partner=partner)
    assert mail.outbox[-1].to == ["d@example.org"]


def test_invitations_of_one_dossier_are_capped_per_day(
    application, user, add, monkeypatch
):
    monkeypatch.setattr(services.partners, "MAX_INVITATIONS_PER_DOSSIER", 2)
    first = add()
    services.partner_remove(application=application, user=user, partner=first)
    add()  # naming a partner again counts again
    mail.outbox.clear()
    with pytest.raises(PartnerRefused) as refused:
        add(siret=synthetic_siret(7102), name="HAD Émeraude")
    assert str(refused.value) == (
        _(
            "%(count)d invitations were already sent for this dossier within 24 "
            "hours: no more can be sent before tomorrow."
        )
        % {"count": 2}
    )
    assert Partner.objects.count() == 1
    assert mail.outbox == []


def test_invitation_email_is_queued_once_per_link(application, add):
    partner = add()
    [queued] = OutboundEmail.objects.filter(template="partner_invitation")
    assert queued.dedup_key == (
        f"partner-invitation:{partner.pk}:{fresh(partner).link_nonce}"
    )


# The signed letter --------------------------------------------------------------------


def test_letter_confirms_the_partner(application, user, add):
    partner = add()
    old_token = partner_token(fresh(partner))
    letter = services.partner_letter_attach(
        application=application,
        user=user,
        partner=partner,
        uploaded_file=SimpleUploadedFile("engagement signé.pdf", PDF),
    )
    row = fresh(partner)
    assert row.commitment_status == CommitmentStatus.CONFIRMED
    assert row.commitment_method == CommitmentMethod.LETTER
    assert row.commitment_letter == letter
    assert row.responded_at is not None
    assert letter.question_key == f"partner:{partner.pk}"
    assert letter.content_type == "application/pdf"
    with pytest.raises(PartnerLinkReused):
        partner_from_token(old_token)


def test_letter_must_be_a_pdf(application, user, add):
    partner = add()
    version = fresh(application).lock_version
    with pytest.raises(ValidationError):
        services.partner_letter_attach(
            application=application,
            user=user,
            partner=partner,
            uploaded_file=SimpleUploadedFile("engagement.pdf", b"PK\x03\x04 not a pdf"),
        )
    assert fresh(partner).commitment_status == CommitmentStatus.PENDING
    assert not Attachment.objects.exists()
    assert fresh(application).lock_version == version


# The lead and the steering body -------------------------------------------------------


def test_lead_category_and_steering_body(application, user):
    services.lead_category_set(application=application, user=user, category=EXPERT)
    assert fresh(application).lead_category == EXPERT
    with pytest.raises(PartnerRefused):
        services.lead_category_set(
            application=application, user=user, category="astrologers"
        )
    member = services.steering_member_add(
        application=application,
        user=user,
        name="Dr Marie Kerjean",
        function="Présidente",
        organisation="CH de Cornouaille",
    )
    with pytest.raises(PartnerRefused):
        services.steering_member_add(
            application=application, user=user, name="", function="", organisation=""
        )
    services.steering_member_remove(application=application, user=user, member=member)
    assert not application.steering_members.exists()
    assert fresh(application).lock_version == 3


# The applicant's partners page --------------------------------------------------------


def page_url(application) -> str:
    return reverse("applications:dossier_partners", args=[application.pk])


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def applicant(client, user):
    client.force_login(user)
    return client


def test_anonymous_is_sent_to_login(client, application):
    response = client.get(page_url(application))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(page_url(application), FIELDS)
    assert response.status_code == 302
    assert not Partner.objects.exists()


def test_another_organisation_gets_404(client, application, add):
    partner = add()
    client.force_login(MembershipFactory().user)
    assert client.get(page_url(application)).status_code == 404
    for name in ("partner_edit", "partner_invite", "partner_remove", "partner_letter"):
        target = reverse(f"applications:{name}", args=[application.pk, partner.pk])
        assert client.post(target).status_code == 404
    assert Partner.objects.count() == 1


def test_page_shows_the_checklist_and_the_partners(applicant, application, add):
    GovernanceRuleFactory(call=application.call, category=EXPERT, min_partners=1)
    partner = add()
    document = soup(applicant.get(page_url(application)))
    rule = document.select_one('[data-testid="governance-rule"]')
    assert rule["data-rule"] == "category:expert_team"
    assert rule["data-met"] == "false"
    row = document.select_one('[data-testid="partner"]')
    assert row["data-status"] == "pending"
    assert row.select_one('[data-testid="partner-name"]').text == partner.name

    confirm(fresh(partner))
    document = soup(applicant.get(page_url(application)))
    rule = document.select_one('[data-testid="governance-rule"]')
    assert rule["data-met"] == "true"
    assert document.select_one('[data-testid="partner"]')["data-status"] == "confirmed"


def test_add_through_the_page(
    applicant, application, django_capture_on_commit_callbacks
):
    data = {f"partner-{key}": value for key, value in FIELDS.items()}
    with django_capture_on_commit_callbacks(execute=True):
        response = applicant.post(page_url(application), data)
    assert response.status_code == 302
    assert response["Location"] == page_url(application) + "#partners"
    [partner] = Partner.objects.all()
    assert partner.name == FIELDS["name"]
    assert [email.to for email in mail.outbox] == [["anne.kervella@example.org"]]


def test_refused_add_keeps_what_was_typed(applicant, application):
    data = {f"partner-{key}": value for key, value in FIELDS.items()}
    data["partner-siret"] = "12345678901234"
    response = applicant.post(page_url(application), data)
    assert response.status_code == 200
    document = soup(response)
    assert document.select_one("#id_partner-name")["value"] == FIELDS["name"]
    assert document.select_one('[data-testid="siret-errors"]') is not None
    assert not Partner.objects.exists()


def test_edit_page(applicant, application, add):
    partner = add()
    target = reverse("applications:partner_edit", args=[application.pk, partner.pk])
    document = soup(applicant.get(target))
    assert document.select_one("#id_partner-role")["value"] == FIELDS["role"]
    data = {f"partner-{key}": value for key, value in FIELDS.items()}
    data["partner-role"] = "Formation des équipes"
    queued = OutboundEmail.objects.count()
    response = applicant.post(target, data, follow=True)
    assert response.status_code == 200
    assert fresh(partner).role == "Formation des équipes"
    assert OutboundEmail.objects.count() == queued  # a change emails nothing
    page = response.content.decode()
    assert "Envoyer le nouveau lien" in page
    assert 'data-testid="link-to-send"' in page


def test_invite_and_remove_through_the_page(applicant, application, add):
    partner = add()
    invite = reverse("applications:partner_invite", args=[application.pk, partner.pk])
    nonce = fresh(partner).link_nonce
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = applicant.post(invite)
    assert response.status_code == 302
    assert fresh(partner).link_nonce != nonce
    response = applicant.post(invite)  # too soon: refused, shown as a message
    assert response.status_code == 302
    remove = reverse("applications:partner_remove", args=[application.pk, partner.pk])
    assert applicant.get(remove).status_code == 200  # the confirmation page
    assert applicant.post(remove).status_code == 200  # not confirmed: shown again
    assert Partner.objects.exists()
    assert applicant.post(remove, {"confirm": "True"}).status_code == 302
    assert not Partner.objects.exists()


def test_letter_through_the_page(applicant, application, add):
    partner = add()
    target = reverse("applications:partner_letter", args=[application.pk, partner.pk])
    assert applicant.get(target).status_code == 200
    empty = applicant.post(target, {})
    assert soup(empty).select_one('[data-testid="file-errors"]') is not None
    refused = applicant.post(
        target, {"file": SimpleUploadedFile("lettre.pdf", b"GIF89a not a pdf")}
    )
    assert refused.status_code == 200
    assert soup(refused).select_one('[data-testid="file-errors"]') is not None
    assert fresh(partner).commitment_status == CommitmentStatus.PENDING
    response = applicant.post(target, {"file": SimpleUploadedFile("lettre.pdf", PDF)})
    assert response.status_code == 302
    assert fresh(partner).commitment_method == CommitmentMethod.LETTER


def test_lead_and_steering_through_the_page(applicant, application):
    lead = reverse("applications:dossier_lead_category", args=[application.pk])
    assert applicant.post(lead, {"lead-category": EXPERT}).status_code == 302
    assert fresh(application).lead_category == EXPERT
    assert applicant.post(lead, {"lead-category": "astrologers"}).status_code == 200
    add_member = reverse("applications:steering_member_add", args=[application.pk])
    response = applicant.post(
        add_member,
        {
            "member-name": "Dr Marie Kerjean",
            "member-function": "Présidente",
            "member-organisation": "CH de Cornouaille",
        },
    )
    assert response.status_code == 302
    [member] = application.steering_members.all()
    assert applicant.post(add_member, {"member-name": ""}).status_code == 200
    remove = reverse(
        "applications:steering_member_remove", args=[application.pk, member.pk]
    )
    assert applicant.post(remove).status_code == 302
    assert not application.steering_members.exists()


def test_page_is_read_only_when_the_dossier_cannot_change(applicant, application, add):
    add()
    drive_to(application, "withdrawn")
    document = soup(applicant.get(page_url(application)))
    assert document.select_one('[data-testid="editing-problem"]') is not None
    assert document.select_one('[data-testid="partner-form"]') is None
    assert document.select_one('[data-testid="partner-remove"]') is None


def test_post_without_csrf_token_is_refused(user, application):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    data = {f"partner-{key}": value for key, value in FIELDS.items()}
    assert client.post(page_url(application), data).status_code == 403
    assert not Partner.objects.exists()


def test_dossier_page_shows_the_checklist_and_links_here(applicant, application):
    GovernanceRuleFactory(call=application.call, category=EXPERT)
    response = applicant.get(
        reverse("applications:dossier_detail", args=[application.pk])
    )
    document = soup(response)
    assert document.select_one('[data-testid="governance-rule"]')["data-met"] == (
        "false"
    )
    assert document.select_one('[data-testid="partners-link"]')["href"] == page_url(
        application
    )


def test_page_queries_do_not_grow_with_the_partners(applicant, application):
    GovernanceRuleFactory(call=application.call, category=EXPERT)

    def add_partners(numbers):
        for number in numbers:
            PartnerFactory(
                application=application,
                name=f"Partenaire {number}",
                siret=synthetic_siret(7200 + number),
                category=EXPERT,
                role="Membre",
                contact_name="Claude",
                contact_email=f"p{number}@example.org",
            )

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert applicant.get(page_url(application)).status_code == 200
        return len(queries)

    add_partners(range(2))
    applicant.get(page_url(application))  # warm the caches (site settings, menus)
    small = count_queries()
    add_partners(range(2, 12))
    assert count_queries() == small
