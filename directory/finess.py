"""Reading the FINESS open-data extraction: parsing and mapping, no database.

The Ministry of Health publishes on data.gouv.fr « FINESS Extraction du Fichier
des établissements » (``etalab-cs1100507-stock-<date>.csv``, Licence Ouverte):
semicolon-separated, ISO-8859-1, without a header row. Its first line names the
extraction (``finess;etalab;<n>;<YYYY-MM-DD>``); then come the ``structureet``
records (one per establishment, the 32 fields of ``FIELDS``) and the
``geolocalisation`` records (coordinates, which the directory does not use).
``docs/finess.md`` describes the format and what the import does with it.

Only two FINESS categories are palliative-care services by themselves (see
``CATEGORY_KINDS``); USP, LISP, EMSP and the others are activities of a hospital,
not establishments, so FINESS has no category for them: the import only updates
the establishment data of the services managers entered with that site's number.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.search import search_key
from organisations.identifiers import normalise_finess, validate_finess, validate_siret

from .enums import ServiceKind

#: The fields of a ``structureet`` record, in the file's order.
FIELDS = (
    "section",
    "nofinesset",
    "nofinessej",
    "rs",
    "rslongue",
    "complrs",
    "compldistrib",
    "numvoie",
    "typvoie",
    "voie",
    "compvoie",
    "lieuditbp",
    "commune",
    "departement",
    "libdepartement",
    "ligneacheminement",
    "telephone",
    "telecopie",
    "categetab",
    "libcategetab",
    "categagretab",
    "libcategagretab",
    "siret",
    "codeape",
    "codemft",
    "libmft",
    "codesph",
    "libsph",
    "dateouv",
    "dateautor",
    "datemaj",
    "numuai",
)
HEADER = "finess"
ESTABLISHMENT = "structureet"
GEOLOCATION = "geolocalisation"
DATE_FIELDS = ("dateouv", "dateautor", "datemaj")

#: FINESS categories (``categetab``) that are a directory service by themselves
#: (nomenclature TRE_R66 « Catégorie d'établissement »).
CATEGORY_KINDS = {
    "127": ServiceKind.HAD,  # Hospitalisation à domicile (HAD)
    "606": ServiceKind.DAC,  # Dispositif d'appui à la coordination (DAC)
}

ROUTING_LINE = re.compile(r"^(?P<postcode>\d{5})\s+(?P<commune>.+)$")
CEDEX = re.compile(r"\s+CEDEX(\s+\d+)?$", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
PUNCTUATION = re.compile(r"[\s'\u2019\-.,]+")


class RecordError(ValueError):
    """A line that cannot be read: its French message, without the line number."""


@dataclass(frozen=True)
class Establishment:
    """One ``structureet`` record, read and checked."""

    line: int
    finess_et: str
    finess_ej: str
    name: str
    address: str
    postcode: str
    commune: str
    departement: str
    phone: str
    category: str
    category_label: str
    siret: str  # "" when FINESS gives none or an invalid one
    updated_on: date | None

    @property
    def kind(self) -> ServiceKind | None:
        """The directory kind this establishment is, or None when FINESS's
        category is no palliative-care service by itself."""
        return CATEGORY_KINDS.get(self.category)


@dataclass(frozen=True)
class LineError:
    line: int
    message: str


@dataclass
class Extraction:
    """What a file holds: its date, the establishments and the unreadable lines."""

    extracted_on: date | None = None
    establishments: list[Establishment] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    geolocations: int = 0


def decode(data: bytes) -> str:
    """The published files are ISO-8859-1; a file re-saved as UTF-8 reads too."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def read_lines(source) -> list[str]:
    """The lines of ``source``: a path, the file's bytes, an open file (binary or
    text, such as an upload) or lines already read."""
    if isinstance(source, str | Path):
        return decode(Path(source).read_bytes()).splitlines()
    if isinstance(source, bytes):
        return decode(source).splitlines()
    if hasattr(source, "read"):
        content = source.read()
        if isinstance(content, bytes):
            content = decode(content)
        return content.splitlines()
    return [line.rstrip("\r\n") for line in source]


