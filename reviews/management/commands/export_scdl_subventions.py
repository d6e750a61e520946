"""``manage.py export_scdl_subventions --authority <slug> [--output file]``:
the authority's awards in the SCDL « subventions » format (``reviews.opendata``),
to the file given or to the standard output.

Writes nothing and fails (exit status 1), saying why, when the file could not
be valid: the authority has no SIRET, a beneficiary's SIRET is invalid, a
letter is missing.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from calls.models import Authority
from core.opendata import csv_text
from reviews.opendata.scdl import ANNUAL_THRESHOLD, SCHEMA_VERSION, scdl_export


class Command(BaseCommand):
    help = (
        "Write an authority's awards (données essentielles des subventions) in the "
        f"SCDL « subventions » {SCHEMA_VERSION} format."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--authority",
            required=True,
            help="The authority's slug (e.g. ars-bretagne).",
        )
        parser.add_argument(
            "--output", help="The CSV file to write (the standard output otherwise)."
        )

    def handle(self, *args, authority: str, output: str | None = None, **options):
        found = Authority.objects.filter(slug=authority).first()
        if found is None:
            known = ", ".join(Authority.objects.values_list("slug", flat=True))
            raise CommandError(
                f"Aucune autorité « {authority} ». Autorités connues : {known or '—'}."
            )
        export = scdl_export(found)
        if export.problems:
            raise CommandError(
                "Fichier SCDL non écrit, il ne serait pas valide :\n- "
                + "\n- ".join(export.problems)
            )
        text = csv_text(export.header, export.rows)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        self.stderr.write(
            f"{len(export.rows)} subvention(s) écrite(s) pour {found.name}"
            + (f" dans {output}" if output else "")
            + f" ; {export.below_threshold} de {ANNUAL_THRESHOLD} € par an ou moins "
            "non publiée(s) (décret n° 2017-779)."
        )
