"""The FINESS import: the shipped sample counted by hand, idempotence, malformed
lines, encodings, the region option, the dry run and the command.

The sample (directory/data/finess_sample.csv, 20 ``structureet`` records on
lines 2 to 21) against the directory below, line by line:

==== =================================== ====== ===========================
line establishment                       cat.   outcome
==== =================================== ====== ===========================
2    HAD du Pays d'Iroise (29)           127    created (HAD)
3    HAD de Cornouaille (29)             127    updated: its HAD exists
4    DAC d'Ille-et-Vilaine (35)          606    created (DAC)
5    DAC du Morbihan (56)                606    created (DAC)
6    CH des Abers (29)                   355    updated: its USP and EMSP
7    CH de la Vilaine (35)               355    updated: its USP
8    EHPAD Les Ajoncs (22)               500    skipped: category
9    CH de l'Oust (56)                   355    skipped: category
10   HAD Lyon Métropole Sud (69)         127    created (HAD)
11   HAD des Volcans (63)                127    created (HAD)
12   DAC Isère Alpes (38)                606    created (DAC)
13   CH du Revermont (01)                355    updated: its USP and EMSP
14   CH du Pilat (42)                    355    updated: its USP and EMSP
15   Pharmacie des Traboules (69)        620    skipped: category
16   SSIAD du Chablais (74)              354    skipped: category
17   HAD de l'Estuaire (44)              127    skipped: unknown département
18   DAC Paris Centre (75)               606    skipped: unknown département
19   CH des Calanques (13)               355    skipped: unknown département
20   DAC des Côtes-d'Armor (22)          606    created (DAC)
21   HAD du Trégor (22)                  127    error: wrong FINESS key
==== =================================== ====== ===========================

Created 7, updated 1 + 2 + 1 + 2 + 2 = 8, skipped 4 + 3 = 7, one error.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from calls.enums import TerritoryLevel
from directory import finess
from directory.enums import ServiceKind, ServiceSource
from directory.models import Service
from directory.services import SkipReason, finess_import
from organisations.identifiers import validate_finess, validate_siret
from tests.factories import TerritoryFactory
from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "directory/data/finess_sample.csv"
KEY_ERROR = (
    "Numéro FINESS du site (ET) « 220990205 » : La clé de contrôle du numéro "
    "FINESS est erronée : vérifiez le numéro."
)
REGIONS = {
    "53": ("Bretagne", ("22", "29", "35", "56")),
    "84": ("Auvergne-Rhône-Alpes", ("01", "38", "42", "63", "69", "74")),
}
# (FINESS site, kinds the managers entered there)
ENTERED = {
    "290990027": (ServiceKind.HAD,),  # HAD de Cornouaille
    "290990050": (ServiceKind.USP, ServiceKind.EMSP),  # CH des Abers
    "350990065": (ServiceKind.USP,),  # CH de la Vilaine
    "010990125": (ServiceKind.USP, ServiceKind.EMSP),  # CH du Revermont
    "420990137": (ServiceKind.USP, ServiceKind.EMSP),  # CH du Pilat
}


@pytest.fixture
def departements():
    found = {}
    for code, (name, departement_codes) in REGIONS.items():
        region = TerritoryFactory(level=TerritoryLevel.REGION, code=code, name=name)
        for departement in departement_codes:
            found[departement] = TerritoryFactory(
                level=TerritoryLevel.DEPARTEMENT,
                code=departement,
                name=f"Département {departement}",
                parent=region,
            )
    return found


@pytest.fixture
def entered(departements):
    """The services managers entered at the sample's hospital sites."""
    return [
        ServiceFactory(
            finess_et=site,
            kind=kind,
            beds=10 if kind == ServiceKind.USP else None,
            departement=departements[site[:2]],
            organisation_name="Établissement saisi",
            commune="Commune saisie",
            postcode="00000",
            phone="02 61 91 99 99",
        )
        for site, kinds in ENTERED.items()
        for kind in kinds
    ]


def snapshot() -> list[tuple]:
    return list(Service.objects.order_by("pk").values_list())


def structureet(**values) -> str:
    """A valid ``structureet`` line (an HAD in 29), with ``values`` changed."""
    record = {
        **dict.fromkeys(finess.FIELDS, ""),
        "section": "structureet",
        "nofinesset": "290990019",
        "nofinessej": "297990012",
        "rs": "HAD TEST",
        "rslongue": "HAD de test (fictive)",
        "departement": "29",
        "ligneacheminement": "29200 BREST",
        "telephone": "0261910101",
        "categetab": "127",
        "datemaj": "2026-10-15",
    }
    record.update(values)
    return ";".join(record[name] for name in finess.FIELDS)


