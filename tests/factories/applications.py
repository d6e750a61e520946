import hashlib
from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from stdnum import luhn

from applications import services
from applications.enums import ApplicationState as S
from applications.enums import CommitmentMethod, CommitmentStatus
from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    Partner,
    SteeringMember,
)
from calls.enums import PartnerCategory
from organisations.enums import MembershipStatus
from organisations.models import Membership, Organisation

from .calls import CallFactory
from .users import AdministratorFactory, UserFactory


def synthetic_siret(n: int) -> str:
    """A 14-digit number that passes the SIRET check (Luhn on the SIREN and on all)."""
    siren = f"8{n:07d}"
    siren += luhn.calc_check_digit(siren)
    base = f"{siren}0001"
    return base + luhn.calc_check_digit(base)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("siret",)

    name = factory.Sequence(lambda n: f"Centre hospitalier n°{n}")
    siret = factory.Sequence(synthetic_siret)
    legal_status = "Établissement public de santé"
    address = "1 rue de l'Exemple\n35000 Rennes"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = MembershipStatus.ACTIVE


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft on an open call, created by an active member of its organisation."""

    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.organisation).user
    )
    sequence = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda o: f"{o.call.reference}-{o.sequence:04d}")
    title = "Projet de filière"


def drive_to(
    application: Application, state: str, *, manager=None, due_at=None
) -> Application:
    """Take a draft to ``state`` through the services, as its creator and a manager
    would: one audit row per step, emails queued as in real life.

    The dossier must be submittable (its call open, its content complete).
    ``manager`` acts for the authority, a superuser by default; complements are
    due at ``due_at``, in two weeks by default. ``reviewed``,
    ``accepted`` and ``rejected`` end with :func:`state_without_service`.
    """
    application = Application.objects.get(pk=application.pk)  # its lock_version now
    if state == S.DRAFT:
        return application
    applicant = application.created_by
    if state == S.WITHDRAWN:  # a draft may be withdrawn as it is
        services.application_withdraw(
            application=application, user=applicant, reason="Projet reporté."
        )
        return Application.objects.get(pk=application.pk)
    services.application_submit(application=application, user=applicant)
    application = Application.objects.get(pk=application.pk)
    if state == S.SUBMITTED:
        return application
    manager = manager or AdministratorFactory(username="administrateur")
    if state == S.COMPLEMENTS_REQUESTED:
        services.application_request_complements(
            application=application,
            user=manager,
            message="Budget détaillé",
            due_at=due_at or timezone.now() + timedelta(days=14),
        )
    elif state == S.INADMISSIBLE:
        services.application_declare_inadmissible(
            application=application, user=manager, motivation="Hors champ"
        )
    else:
        services.application_start_review(application=application, user=manager)
        if state in (S.REVIEWED, S.ACCEPTED, S.REJECTED):
            state_without_service(application, S.REVIEWED, by=manager)
        if state in (S.ACCEPTED, S.REJECTED):
            state_without_service(application, state, by=manager)
    return Application.objects.get(pk=application.pk)


# No service reaches these states before the reviews app: the model's transition is
# run directly, with its audit row, as that app's services will.
_WITHOUT_SERVICE = {
    S.REVIEWED: "complete_review",
    S.ACCEPTED: "accept",
    S.REJECTED: "reject",
}


def state_without_service(
    application: Application, state: str, *, by=None, description: str = ""
) -> Application:
    """Run the transition to ``reviewed``, ``accepted`` or ``rejected`` on the model,
    for want of a service (none exists before the reviews app); any other state is
    refused: reach it through the services (:func:`drive_to`)."""
    if state not in _WITHOUT_SERVICE:
        raise ValueError(f"A service reaches {state!r}: use drive_to().")
    transition = _WITHOUT_SERVICE[state]
    application = Application.objects.get(pk=application.pk)
    getattr(application, transition)(by=by, description=description)
    application.lock_version += 1
    application.save()
    return Application.objects.get(pk=application.pk)


class PartnerFactory(factory.django.DjangoModelFactory):
    """A partner named in a dossier's governance, its commitment still pending."""

    class Meta:
        model = Partner

    application = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"Partenaire n°{n}")
    siret = factory.Sequence(lambda n: synthetic_siret(9000 + n))
    category = PartnerCategory.EXPERT_TEAM
    role = "Membre du comité de pilotage"
    contact_name = "Claude Exemple"
    contact_email = factory.Sequence(lambda n: f"partenaire{n}@example.org")
    commitment_status = CommitmentStatus.PENDING

    class Params:
        confirmed = factory.Trait(
            commitment_status=CommitmentStatus.CONFIRMED,
            commitment_method=CommitmentMethod.LINK,
            responded_at=factory.LazyFunction(timezone.now),
        )
        declined = factory.Trait(
            commitment_status=CommitmentStatus.DECLINED,
            commitment_method=CommitmentMethod.LINK,
            responded_at=factory.LazyFunction(timezone.now),
        )


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A file of a dossier, uploaded by its creator; size and SHA-256 computed from
    ``content``."""

    class Meta:
        model = Attachment
        exclude = ("content",)

    application = factory.SubFactory(ApplicationFactory)
    content = b"%PDF-1.7 test"
    original_name = factory.Sequence(lambda n: f"piece-{n}.pdf")
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=o.original_name))
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())
    content_type = "application/pdf"
    uploaded_by = factory.LazyAttribute(lambda o: o.application.created_by)
    scan_status = "clean"


class ApplicationVersionFactory(factory.django.DjangoModelFactory):
    """A frozen version of a dossier (no receipt unless given)."""

    class Meta:
        model = ApplicationVersion
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory)
    number = factory.Sequence(lambda n: n + 1)
    submitted_at = factory.LazyFunction(timezone.now)
    submitted_by = factory.LazyAttribute(lambda o: o.application.created_by)
    title = factory.LazyAttribute(lambda o: o.application.title)

    @factory.post_generation
    def attachments(self, create, extracted, **kwargs):
        if create and extracted:
            self.attachments.set(extracted)


class SteeringMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringMember

    application = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"Membre {n}")
    function = "Médecin"
    organisation = "CH"
