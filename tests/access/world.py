"""The objects every cell of the matrix reads: two authorities, their calls and
call pages, an organisation with its dossiers, and one user per role.

Built with the factories, once per module; the submitted dossier reaches its
state through the submission service, the dossiers under instruction and their
assignments, reviews and declared interest through the reviews' services.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from applications import services
from applications.enums import ApplicationState, MessageKind
from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    Message,
    Partner,
    SteeringMember,
)
from applications.partner_links import partner_token
from calls.enums import PartnerCategory, TerritoryLevel
from calls.models import Authority, Call, Territory
from cms.models import CallPage
from directory.selectors import filiere_slug
from organisations.enums import MembershipRole, MembershipStatus
from organisations.models import Membership, Organisation
from reviews import services as reviews_services
from reviews.enums import CommitteeRole, InterestNature, ReleaseKind
from reviews.models import (
    Assignment,
    Committee,
    Decision,
    DecisionLetter,
    InterestDeclaration,
    ReleaseBatch,
    Review,
)
from tests.directory.builders import recognise
from tests.factories import (
    AdministratorFactory,
    ApplicationFactory,
    AttachmentFactory,
    AuthorityFactory,
    CallFactory,
    CallPageFactory,
    CriterionFactory,
    ManagerFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    ReviewerFactory,
    SteeringMemberFactory,
    TerritoryFactory,
    UserFactory,
    call_index_page,
    home_page,
)
from tests.factories.applications import drive_to, synthetic_siret
from tests.factories.directory import ServiceFactory
from tests.factories.reviews import assign, submitted_review

from .directory_admin import SERVICE as DIRECTORY_SERVICE


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
    # The instruction (authority A's call): the dossier under review, its file in
    # the version on record and one uploaded since; a second dossier whose
    # reviewer has not attested yet.
    instruction: Application
    instruction_file: Attachment
    instruction_late_file: Attachment
    unattested: Application
    unattested_file: Attachment
    assignment: Assignment  # reviewer_assigned's, accepted, with a draft review
    draft_review: Review
    unattested_assignment: Assignment  # reviewer_assigned's, not attested yet
    # reviewer's (assigned nothing now): attested, then removed by the manager.
    removed_assignment: Assignment
    conflicted_assignment: Assignment  # reviewer_conflicted's, conflict declared
    # Another reviewer's, accepted, review submitted; then they declared a tie with
    # the lead organisation: a detected conflict (for a manager to override).
    peer_assignment: Assignment
    submitted_review: Review
    interest: InterestDeclaration  # reviewer_assigned's declared interest
    committee: Committee  # a session of authority A's call, its manager chairing
    # A dossier of the applicant's organisation, reviewed, accepted and notified:
    # its decision, its letter (not opened yet) and the release that sent it.
    decided: Application
    decision: Decision
    letter: DecisionLetter
    release_batch: ReleaseBatch
    users: dict  # role → user (None for the anonymous roles)
    sessions: dict = field(default_factory=dict)  # role → session cookies
    # The directory's public objects (issue 11): see ``_directory``.
    directory: SimpleNamespace | None = None

    @property
    def home(self):
        return home_page()

    @property
    def call_index(self):
        return call_index_page()


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
    submitted_file = AttachmentFactory(
        application=submitted, original_name="statuts.pdf", content=b"%PDF-1.7 statuts"
    )
    partner = PartnerFactory(
        application=submitted,
        name="Équipe mobile de soins palliatifs",
        siret=synthetic_siret(9001),
        category=PartnerCategory.EXPERT_TEAM,
        role="Expertise",
        contact_name="Dr Anne Exemple",
        contact_email="anne@example.org",
    )
    steering_member = SteeringMemberFactory(
        application=submitted, name="M. Exemple", function="Président", organisation="X"
    )
    # Submitted yesterday; its receipt stands for the one the task would generate
    # once the submission commits (this transaction never does).
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        version = services.application_submit(application=submitted, user=applicant)
    version.receipt = ContentFile(b"%PDF-1.7 receipt", name="accuse.pdf")
    version.save()
    submitted = Application.objects.get(pk=submitted.pk)
    late_file = AttachmentFactory(
        application=submitted,
        original_name="apres-depot.pdf",
        content=b"%PDF-1.7 late",
    )

    # The draft: never submitted, with a file and a message thread.
    draft = ApplicationFactory(
        call=call_a,
        organisation=organisation,
        created_by=applicant,
        title="Brouillon de A",
    )
    draft_file = AttachmentFactory(
        application=draft, original_name="brouillon.pdf", content=b"%PDF-1.7 draft"
    )
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
        "reviewer": ReviewerFactory(username="reviewer", authority=authority_a),
        "reviewer_assigned": ReviewerFactory(
            username="reviewer_assigned", authority=authority_a
        ),
        "reviewer_conflicted": ReviewerFactory(
            username="reviewer_conflicted",
            first_name="Camille",
            last_name="Conflit",
            authority=authority_a,
        ),
        "manager": ManagerFactory(username="manager", authority=authority_a),
        "manager_other": ManagerFactory(
            username="manager_other", authority=authority_b
        ),
        "admin": AdministratorFactory(username="admin"),
    }

    # The instruction of a dossier of authority A's call, through the services.
    manager = users["manager"]
    for label, weight, max_score in (("Gouvernance", 3, 4), ("Territoire", 1, 10)):
        CriterionFactory(call=call_a, label=label, weight=weight, max_score=max_score)
    instruction = ApplicationFactory(
        call=call_a,
        organisation=organisation,
        created_by=applicant,
        title="Dossier en instruction de A",
    )
    instruction_file = AttachmentFactory(
        application=instruction, original_name="projet.pdf", content=b"%PDF-1.7 p"
    )
    instruction = drive_to(instruction, ApplicationState.UNDER_REVIEW, manager=manager)
    instruction_late_file = AttachmentFactory(
        application=instruction,
        original_name="apres-depot-instruction.pdf",
        content=b"%PDF-1.7 late",
    )
    unattested = ApplicationFactory(
        call=call_a,
        organisation=organisation,
        created_by=applicant,
        title="Dossier à attester de A",
    )
    unattested_file = AttachmentFactory(
        application=unattested, original_name="annexe.pdf", content=b"%PDF-1.7 a"
    )
    unattested = drive_to(unattested, ApplicationState.UNDER_REVIEW, manager=manager)

    reviewer_assigned = users["reviewer_assigned"]
    assignment = assign(instruction, reviewer_assigned, manager)
    reviews_services.assignment_accept(assignment=assignment, user=reviewer_assigned)
    criteria = list(call_a.criteria.order_by("pk"))
    draft_review = reviews_services.review_save_draft(
        assignment=assignment,
        user=reviewer_assigned,
        scores={criteria[0].pk: "3"},
        comment="Brouillon d'avis.",
    )
    unattested_assignment = assign(unattested, reviewer_assigned, manager)
    removed_assignment = assign(instruction, users["reviewer"], manager)
    reviews_services.assignment_accept(
        assignment=removed_assignment, user=users["reviewer"]
    )
    reviews_services.assignment_remove(
        assignment=removed_assignment, user=manager, reason="Indisponible."
    )
    conflicted_assignment = assign(instruction, users["reviewer_conflicted"], manager)
    reviews_services.conflict_declare(
        assignment=conflicted_assignment,
        user=users["reviewer_conflicted"],
        reason="Ancien salarié du porteur.",
    )
    peer = ReviewerFactory(
        username="reviewer_peer",
        first_name="Pierre",
        last_name="Pair",
        authority=authority_a,
    )
    peer_assignment = assign(instruction, peer, manager)
    peer_review = submitted_review(
        peer_assignment, {criteria[0].pk: "4", criteria[1].pk: "5"}
    )
    reviews_services.interest_declare(
        user=peer,
        organisation_name=organisation.name,
        siren=organisation.siret[:9],
        nature=InterestNature.GOVERNANCE,
        since=datetime.date(2024, 1, 1),
    )
    interest = reviews_services.interest_declare(
        user=reviewer_assigned,
        organisation_name="Fondation sans lien",
        siren="123456782",
        nature=InterestNature.CONSULTING,
        since=datetime.date(2022, 1, 1),
    )
    committee = reviews_services.committee_create(
        call=call_a,
        user=manager,
        held_at=datetime.datetime(2027, 3, 5, 13, 30, tzinfo=datetime.UTC),
        members=[(manager, CommitteeRole.CHAIR)],
    )
    decided, decision, letter, release_batch = _decided(
        call_a, organisation, applicant, manager, criteria
    )
    # --- The directory (issue 11) ------------------------------------------------
    directory = _directory()
    # --- end of the directory ----------------------------------------------------
    # The directory (issue 11, tests/access/directory_admin.py) -----------------
    # A service in a département of authority A's region.
    ServiceFactory(
        name=DIRECTORY_SERVICE,
        departement=TerritoryFactory(departement=True, parent=authority_a.region),
    )
    # ------------------------------------------------------------------------------
    # --- Results and open data (issue 11, i11-results) ---------------------------
    # Authority A publishes its awards in the SCDL format: that needs its SIRET.
    authority_a.siret = synthetic_siret(4201)
    authority_a.save(update_fields=["siret"])
    # --- end of results and open data -----------------------------------------------
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
        instruction=instruction,
        instruction_file=instruction_file,
        instruction_late_file=instruction_late_file,
        unattested=unattested,
        unattested_file=unattested_file,
        assignment=Assignment.objects.get(pk=assignment.pk),
        draft_review=draft_review,
        unattested_assignment=unattested_assignment,
        removed_assignment=removed_assignment,
        conflicted_assignment=Assignment.objects.get(pk=conflicted_assignment.pk),
        peer_assignment=Assignment.objects.get(pk=peer_assignment.pk),
        submitted_review=peer_review,
        interest=interest,
        committee=committee,
        decided=decided,
        decision=decision,
        letter=letter,
        release_batch=release_batch,
        users=users,
        directory=directory,
    )


def _decided(call, organisation, applicant, manager, criteria):
    """A dossier taken through its review to an accepted decision, notified."""
    decided = ApplicationFactory(
        call=call,
        organisation=organisation,
        created_by=applicant,
        title="Dossier retenu de A",
    )
    decided = drive_to(decided, ApplicationState.UNDER_REVIEW, manager=manager)
    for number in (1, 2):
        reviewer = ReviewerFactory(
            username=f"reviewer_decided_{number}", authority=call.authority
        )
        submitted_review(
            assign(decided, reviewer, manager),
            {criteria[0].pk: "3", criteria[1].pk: "6"},
        )
    reviews_services.application_complete_review(application=decided, user=manager)
    decision = reviews_services.decision_record(
        application=Application.objects.get(pk=decided.pk),
        user=manager,
        outcome="accepted",
        amount="120000",
    )
    batch = reviews_services.decision_release_one(
        decision=decision, user=manager, kind=ReleaseKind.CALL
    )
    reviews_services.release_batch_process(batch=batch)
    decision.refresh_from_db()
    return (
        Application.objects.get(pk=decided.pk),
        decision,
        decision.letters.get(),
        batch,
    )


def _directory() -> SimpleNamespace:
    """A published service and an unpublished one; a filière recognised by a
    released acceptance, another whose acceptance is not released yet."""
    filiere = TerritoryFactory(
        level=TerritoryLevel.FILIERE, code="FIL-A", name="Filière de A"
    )
    unreleased = TerritoryFactory(
        level=TerritoryLevel.FILIERE, code="FIL-B", name="Filière de B"
    )
    recognise(filiere)
    recognise(unreleased, released_at=None)
    return SimpleNamespace(
        service=ServiceFactory(name="Unité de soins palliatifs de A", filiere=filiere),
        unpublished=ServiceFactory(name="Service dépublié", published=False),
        filiere=filiere,
        slug=filiere_slug(filiere),
        unreleased=unreleased,
    )
