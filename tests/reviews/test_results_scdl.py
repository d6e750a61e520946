"""The SCDL « subventions » export of an authority's awards: exactly the
schema's columns, valid against the shipped schema with ``frictionless``, the
23 000 € a year threshold, the SIRET checks, the command and the download."""

import csv
import datetime
import io
import json
from decimal import Decimal

import frictionless
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from frictionless import system

from reviews.models import Decision
from reviews.opendata.scdl import (
    LICENCE_PATH,
    SCHEMA_PATH,
    SCHEMA_VERSION,
    annual_amount,
    payment_period,
    scdl_export,
    scdl_fields,
    valid_siret,
)
from tests.factories.applications import synthetic_siret
from tests.factories.results import released_call

pytestmark = pytest.mark.django_db

# A SIRET that passes the Luhn key (illustrative).
AUTHORITY_SIRET = synthetic_siret(4242)
FIELDS = [
    "nomAttribuant",
    "idAttribuant",
    "dateConvention",
    "referenceDecision",
    "nomBeneficiaire",
    "idBeneficiaire",
    "rnaBeneficiaire",
    "objet",
    "montant",
    "nature",
    "conditionsVersement",
    "datesPeriodeVersement",
    "idRAE",
    "notificationUE",
    "pourcentageSubvention",
    "dispositifAide",
]


def validate(path):
    """The shipped schema's verdict on the file at ``path`` (frictionless
    treats absolute paths as unsafe unless trusted)."""
    with system.use_context(trusted=True):
        return frictionless.validate(str(path), schema=str(SCHEMA_PATH))


def errors_of(report) -> list:
    return report.flatten(["rowNumber", "fieldName", "type"])


@pytest.fixture
def awards():
    """Three laureates of 120 000 € over 24 months (60 000 € a year), one of
    20 000 € for a year and one of 40 000 € over 24 months (20 000 € a year),
    both under the threshold; a refusal."""
    world = released_call(laureates=5, rejected=1)
    small, spread = world.accepted[3], world.accepted[4]
    Decision.objects.filter(pk=small.pk).update(
        amount=Decimal("20000.00"), duration_months=12
    )
    Decision.objects.filter(pk=spread.pk).update(
        amount=Decimal("40000.00"), duration_months=24
    )
    authority = world.call.authority
    authority.name = "Agence régionale de santé Bretagne"
    authority.siret = AUTHORITY_SIRET
    authority.save()
    return world


def test_the_shipped_schema_is_upstreams_2_1_0():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert SCHEMA_VERSION == "2.1.0"
    assert schema["version"] == "2.0.2"  # upstream's own key (README)
    assert scdl_fields() == FIELDS
    assert "public domain" in LICENCE_PATH.read_text()


def test_the_export_rows(awards):
    export = scdl_export(awards.call.authority)
    assert export.problems == []
    assert export.header == FIELDS
    assert export.below_threshold == 2
    assert len(export.rows) == 3
    row = dict(zip(FIELDS, export.rows[0], strict=True))
    dossier = awards.dossiers[0]
    letter = awards.accepted[0].letters.get()
    assert row == {
        "nomAttribuant": "Agence régionale de santé Bretagne",
        "idAttribuant": AUTHORITY_SIRET,
        "dateConvention": "2025-10-30",
        "referenceDecision": letter.number,
        "nomBeneficiaire": f"{dossier.organisation.name} (au dépôt)",
        "idBeneficiaire": dossier.organisation.siret,
        "rnaBeneficiaire": "",
        "objet": f"{awards.call.title} — Projet de la {dossier.title}",
        "montant": "120000.00",
        "nature": "aide en numéraire",
        "conditionsVersement": "échelonné",
        "datesPeriodeVersement": "2025-10-30/2027-10-29",
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1",
        "dispositifAide": "",
    }


def test_the_export_is_valid_against_the_schema(awards, tmp_path):
    path = tmp_path / "subventions.csv"
    call_command(
        "export_scdl_subventions",
        authority=awards.call.authority.slug,
        output=str(path),
        stderr=io.StringIO(),
    )
    report = validate(path)
    assert report.valid, errors_of(report)
    with path.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == FIELDS
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_the_validator_catches_a_bad_siret_pattern(awards, tmp_path):
    export = scdl_export(awards.call.authority)
    rows = [list(row) for row in export.rows]
    rows[1][FIELDS.index("idAttribuant")] = "13000804"  # 8 digits
    rows[2][FIELDS.index("montant")] = "beaucoup"
    path = tmp_path / "invalide.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([FIELDS, *rows])
    report = validate(path)
    assert not report.valid
    assert errors_of(report) == [
        [3, "idAttribuant", "constraint-error"],
        [4, "montant", "type-error"],
    ]


