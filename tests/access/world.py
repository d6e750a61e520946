"""The objects every cell of the matrix reads: two authorities, their calls and
call pages, an organisation with its dossiers, and one user per role.

Built with the factories and the models only (no services), once per module.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from applications.enums import MessageKind
from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    Message,
    Partner,
    SteeringMember,
)
from applications.partner_links import partner_token
from calls.enums import PartnerCategory
from calls.models import Authority, Call, Territory
from cms.models import CallPage
from organisations.enums import MembershipRole, MembershipStatus
from organisations.models import Membership, Organisation
from tests.factories import (
    ApplicationFactory,
    AuthorityFactory,
    CallFactory,
    CallPageFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    call_index_page,
    force_state,
    home_page,
)
from tests.factories.applications import synthetic_siret

MANAGERS = "Gestionnaires"
REVIEWERS = "Instructeurs"


@dataclass
class World:
    authority_a: Authority
    authority_b: Authority
    territory: Territory
    call_a: Call
    call_b: Call
    page_a: CallPage
    page_b: CallPage
    organisation: Organisation
    other_organisation: Organisation
    pending_membership: Membership
    submitted: Application
    version: ApplicationVersion
    submitted_file: Attachment
    late_file: Attachment
    partner: Partner
    token: str
    steering_member: SteeringMember
    draft: Application
    draft_file: Attachment
    draft_message: Message
    users: dict  # role → user (None for the anonymous roles)
    sessions: dict = field(default_factory=dict)  # role → session cookies

    @property
    def home(self):
        return home_page()

    @property
    def call_index(self):
        return call_index_page()


def _file(application, user, name: str, content: bytes) -> Attachment:
    return Attachment.objects.create(
        application=application,
        file=ContentFile(content, name=name),
        original_name=name,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content_type="application/pdf",
        uploaded_by=user,
    )


def _staff(username: str, group: str, authority: Authority):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    authority.staff.add(user)
    return user


def build_world() -> World:
    authority_a = AuthorityFactory(short_name="ARS A", slug="ars-a")
    authority_b = AuthorityFactory(short_name="ARS B", slug="ars-b")
    call_a = CallFactory(reference="AAC-2026-AAA-001", authority=authority_a)
    call_b = CallFactory(reference="AAC-2026-BBB-001", authority=authority_b)
    call_a.territories.add(authority_a.region)
    page_a = CallPageFactory(call=call_a)
    page_b = CallPageFactory(call=call_b)

    organisation = OrganisationFactory(name="Centre hospitalier de A")
    other_organisation = OrganisationFactory(name="Clinique d'ailleurs")
    applicant = MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="applicant"),
        role=MembershipRole.ADMIN,
    ).user
    other_applicant = MembershipFactory(
        organisation=other_organisation,
        user=UserFactory(username="other_applicant"),
        role=MembershipRole.ADMIN,
    ).user
    pending_membership = MembershipFactory(
        organisation=organisation,
        user=UserFactory(username="pending"),
        status=MembershipStatus.PENDING,
    )

    # The submitted dossier: version 1 with one file and a receipt, a partner with
    # its signed link, a steering member, then a file uploaded after submission.
    submitted = ApplicationFactory(
        call=call_a,
        organisation=organisation,
        created_by=applicant,
        title="Dossier déposé de A",
    )
    submitted.territories.add(authority_a.region)
    submitted_file = _file(submitted, applicant, "statuts.pdf", b"%PDF-1.7 statuts")
    partner = Partner.objects.create(
        application=submitted,
        name="Équipe mobile de soins palliatifs",
        siret=synthetic_siret(9001),
        category=PartnerCategory.EXPERT_TEAM,
        role="Expertise",
        contact_name="Dr Anne Exemple",
        contact_email="anne@example.org",
    )
    steering_member = SteeringMember.objects.create(
        application=submitted, name="M. Exemple", function="Président", organisation="X"
    )
    submitted_at = timezone.now() - timedelta(days=1)
    version = ApplicationVersion.objects.create(
        application=submitted,
        number=1,
        submitted_at=submitted_at,
        submitted_by=applicant,
        title=submitted.title,
        receipt=ContentFile(b"%PDF-1.7 receipt", name="accuse.pdf"),
    )
    version.attachments.set([submitted_file])
    submitted = force_state(submitted, "submitted")
    Application.objects.filter(pk=submitted.pk).update(submitted_at=submitted_at)
    late_file = _file(submitted, applicant, "apres-depot.pdf", b"%PDF-1.7 late")

    # The draft: never submitted, with a file and a message thread.
    draft = ApplicationFactory(
        call=call_a,
        organisation=organisation,
        created_by=applicant,
        title="Brouillon de A",
    )
    draft_file = _file(draft, applicant, "brouillon.pdf", b"%PDF-1.7 draft")
    draft_message = Message.objects.create(
        application=draft,
        kind=MessageKind.MESSAGE,
        author=applicant,
        subject="Question sur le brouillon",
        body="Texte privé du brouillon",
    )

    users = {
        "visitor": None,
        "applicant": applicant,
        "other_applicant": other_applicant,
        "pending": pending_membership.user,
        "partner": None,
        "reviewer": _staff("reviewer", REVIEWERS, authority_a),
        "manager": _staff("manager", MANAGERS, authority_a),
        "manager_other": _staff("manager_other", MANAGERS, authority_b),
        "admin": UserFactory(username="admin", superuser=True),
    }
    return World(
        authority_a=authority_a,
        authority_b=authority_b,
        territory=authority_a.region,
        call_a=call_a,
        call_b=call_b,
        page_a=page_a,
        page_b=page_b,
        organisation=organisation,
        other_organisation=other_organisation,
        pending_membership=pending_membership,
        submitted=submitted,
        version=version,
        submitted_file=submitted_file,
        late_file=late_file,
        partner=partner,
        token=partner_token(partner),
        steering_member=steering_member,
        draft=draft,
        draft_file=draft_file,
        draft_message=draft_message,
        users=users,
    )