def test_the_sample_imports_as_counted_by_hand(entered):
    report = finess_import(SAMPLE)

    assert (report.created, report.updated, report.unchanged) == (7, 8, 0)
    assert report.skipped == {
        SkipReason.CATEGORY: 4,
        SkipReason.UNKNOWN_DEPARTEMENT: 3,
    }
    assert [(e.line, e.message) for e in report.errors] == [(21, KEY_ERROR)]
    assert report.extracted_on.isoformat() == "2026-11-04"
    created = Service.objects.filter(source=ServiceSource.FINESS)
    assert sorted(created.values_list("finess_et", "kind")) == [
        ("220990196", "dac"),
        ("290990019", "had"),
        ("350990032", "dac"),
        ("380990119", "dac"),
        ("560990046", "dac"),
        ("630990109", "had"),
        ("690990098", "had"),
    ]
    assert Service.objects.count() == len(entered) + 7


def test_a_second_run_changes_nothing(entered):
    finess_import(SAMPLE)
    before = snapshot()

    report = finess_import(SAMPLE)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 15)
    assert report.skipped_total == 7
    assert [e.line for e in report.errors] == [21]
    assert snapshot() == before  # updated_at included: nothing was saved


def test_a_created_service_carries_the_establishment(departements):
    finess_import(SAMPLE)

    service = Service.objects.get(finess_et="690990098")
    assert service.kind == ServiceKind.HAD
    assert service.name == "HAD Lyon Métropole Sud (fictive)"
    assert service.organisation_name == "HAD Lyon Métropole Sud (fictive)"
    assert service.finess_ej == "697990091"
    assert service.siret == "60000609200016"
    assert service.address == "25 R DES TRABOULES"
    assert (service.postcode, service.commune) == ("69003", "LYON")
    assert service.departement == departements["69"]
    assert service.phone == "04 65 71 09 09"
    assert service.finess_updated_on.isoformat() == "2026-10-11"
    assert service.source == ServiceSource.FINESS
    assert (service.published, service.illustrative) == (True, False)
    assert service.filiere is None
    assert Service.objects.get(finess_et="560990046").address == "3 PL DU GOLFE, BP 140"


def test_the_sample_marks_what_it_creates_illustrative_when_asked(departements):
    finess_import(SAMPLE, illustrative=True)

    assert set(Service.objects.values_list("illustrative", flat=True).distinct()) == {
        True
    }


def test_an_update_keeps_the_managers_fields_and_their_spelling(departements):
    usp = ServiceFactory(
        finess_et="290990050",
        name="USP des Abers",
        departement=departements["29"],
        organisation_name="Centre hospitalier des Abers (fictif)",
        commune="Brest",
        postcode="29200",
        phone="02 61 91 99 99",
        hours="24 h/24",
    )
    blank_phone = ServiceFactory(
        finess_et="290990050",
        kind=ServiceKind.EMSP,
        beds=None,
        departement=departements["29"],
        phone="",
    )

    finess_import(SAMPLE)

    usp.refresh_from_db()
    # The same name and commune in capitals or with other punctuation: kept.
    assert usp.organisation_name == "Centre hospitalier des Abers (fictif)"
    assert usp.commune == "Brest"
    # The service's own line is never replaced by the switchboard...
    assert usp.phone == "02 61 91 99 99"
    # ... which only fills a blank.
    blank_phone.refresh_from_db()
    assert blank_phone.phone == "02 61 91 05 05"
    assert (usp.finess_ej, usp.siret) == ("297990053", "70000021900019")
    assert usp.address == "2 R DES ABERS"
    assert usp.finess_updated_on.isoformat() == "2026-10-20"
    assert (usp.name, usp.hours, usp.beds) == ("USP des Abers", "24 h/24", 10)
    assert usp.source == ServiceSource.MANUAL


def test_a_cedex_is_left_out_of_the_commune(entered):
    finess_import(SAMPLE)

    vilaine = Service.objects.get(finess_et="350990065")
    assert (vilaine.postcode, vilaine.commune) == ("35042", "RENNES")


def test_the_region_option_skips_the_other_regions(entered):
    report = finess_import(SAMPLE, region="53")

    assert (report.created, report.updated, report.unchanged) == (4, 4, 0)
    assert report.skipped == {SkipReason.OUT_OF_REGION: 10, SkipReason.CATEGORY: 2}
    assert [e.line for e in report.errors] == [21]
    assert not Service.objects.filter(
        source=ServiceSource.FINESS, departement__parent__code="84"
    ).exists()


def test_an_unknown_region_is_refused(departements):
    with pytest.raises(Exception, match="Région inconnue « 99 »"):
        finess_import(SAMPLE, region="99")


