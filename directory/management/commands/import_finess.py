"""``manage.py import_finess <file> [--region <code>] [--dry-run]``: import the
FINESS open-data extraction into the directory and print what it did.

Idempotent: a second run of the same file reports every service unchanged.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from directory.services import FinessImportError, finess_import


class Command(BaseCommand):
    help = (
        "Import the FINESS extraction (etalab-cs1100507-stock-*.csv, « FINESS "
        "Extraction du Fichier des établissements » on data.gouv.fr): update the "
        "establishment data of the directory's services by their FINESS site number "
        "and create the HAD and DAC it lists. Prints the services created, updated "
        "and unchanged, the records skipped and the lines in error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The extraction file (ISO-8859-1 or UTF-8).")
        parser.add_argument(
            "--region",
            help="INSEE code of the region to import (e.g. 53); others are skipped.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Report what the import would do, and save nothing.",
        )
        parser.add_argument(
            "--illustrative",
            action="store_true",
            help="Mark the services created as demonstration data (the sample).",
        )

    def handle(self, *args, file, region, dry_run, illustrative, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            report = finess_import(
                path, region=region, dry_run=dry_run, illustrative=illustrative
            )
        except FinessImportError as error:
            raise CommandError(str(error)) from None
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.errors:
            self.stderr.write(
                self.style.WARNING(
                    "Des lignes n'ont pas pu être lues : elles ont été ignorées, "
                    "le reste du fichier a été importé."
                    if not dry_run
                    else "Des lignes n'ont pas pu être lues : elles seraient ignorées."
                )
            )