def test_a_long_object_is_cut_to_256_characters(awards):
    # The call's title fits its column (255); with the project's, it does not.
    awards.call.title = "A" * 255
    awards.call.save()
    export = scdl_export(awards.call.authority)
    objet = export.rows[0][FIELDS.index("objet")]
    assert len(objet) == 256
    assert objet.endswith("…")


def test_without_the_authoritys_siret_nothing_is_written(awards, tmp_path):
    authority = awards.call.authority
    authority.siret = ""
    authority.save()
    export = scdl_export(authority)
    assert export.rows == []
    assert export.problems == [
        "L'autorité « Agence régionale de santé Bretagne » n'a pas de SIRET : "
        "renseignez-le dans l'administration (Autorités) pour publier ses "
        "subventions."
    ]
    path = tmp_path / "x.csv"
    with pytest.raises(CommandError, match="n'a pas de SIRET"):
        call_command(
            "export_scdl_subventions", authority=authority.slug, output=str(path)
        )
    assert not path.exists()


def test_a_siret_with_a_wrong_key_is_refused(awards):
    """The pattern alone (14 digits) would pass: the schema's custom check
    (Luhn) is ours to apply."""
    wrong = awards.dossiers[1].organisation.siret[:-1] + (
        "1" if awards.dossiers[1].organisation.siret[-1] != "1" else "2"
    )
    version = awards.dossiers[1].versions.get()
    version.lead = {**version.lead, "siret": wrong}
    version.save()
    export = scdl_export(awards.call.authority)
    assert export.rows == []
    assert export.problems == [
        f"{awards.dossiers[1].reference} : le SIRET de "
        f"« {version.lead['name']} » ({wrong}) n'est pas valide."
    ]
    authority = awards.call.authority
    authority.siret = AUTHORITY_SIRET[:-1] + str((int(AUTHORITY_SIRET[-1]) + 1) % 10)
    assert scdl_export(authority).problems[0] == (
        f"Le SIRET de l'autorité « {authority.siret} » n'est pas valide."
    )


def test_unreleased_calls_are_not_exported():
    world = released_call(released=False)
    world.call.authority.siret = AUTHORITY_SIRET
    world.call.authority.save()
    export = scdl_export(world.call.authority)
    assert export.problems == []
    assert export.rows == []


def test_the_command_writes_to_the_standard_output(awards):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "export_scdl_subventions",
        authority=awards.call.authority.slug,
        stdout=out,
        stderr=err,
    )
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(FIELDS)
    assert len(lines) == 4
    assert "3 subvention(s) écrite(s)" in err.getvalue()
    assert "2 de 23000 € par an ou moins non publiée(s)" in err.getvalue()


def test_the_command_names_the_known_authorities(awards):
    with pytest.raises(CommandError, match=awards.call.authority.slug):
        call_command("export_scdl_subventions", authority="inconnue")


def test_the_download(client, awards):
    slug = awards.call.authority.slug
    response = client.get(f"/donnees/subventions/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="subventions-{slug}.csv"'
    )
    assert response.content.decode().splitlines()[0] == ",".join(FIELDS)
    assert client.get("/donnees/subventions/inconnue.csv").status_code == 404


def test_the_download_says_why_it_cannot_be_published(client, awards):
    authority = awards.call.authority
    authority.siret = ""
    authority.save()
    response = client.get(f"/donnees/subventions/{authority.slug}.csv")
    assert response.status_code == 409
    assert response.content.decode().startswith(
        "Ce fichier ne peut pas encore être publié :\nL'autorité"
    )


@pytest.mark.parametrize(
    ("amount", "months", "annual"),
    [
        ("30000", None, "30000"),
        ("30000", 12, "30000"),
        ("30000", 6, "30000"),
        ("48000", 24, "24000"),
    ],
)
def test_annual_amount(amount, months, annual):
    assert annual_amount(Decimal(amount), months) == Decimal(annual)


def test_payment_period():
    start = datetime.date(2025, 1, 31)
    assert payment_period(start, 1) == "2025-01-31/2025-02-27"
    assert payment_period(start, None) == "2025-01-31/2026-01-30"


def test_valid_siret():
    assert valid_siret(AUTHORITY_SIRET)
    assert not valid_siret(AUTHORITY_SIRET[:-1] + "x")
    assert not valid_siret("123")


def test_the_export_runs_a_fixed_number_of_queries():
    counts = []
    for size in (3, 15):
        world = released_call(laureates=size, rejected=1)
        world.call.authority.siret = AUTHORITY_SIRET
        world.call.authority.save()
        with CaptureQueriesContext(connection) as queries:
            assert len(scdl_export(world.call.authority).rows) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]
