"""The dossier services leave one activity entry per change that is not a
transition, in the same transaction; the managers' history shows them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from applications import services
from applications.history import with_activity
from applications.partner_links import partner_token
from calls.enums import PartnerCategory
from core.activity import activity_for
from core.models import ActivityEntry
from organisations import services as organisation_services
from organisations.enums import MembershipStatus
from tests.factories import (
    ApplicationFactory,
    CallFactory,
    MembershipFactory,
    RequiredDocumentFactory,
    UserFactory,
)
from tests.factories.applications import synthetic_siret

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
FIELDS = {
    "name": "Équipe mobile de soins palliatifs de Cornouaille",
    "siret": synthetic_siret(7101),
    "finess": "",
    "category": PartnerCategory.EXPERT_TEAM,
    "role": "Expertise et appui aux équipes de premier recours",
    "contact_name": "Dr Anne Kervella",
    "contact_email": "anne.kervella@example.org",
}


@pytest.fixture
def application():
    return ApplicationFactory(call=CallFactory(reference="AAC-2026-BRE-FIL"))


@pytest.fixture
def user(application):
    return application.created_by


def logged(scope) -> list[tuple]:
    return [
        (entry.action, entry.actor, entry.target_repr) for entry in activity_for(scope)
    ]


def test_partner_changes_are_logged_with_their_actor(application, user):
    partner = services.partner_add(application=application, user=user, **FIELDS)
    services.partner_update(
        application=application,
        user=user,
        partner=partner,
        **{**FIELDS, "role": "Appui aux équipes de premier recours"},
    )
    services.partner_respond(
        token=partner_token(type(partner).objects.get(pk=partner.pk)), accept=True
    )
    services.partner_remove(application=application, user=user, partner=partner)

    name = FIELDS["name"]
    assert logged(application) == [
        ("partner.added", user, name),
        ("partner.invited", user, name),
        ("partner.changed", user, name),
        ("partner.confirmed", None, name),
        ("partner.removed", user, name),
    ]
    changed = ActivityEntry.objects.get(action="partner.changed")
    assert changed.details == {"fields": ["role"], "asked_again": True}


def test_a_refused_change_leaves_no_entry(application, user):
    services.partner_add(application=application, user=user, **FIELDS)
    before = ActivityEntry.objects.count()

    with pytest.raises(services.PartnerRefused):
        services.partner_add(application=application, user=user, **FIELDS)

    assert ActivityEntry.objects.count() == before


def test_files_added_then_replaced(application, user):
    document = RequiredDocumentFactory(call=application.call, label="Statuts")
    for name in ("statuts.pdf", "statuts-signés.pdf"):
        services.attachment_add(
            application=application,
            user=user,
            uploaded_file=SimpleUploadedFile(name, PDF),
            required_document=document,
        )

    assert logged(application) == [
        ("file.added", user, "statuts.pdf"),
        ("file.replaced", user, "statuts-signés.pdf"),
    ]


def test_lead_category_steering_body_and_messages(application, user):
    services.lead_category_set(
        application=application, user=user, category=PartnerCategory.HAD
    )
    member = services.steering_member_add(
        application=application,
        user=user,
        name="Marie Le Bihan",
        function="Directrice",
        organisation="CH de Cornouaille",
    )
    services.steering_member_remove(application=application, user=user, member=member)
    services.message_post(
        application=application, user=user, subject="Calendrier", body="Bonjour."
    )

    assert [action for action, _actor, _target in logged(application)] == [
        "lead.category_changed",
        "steering.member_added",
        "steering.member_removed",
        "message.posted",
    ]
    category = ActivityEntry.objects.get(action="lead.category_changed")
    assert category.details == {"from": "", "to": PartnerCategory.HAD}


def test_membership_decisions_are_logged_on_the_organisation():
    admin = MembershipFactory(role="admin")
    organisation = admin.organisation
    asking = MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="sam"),
        status=MembershipStatus.PENDING,
    )

    organisation_services.membership_approve(membership=asking, user=admin.user)

    assert logged(organisation) == [("membership.approved", admin.user, str(asking))]


def test_history_interleaves_activity_with_transitions(application, user):
    with transaction.atomic():
        services.partner_add(application=application, user=user, **FIELDS)
    history = with_activity([], activity_for(application))

    assert [entry.label for entry in history] == [
        f"Partenaire ajouté : {FIELDS['name']}",
        f"Lien de confirmation envoyé au partenaire : {FIELDS['name']}",
    ]
    assert history[0].by == user.get_full_name()
