"""``manage.py apply_retention [--dry-run]``: what the daily beat task does
(``applications.retention``): anonymise the decided dossiers whose retention
period is over, warn then delete the drafts left untouched."""

from django.core.management.base import BaseCommand

from applications.retention import retention_apply


class Command(BaseCommand):
    help = (
        "Anonymise the dossiers whose retention period is over; warn, then "
        "delete, the inactive drafts."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List what would be done, change nothing.",
        )

    def handle(self, *args, dry_run=False, **options):
        report = retention_apply(dry_run=dry_run)
        if dry_run:
            self.stdout.write("Simulation : aucune donnée n'a été modifiée.")
        self.stdout.write(
            f"Dossiers anonymisés : {len(report.anonymised)}"
            + (f" ({', '.join(report.anonymised)})" if report.anonymised else "")
        )
        self.stdout.write(f"Fichiers supprimés : {report.files_deleted}")
        self.stdout.write(f"Courriels supprimés : {report.emails_deleted}")
        self.stdout.write(f"Brouillons avertis : {len(report.drafts_warned)}")
        self.stdout.write(f"Brouillons supprimés : {len(report.drafts_deleted)}")