def test_malformed_lines_are_reported_with_their_number_and_skipped(departements):
    lines = [
        "finess;etalab;111;2026-11-04",
        structureet(nofinesset="290990019"),
        structureet(nofinesset="350990032", departement="35") + ";en trop",
        structureet(nofinesset="560990046", departement="56", datemaj="2026-13-40"),
        structureet(nofinesset="29099001", rslongue="Numéro trop court"),
        "structure;290990027",
        structureet(nofinesset="630990109", departement="63", ligneacheminement="?"),
        structureet(nofinesset="380990119", departement="38"),
    ]

    report = finess_import(lines)

    assert [(e.line, e.message) for e in report.errors] == [
        (3, "32 champs attendus, 33 trouvés."),
        (
            4,
            "Date invalide « 2026-13-40 » dans datemaj : AAAA-MM-JJ attendu.",
        ),
        (
            5,
            "Numéro FINESS du site (ET) « 29099001 » : Un numéro FINESS comporte 9 "
            "caractères : un code de département et 7 chiffres.",
        ),
        (6, "Type d'enregistrement inconnu « structure » : « structureet » attendu."),
        (
            7,
            "Ligne d'acheminement illisible « ? » : un code postal et une commune "
            "attendus.",
        ),
    ]
    assert sorted(Service.objects.values_list("finess_et", flat=True)) == [
        "290990019",
        "380990119",
    ]


def test_a_service_its_validation_refuses_is_an_error_of_its_line(departements):
    report = finess_import(
        [structureet(telephone="0" * 50), structureet(nofinesset="290990027")]
    )

    assert [(e.line, e.message) for e in report.errors] == [
        (
            1,
            "Assurez-vous que cette valeur comporte au plus 40 caractères "
            "(actuellement 50).",
        )
    ]
    assert list(Service.objects.values_list("finess_et", flat=True)) == ["290990027"]
    assert report.created == 1


def test_a_site_of_a_directory_kind_gets_its_service_beside_the_others(departements):
    ServiceFactory(finess_et="290990019", departement=departements["29"])

    report = finess_import([structureet()])

    assert (report.created, report.updated) == (1, 1)
    assert sorted(
        Service.objects.filter(finess_et="290990019").values_list("kind", flat=True)
    ) == ["had", "usp"]


def test_the_sample_is_latin_1_and_its_accents_arrive(departements):
    raw = SAMPLE.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")

    finess_import(SAMPLE)

    assert Service.objects.filter(name="DAC des Côtes-d'Armor (fictif)").exists()


def test_a_utf8_copy_imports_alike(entered, tmp_path):
    copy = tmp_path / "finess-utf8.csv"
    copy.write_text(SAMPLE.read_bytes().decode("latin-1"), encoding="utf-8")

    report = finess_import(copy)

    assert (report.created, report.updated, report.skipped_total) == (7, 8, 7)
    assert [e.line for e in report.errors] == [21]
    assert Service.objects.filter(name="DAC Isère Alpes (fictif)").exists()


def test_a_dry_run_writes_nothing(entered):
    before = snapshot()

    report = finess_import(SAMPLE, dry_run=True)

    assert (report.created, report.updated) == (7, 8)
    assert snapshot() == before


def test_the_sample_holds_valid_identifiers_but_on_its_malformed_line():
    records = [
        line.split(";")
        for line in SAMPLE.read_bytes().decode("latin-1").splitlines()
        if line.startswith("structureet;")
    ]
    assert len(records) == 20
    for record in records[:-1]:
        validate_finess(record[1])
        validate_finess(record[2])
        validate_siret(record[22])
    with pytest.raises(Exception, match="clé"):
        validate_finess(records[-1][1])


def test_the_command_reports_in_french(entered):
    out = StringIO()
    err = StringIO()

    call_command("import_finess", str(SAMPLE), stdout=out, stderr=err)

    assert out.getvalue().splitlines() == [
        "Extraction FINESS du 04/11/2026.",
        "Services : 7 créé(s), 8 mis à jour, 0 inchangé(s).",
        "7 enregistrements ignorés.",
        "  - département hors des territoires de Sillon : 3",
        "  - catégorie hors annuaire : 4",
        "1 erreur.",
        f"  - ligne 21 : {KEY_ERROR}",
    ]
    assert "ignorées" in err.getvalue()


def test_the_command_dry_run_says_so_and_saves_nothing(entered):
    out = StringIO()

    call_command(
        "import_finess", str(SAMPLE), "--dry-run", "--region", "84", stdout=out
    )

    assert "Simulation : rien n'a été enregistré." in out.getvalue().splitlines()
    # Bretagne's 8 records and the 4 outside Sillon's territories.
    assert "  - hors de la région : 12" in out.getvalue().splitlines()
    assert not Service.objects.filter(source=ServiceSource.FINESS).exists()


def test_the_command_refuses_a_missing_file_or_an_unknown_region(departements):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_finess", "/nowhere/finess.csv")
    with pytest.raises(CommandError, match="Région inconnue"):
        call_command("import_finess", str(SAMPLE), "--region", "99")
