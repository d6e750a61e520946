"""Use cases that change the directory: the FINESS import.

``finess_import`` reads an extraction (``directory.finess``) and, for each
establishment of the region asked for:

* updates the establishment data of every service already in the directory with
  that site's FINESS number (ET), whatever its kind;
* creates a service when FINESS's category is a directory kind by itself (HAD,
  DAC) and the directory has no service of that kind for the site yet;
* skips the others, with a reason.

It compares before it writes, so a second run of the same file writes nothing.
One run is one transaction; ``dry_run`` rolls it back. ``docs/finess.md`` has
the rules field by field.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from calls.enums import TerritoryLevel
from calls.models import Territory
from organisations.identifiers import normalise_finess

from . import finess
from .enums import ServiceSource
from .finess import Establishment, LineError
from .models import Service

#: The fields of a service that follow FINESS: the establishment and its place.
#: The service's own name, kind, contact lines, public, hours and filière are the
#: managers'. (The phone follows FINESS only on services FINESS created: see
#: ``_phone``.)
ESTABLISHMENT_FIELDS = (
    "organisation_name",
    "finess_ej",
    "siret",
    "address",
    "postcode",
    "commune",
    "departement",
    "phone",
    "finess_updated_on",
)
# Kept when FINESS spells them differently only by case, accents or punctuation.
FOLDED_FIELDS = frozenset({"organisation_name", "address", "commune"})


class SkipReason(models.TextChoices):
    OUT_OF_REGION = "out_of_region", gettext_lazy("outside the region")
    UNKNOWN_DEPARTEMENT = (
        "unknown_departement",
        gettext_lazy("département outside Sillon's territories"),
    )
    CATEGORY = "category", gettext_lazy("category outside the directory")


class FinessImportError(Exception):
    """The import cannot run at all (unknown region): its French message."""


@dataclass
class ImportReport:
    """What a run did. Services are counted (one site may carry several); skipped
    records by reason; errors by line."""

    extracted_on: date | None = None
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter = field(default_factory=Counter)
    errors: list[LineError] = field(default_factory=list)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def skipped_by_reason(self) -> list[tuple[str, int]]:
        """(French label, count), in the order of ``SkipReason``."""
        return [
            (str(reason.label), self.skipped[reason])
            for reason in SkipReason
            if self.skipped[reason]
        ]

    def summary_lines(self, *, with_errors: bool = True) -> list[str]:
        """The report in French, as the command prints it (``with_errors``: each
        error's line, else their count only)."""
        lines = []
        if self.extracted_on:
            lines.append(
                _("FINESS extraction of %(date)s.")
                % {"date": self.extracted_on.strftime("%d/%m/%Y")}
            )
        lines.append(
            _(
                "Services: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged."
            )
            % {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
            }
        )
        lines.append(
            ngettext(
                "%(count)s record skipped.",
                "%(count)s records skipped.",
                self.skipped_total,
            )
            % {"count": self.skipped_total}
        )
        lines += [f"  - {label} : {count}" for label, count in self.skipped_by_reason()]
        lines.append(
            ngettext("%(count)s error.", "%(count)s errors.", len(self.errors))
            % {"count": len(self.errors)}
        )
        line = _("line %(line)s: %(message)s")
        lines += [
            "  - " + line % {"line": error.line, "message": error.message}
            for error in (self.errors if with_errors else ())
        ]
        if self.dry_run:
            lines.append(_("Dry run: nothing was saved."))
        return lines


def finess_import(
    lines_or_path,
    *,
    region: Territory | str | None = None,
    dry_run: bool = False,
    illustrative: bool = False,
) -> ImportReport:
    """Import a FINESS extraction (a path, bytes, an open file or its lines).

    ``region``: a region (or its INSEE code) whose départements alone are
    imported. ``illustrative``: mark the services created as demonstration data
    (the shipped sample). Raises ``FinessImportError`` for an unknown region.
    """
    region = _region(region)
    extraction = finess.parse(finess.read_lines(lines_or_path))
    report = ImportReport(
        extracted_on=extraction.extracted_on,
        dry_run=dry_run,
        errors=list(extraction.errors),
    )
    with transaction.atomic():
        run = _Run(region=region, illustrative=illustrative, report=report)
        for establishment in extraction.establishments:
            run.import_one(establishment)
        if dry_run:
            transaction.set_rollback(True)
    report.errors.sort(key=lambda error: error.line)
    return report


def _region(region: Territory | str | None) -> Territory | None:
    if region is None or isinstance(region, Territory):
        return region
    found = Territory.objects.filter(
        level=TerritoryLevel.REGION, code=str(region).strip()
    ).first()
    if found is None:
        raise FinessImportError(
            _(
                "Unknown region « %(code)s »: give the INSEE code of a region of "
                "Sillon's territories."
            )
            % {"code": region}
        )
    return found


class _Run:
    """One import: the départements and the services with a FINESS site number,
    read once, then each establishment in turn."""

    def __init__(self, *, region, illustrative, report):
        self.region = region
        self.illustrative = illustrative
        self.report = report
        self.departements = {
            territory.code: territory
            for territory in Territory.objects.filter(level=TerritoryLevel.DEPARTEMENT)
        }
        self.services: dict[str, list[Service]] = defaultdict(list)
        for service in Service.objects.exclude(finess_et="").select_related(
            "departement"
        ):
            self.services[normalise_finess(service.finess_et)].append(service)

    def import_one(self, establishment: Establishment) -> None:
        departement = self.departements.get(establishment.departement)
        reason = self._skip_reason(establishment, departement)
        if reason:
            self.report.skipped[reason] += 1
            return
        existing = self.services[establishment.finess_et]
        try:
            # A savepoint: a service refused by its validation leaves the
            # establishment's other services as they were.
            with transaction.atomic():
                counts = Counter(
                    _update(service, establishment, departement) for service in existing
                )
                created = self._create_if_missing(establishment, departement, existing)
        except ValidationError as error:
            for service in existing:
                service.refresh_from_db()  # as the savepoint left it
            self.report.errors.append(
                LineError(establishment.line, " ".join(error.messages))
            )
            return
        if created is not None:
            existing.append(created)
        self.report.created += int(created is not None)
        self.report.updated += counts[True]
        self.report.unchanged += counts[False]

    def _skip_reason(self, establishment, departement) -> SkipReason | None:
        if self.region is not None and (
            departement is None or departement.parent_id != self.region.pk
        ):
            return SkipReason.OUT_OF_REGION
        if departement is None:
            return SkipReason.UNKNOWN_DEPARTEMENT
        if not self.services[establishment.finess_et] and establishment.kind is None:
            return SkipReason.CATEGORY
        return None

    def _create_if_missing(self, establishment, departement, existing):
        kind = establishment.kind
        if kind is None or any(service.kind == kind for service in existing):
            return None
        service = Service(
            name=establishment.name,
            kind=kind,
            finess_et=establishment.finess_et,
            source=ServiceSource.FINESS,
            illustrative=self.illustrative,
        )
        for name, value in establishment_values(
            service, establishment, departement
        ).items():
            setattr(service, name, value)
        service.full_clean(exclude=["slug"])
        service.save()
        return service


def establishment_values(
    service: Service, establishment: Establishment, departement: Territory
) -> dict:
    """What the establishment fields of ``service`` become from FINESS. An empty
    value in FINESS erases nothing."""
    values = {
        "organisation_name": establishment.name,
        "finess_ej": establishment.finess_ej,
        "siret": establishment.siret,
        "address": establishment.address,
        "postcode": establishment.postcode,
        "commune": establishment.commune,
        "departement": departement,
        "phone": _phone(service, establishment),
        "finess_updated_on": establishment.updated_on,
    }
    return {
        name: value
        for name, value in values.items()
        if value not in ("", None)
        and not (
            name in FOLDED_FIELDS and finess.same_text(getattr(service, name), value)
        )
    }


def _phone(service: Service, establishment: Establishment) -> str:
    """FINESS gives the establishment's switchboard: it is the phone of a service
    FINESS created, but only fills a blank on a service a manager entered (whose
    phone is the service's own line, never to be replaced by a switchboard)."""
    if service.source == ServiceSource.FINESS or not service.phone:
        return establishment.phone
    return ""


def _update(service: Service, establishment: Establishment, departement) -> bool:
    """Write what changed; returns whether anything did."""
    values = establishment_values(service, establishment, departement)
    changed = {
        name: value for name, value in values.items() if getattr(service, name) != value
    }
    if not changed:
        return False
    for name, value in changed.items():
        setattr(service, name, value)
    service.full_clean(exclude=["slug"])
    service.save()
    return True
