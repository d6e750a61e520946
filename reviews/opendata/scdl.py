"""The *données essentielles* of an authority's awards in the SCDL
« subventions » format, version 2.1.0 (the schema and its licence ship in this
folder; ``README.md``).

Which awards: the released acceptances (``reviews.selectors.results``: the
laureates of the calls whose results are public, with the decision in force)
whose **annual** amount exceeds 23 000 € — the threshold of the décret
n° 2001-495 to which the décret n° 2017-779 refers (« montant annuel »): a
decision's amount over ``duration_months`` > 12 counts as
``amount * 12 / duration_months`` a year. Smaller awards are left out of this
file (the law does not ask for them; the results' open data lists every award).

How each column is filled (Sillon has no grant agreement, only the decision
letter that awards the money):

* ``nomAttribuant``/``idAttribuant``: the authority's name and SIRET
  (``Authority.siret``; without it no file is written);
* ``dateConvention``: the date of the decision letter in force
  (``DecisionLetter.issued_on``), the act that awards the subsidy;
* ``referenceDecision``: that letter's number;
* ``nomBeneficiaire``/``idBeneficiaire``: the lead organisation's name and
  SIRET as the dossier's version on record froze them (``rnaBeneficiaire``
  left empty: the SIRET is always known);
* ``objet``: « <call title> — <project title> », cut to 256 characters;
* ``montant``: the amount awarded, euros with a point and two decimals;
* ``nature``: « aide en numéraire »;
* ``conditionsVersement``: « échelonné » when the decision's duration exceeds
  12 months, else « unique »;
* ``datesPeriodeVersement``: from the letter's date to the day before the same
  date ``duration_months`` later (12 when the decision states no duration);
* ``idRAE``, ``dispositifAide``: empty; ``notificationUE``: « non »;
  ``pourcentageSubvention``: 1 (one beneficiary per award).

The schema's custom checks are applied here (``french-siret-value``: Luhn key
of both SIRETs with python-stdnum; ``one-of-required``): an export with a
problem has no rows and says why.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _
from stdnum.fr import siret as stdnum_siret

from applications.coverage import TerritoryTree
from calls.models import Authority
from core.time import add_months

from ..selectors.results import Laureate, current_letters, laureates_of, released_calls

SCHEMA_PATH = Path(__file__).with_name("scdl_subventions_schema.json")
LICENCE_PATH = Path(__file__).with_name("LICENSE-scdl-subventions")
# The tag of the schema shipped (its own "version" key says 2.0.2: README).
SCHEMA_VERSION = "2.1.0"
ANNUAL_THRESHOLD = Decimal("23000")
OBJET_MAX = 256
DEFAULT_MONTHS = 12
NATURE = "aide en numéraire"


@functools.cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def scdl_fields() -> list[str]:
    """The schema's fields, in its order: the CSV's header."""
    return [item["name"] for item in schema()["fields"]]


def annual_amount(amount: Decimal, duration_months: int | None) -> Decimal:
    if duration_months and duration_months > 12:
        return amount * 12 / duration_months
    return amount


def is_published(laureate: Laureate) -> bool:
    """Whether the law asks for this award (annual amount over 23 000 €)."""
    return annual_amount(laureate.amount, laureate.duration_months) > ANNUAL_THRESHOLD


def valid_siret(value: str) -> bool:
    """The schema's ``french-siret-value`` check: 14 digits, Luhn key."""
    return len(value) == 14 and value.isdigit() and stdnum_siret.is_valid(value)


def _objet(call_title: str, project: str) -> str:
    text = f"{call_title} — {project}" if project else call_title
    if len(text) <= OBJET_MAX:
        return text
    return text[: OBJET_MAX - 1].rstrip() + "…"


def payment_period(start: datetime.date, duration_months: int | None) -> str:
    months = duration_months or DEFAULT_MONTHS
    end = add_months(start, months) - datetime.timedelta(days=1)
    return f"{start.isoformat()}/{end.isoformat()}"


@dataclass
class ScdlExport:
    authority: Authority
    header: list[str]
    rows: list[list] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    below_threshold: int = 0

    @property
    def filename(self) -> str:
        return f"subventions-{self.authority.slug}.csv"


def _record(authority, call, laureate: Laureate, letter) -> dict:
    return {
        "nomAttribuant": authority.name,
        "idAttribuant": authority.siret,
        "dateConvention": letter.issued_on.isoformat(),
        "referenceDecision": letter.number,
        "nomBeneficiaire": laureate.organisation,
        "idBeneficiaire": stdnum_siret.compact(laureate.siret),
        "rnaBeneficiaire": "",
        "objet": _objet(call.title, laureate.title),
        "montant": format(laureate.amount, "f"),
        "nature": NATURE,
        "conditionsVersement": "échelonné"
        if (laureate.duration_months or 0) > 12
        else "unique",
        "datesPeriodeVersement": payment_period(
            letter.issued_on, laureate.duration_months
        ),
        "idRAE": "",
        "notificationUE": "non",
        "pourcentageSubvention": "1",
        "dispositifAide": "",
    }


def _authority_problems(authority: Authority) -> list[str]:
    if not authority.siret:
        return [
            _(
                "The authority « %(name)s » has no SIRET: enter it in the admin "
                "(Authorities) to publish its awards."
            )
            % {"name": authority.name}
        ]
    if not valid_siret(authority.siret):
        return [
            _("The authority's SIRET « %(siret)s » is not valid.")
            % {"siret": authority.siret}
        ]
    return []


def scdl_export(authority: Authority) -> ScdlExport:
    """The authority's SCDL file: its rows, or the problems that keep it from
    being valid (then no rows). Four queries whatever the number of awards."""
    header = scdl_fields()
    export = ScdlExport(authority=authority, header=header)
    calls = {call.pk: call for call in released_calls().filter(authority=authority)}
    # The territories are not part of the format: an empty tree spares a query.
    laureates = laureates_of(calls.values(), tree=TerritoryTree(())) if calls else []
    published = [laureate for laureate in laureates if is_published(laureate)]
    export.below_threshold = len(laureates) - len(published)
    letters = current_letters(laureate.decision_id for laureate in published)
    problems = _authority_problems(authority)
    records = []
    for laureate in published:
        letter = letters.get(laureate.decision_id)
        if letter is None:
            problems.append(
                _("%(reference)s: its decision letter is missing.")
                % {"reference": laureate.reference}
            )
            continue
        if not valid_siret(stdnum_siret.compact(laureate.siret)):
            problems.append(
                _("%(reference)s: the SIRET of « %(name)s » (%(siret)s) is not valid.")
                % {
                    "reference": laureate.reference,
                    "name": laureate.organisation,
                    "siret": laureate.siret,
                }
            )
            continue
        records.append(_record(authority, calls[laureate.call_id], laureate, letter))
    export.problems = problems
    if not problems:
        records.sort(key=lambda r: (r["dateConvention"], r["referenceDecision"]))
        export.rows = [[record[name] for name in header] for record in records]
    return export
