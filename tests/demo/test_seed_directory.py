"""The demo's directory: its page, the counts of the seed, the FINESS sample's
import, and a second run that writes nothing.

The module seeds once (in a transaction rolled back when it ends; each test runs
in a savepoint of it), like tests/demo/test_seed_decisions.py, but only what the
directory stands on: the territories, then ``seed_directory`` twice. The whole
demo takes minutes; ``seed_demo`` calls ``seed_directory`` after the pages, and
tests/demo/test_seed_demo.py runs it whole.
"""

from collections import Counter
from datetime import date
from types import SimpleNamespace

import pytest
from django.db import transaction
from wagtail.models import Revision, Site

from demo.directory import seed_directory
from demo.territories import BRETAGNE_FILIERES, seed_territories
from directory.enums import ServiceKind, ServiceSource
from directory.models import DirectoryPage, Service

pytestmark = pytest.mark.django_db

ARA_DEPARTEMENTS = {
    "01",
    "03",
    "07",
    "15",
    "26",
    "38",
    "42",
    "43",
    "63",
    "69",
    "73",
    "74",
}
# Auvergne-Rhône-Alpes' population (INSEE, 2023), as the indicators ship it.
ARA_POPULATION = 8_205_557
# The demo services at the sample's sites: the USP and EMSP of the Abers, the
# Vilaine, the Revermont and the Pilat, and the Cornouaille HAD.
AT_SAMPLE_SITES = 9


def snapshot() -> list[tuple]:
    return list(Service.objects.order_by("pk").values_list())


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        territories = seed_territories()
        first = seed_directory(territories=territories)
        after_first = snapshot()
        revisions = Revision.objects.count()
        second = seed_directory(territories=territories)
        yield SimpleNamespace(
            first=first,
            second=second,
            after_first=after_first,
            revisions=revisions,
        )
        transaction.set_rollback(True)


def ara():
    return Service.objects.filter(departement__parent__code="84")


def test_the_directory_page_is_live_under_the_home_page(seeded):
    page = DirectoryPage.objects.get()
    home = Site.objects.get(is_default_site=True).root_page
    assert (page.slug, page.live, page.get_parent().pk) == ("annuaire", True, home.pk)
    assert page.title == "Annuaire des soins palliatifs"
    assert "illustratif" in page.intro


def test_ara_carries_the_counts_of_the_roadmap(seeded):
    kinds = Counter(ara().values_list("kind", flat=True))
    assert kinds[ServiceKind.USP] == 19
    assert kinds[ServiceKind.EMSP] == 43
    assert kinds[ServiceKind.EMSP_ANTENNA] == 3
    assert kinds[ServiceKind.ERRSPP] == 2


def test_ara_usp_beds_give_the_roadmaps_rate(seeded):
    beds = sum(ara().filter(kind=ServiceKind.USP).values_list("beds", flat=True))
    assert beds == 222
    assert round(beds * 100_000 / ARA_POPULATION, 1) == 2.7


def test_every_ara_departement_has_a_usp_and_an_emsp(seeded):
    for kind in (ServiceKind.USP, ServiceKind.EMSP):
        found = set(ara().filter(kind=kind).values_list("departement__code", flat=True))
        assert found == ARA_DEPARTEMENTS, kind


def test_the_errspp_serve_children(seeded):
    errspp = ara().filter(kind=ServiceKind.ERRSPP)
    assert set(errspp.values_list("serves_children", "serves_adults")) == {
        (True, False)
    }


def test_each_bretagne_filiere_has_its_four_services(seeded):
    for code, _name, _parent in BRETAGNE_FILIERES:
        kinds = sorted(
            Service.objects.filter(filiere__code=code).values_list("kind", flat=True)
        )
        assert kinds == ["appui_territorial", "emsp", "had", "usp"], code


def test_every_demo_service_is_illustrative_the_finess_ones_too(seeded):
    assert set(Service.objects.values_list("illustrative", flat=True)) == {True}
    assert Service.objects.filter(source=ServiceSource.MANUAL).count() == (
        seeded.first.services
    )
    assert seeded.first.services == 8 * 4 + 19 + 43 + 3 + 2


def test_the_finess_sample_is_imported(seeded):
    report = seeded.first.finess
    assert (report.created, report.updated, report.unchanged) == (
        7,
        AT_SAMPLE_SITES,
        0,
    )
    assert report.skipped_total == 7
    assert [error.line for error in report.errors] == [21]
    assert Service.objects.filter(source=ServiceSource.FINESS).count() == 7
    usp = Service.objects.get(name="Unité de soins palliatifs des Abers")
    assert (usp.finess_ej, usp.siret) == ("297990053", "70000021900019")
    assert usp.address == "2 R DES ABERS"
    assert usp.finess_updated_on == date(2026, 10, 20)
    # What the managers own stays the seed's.
    assert (usp.commune, usp.beds, usp.phone) == ("Brest", 12, "02 61 91 50 00")


def test_a_second_run_writes_nothing(seeded):
    assert seeded.second.written == 0
    report = seeded.second.finess
    assert (report.created, report.updated, report.unchanged) == (
        0,
        0,
        7 + AT_SAMPLE_SITES,
    )
    assert snapshot() == seeded.after_first
    assert Revision.objects.count() == seeded.revisions
