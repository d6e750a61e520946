"""``manage.py generate_missing_receipts``: queue the receipts that were not made.

A receipt is queued when its version is submitted; if that work failed (a worker
down, a missing system library), this queues it again. Receipt generation is
idempotent: a version that has its receipt is left alone.
"""

from django.core.management.base import BaseCommand

from applications.models import ApplicationVersion
from applications.tasks import receipt_generate_task


class Command(BaseCommand):
    help = "Queue the acknowledgements of receipt that were never generated."

    def handle(self, *args, **options):
        missing = ApplicationVersion.objects.filter(receipt="").values_list(
            "pk", flat=True
        )
        count = 0
        for version_id in missing:
            receipt_generate_task.delay(version_id=version_id)
            count += 1
        self.stdout.write(f"{count} accusé(s) de réception mis en file de génération.")
