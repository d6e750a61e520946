"""Queue again the failed outbound emails and the pending ones whose task was lost."""

from django.core.management.base import BaseCommand

from core.outbox import outbox_requeue


class Command(BaseCommand):
    help = (
        "Queue again failed emails (back to pending, attempts kept) and pending "
        "emails whose task was lost."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List the emails that would be queued, change nothing.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        ids = outbox_requeue(dry_run=dry_run)
        verb = "Would queue" if dry_run else "Queued"
        self.stdout.write(f"{verb} {len(ids)} email(s).")
        for email_id in ids:
            self.stdout.write(f"  #{email_id}")