def parse(lines: Iterable[str]) -> Extraction:
    """Read every line; a line that cannot be read is reported with its number
    (counted from 1) and left out, the others are kept."""
    extraction = Extraction()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fields = line.split(";")
        section = fields[0].strip()
        if section == HEADER:
            if number == 1:
                extraction.extracted_on = _header_date(fields)
                continue
        elif section == GEOLOCATION:
            extraction.geolocations += 1
            continue
        elif section == ESTABLISHMENT:
            try:
                extraction.establishments.append(parse_record(fields, number))
            except RecordError as error:
                extraction.errors.append(LineError(number, str(error)))
            continue
        extraction.errors.append(
            LineError(
                number,
                _("Unknown record type « %(section)s »: « structureet » expected.")
                % {"section": section[:40]},
            )
        )
    return extraction


def parse_record(fields: list[str], line: int) -> Establishment:
    """A ``structureet`` record's fields, checked; raises ``RecordError``."""
    if len(fields) != len(FIELDS):
        raise RecordError(
            _("%(expected)d fields expected, %(found)d found.")
            % {"expected": len(FIELDS), "found": len(fields)}
        )
    record = {name: value.strip() for name, value in zip(FIELDS, fields, strict=True)}
    finess_et = _finess(
        record["nofinesset"],
        _("FINESS number of the site (ET) « %(value)s »: %(error)s"),
    )
    finess_ej = record["nofinessej"] and _finess(
        record["nofinessej"],
        _("FINESS number of the legal entity (EJ) « %(value)s »: %(error)s"),
    )
    dates = {name: _date(record[name], name) for name in DATE_FIELDS}
    name = record["rslongue"] or record["rs"]
    if not name:
        raise RecordError(_("The establishment has no name (rs, rslongue)."))
    postcode, commune = _routing(record["ligneacheminement"])
    return Establishment(
        line=line,
        finess_et=finess_et,
        finess_ej=finess_ej,
        name=name,
        address=_address(record),
        postcode=postcode,
        commune=commune,
        departement=record["departement"],
        phone=format_phone(record["telephone"]),
        category=record["categetab"],
        category_label=record["libcategetab"],
        siret=_siret(record["siret"]),
        updated_on=dates["datemaj"],
    )


def format_phone(value: str) -> str:
    """« 0299000000 » → « 02 99 00 00 00 »; anything else as given."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 10 and digits.startswith("0"):
        return " ".join(digits[i : i + 2] for i in range(0, 10, 2))
    return value.strip()


def same_text(first: str, second: str) -> bool:
    """Whether two spellings differ only by case, accents or punctuation
    (« SAINT MALO » and « Saint-Malo »): then the one a manager typed stays."""

    def folded(value: str) -> str:
        return PUNCTUATION.sub(" ", search_key(value)).strip()

    return folded(first) == folded(second)


def _header_date(fields: list[str]) -> date | None:
    value = fields[3].strip() if len(fields) > 3 else ""
    try:
        return date.fromisoformat(value) if ISO_DATE.match(value) else None
    except ValueError:
        return None


def _finess(value: str, message: str) -> str:
    value = normalise_finess(value)
    try:
        validate_finess(value)
    except ValidationError as error:
        raise RecordError(
            message % {"value": value, "error": " ".join(error.messages)}
        ) from None
    return value


def _date(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        if not ISO_DATE.match(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise RecordError(
            _("Invalid date « %(value)s » in %(field)s: YYYY-MM-DD expected.")
            % {"value": value, "field": name}
        ) from None


def _routing(value: str) -> tuple[str, str]:
    match = ROUTING_LINE.match(value)
    if match is None:
        raise RecordError(
            _(
                "Unreadable routing line « %(value)s »: a postcode and a commune "
                "expected."
            )
            % {"value": value}
        )
    return match["postcode"], CEDEX.sub("", match["commune"]).strip()


def _address(record: dict[str, str]) -> str:
    street = " ".join(
        part
        for part in (
            record["numvoie"],
            record["compvoie"],
            record["typvoie"],
            record["voie"],
        )
        if part
    )
    return ", ".join(
        part for part in (street, record["lieuditbp"], record["compldistrib"]) if part
    )[:255]


def _siret(value: str) -> str:
    """FINESS's SIRET when it is one; some records hold a SIREN or nothing."""
    value = re.sub(r"\s", "", value)
    try:
        validate_siret(value)
    except ValidationError:
        return ""
    return value
