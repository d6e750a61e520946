import factory

from calls.enums import TerritoryLevel
from directory.enums import ServiceKind
from directory.models import Service

from .calls import TerritoryFactory


class ServiceFactory(factory.django.DjangoModelFactory):
    """A USP of 10 beds in a département of its own (codes ``D<n>``)."""

    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Unité de soins palliatifs n°{n}")
    kind = ServiceKind.USP
    organisation_name = "Centre hospitalier de l'Exemple"
    commune = "Rennes"
    postcode = "35000"
    departement = factory.SubFactory(
        TerritoryFactory, level=TerritoryLevel.DEPARTEMENT, departement=True
    )
    phone = "02 99 00 00 00"
    beds = 10
