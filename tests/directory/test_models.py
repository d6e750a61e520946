import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from calls.enums import TerritoryLevel
from directory.enums import AgeGroup, ServiceKind
from tests.factories import TerritoryFactory
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db


def test_the_search_key_folds_what_the_public_search_reads():
    service = ServiceFactory(name="Équipe mobile Cœur de Breizh", commune="Pontivy")

    assert "equipe mobile coeur de breizh" in service.search_key
    assert "pontivy" in service.search_key
    assert service.slug == "equipe-mobile-coeur-de-breizh"


def test_age_groups_follow_the_two_ticks():
    service = ServiceFactory(serves_adults=True, serves_children=True)

    assert service.age_groups == [AgeGroup.ADULTS, AgeGroup.CHILDREN]


def test_a_service_serves_someone():
    service = ServiceFactory.build(serves_adults=False, serves_children=False)
    service.departement = TerritoryFactory(departement=True)

    with pytest.raises(ValidationError) as error:
        service.clean()
    assert "serves_children" in error.value.message_dict


def test_beds_only_for_a_usp_or_lisp():
    service = ServiceFactory(kind=ServiceKind.EMSP, beds=None)
    service.beds = 4

    with pytest.raises(ValidationError) as error:
        service.clean()
    assert "beds" in error.value.message_dict


def test_the_departement_must_be_one():
    region = TerritoryFactory(level=TerritoryLevel.REGION)
    service = ServiceFactory()
    service.departement = region

    with pytest.raises(ValidationError) as error:
        service.clean()
    assert "departement" in error.value.message_dict


def test_one_service_of_a_kind_per_finess_site():
    first = ServiceFactory(finess_et="350000048", kind=ServiceKind.USP)
    ServiceFactory(finess_et="350000048", kind=ServiceKind.EMSP, beds=None)

    with pytest.raises(IntegrityError):
        ServiceFactory(
            finess_et="350000048", kind=ServiceKind.USP, departement=first.departement
        )
