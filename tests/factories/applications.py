import factory
from stdnum import luhn

from applications.models import Application
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
