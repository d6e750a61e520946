import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from stdnum import luhn

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
from .users import UserFactory


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


def force_state(application: Application, state: str) -> Application:
    """Put a dossier in ``state`` without a transition (tests of the matrix only)."""
    Application.objects.filter(pk=application.pk).update(state=state)
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
