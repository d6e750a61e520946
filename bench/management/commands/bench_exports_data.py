"""``manage.py bench_exports_data``: a call whose dossiers are under review,
each reviewed (review totals, no scores), for the exports (bench settings only)."""

from django.core.management.base import BaseCommand

from bench.data import instruction_data


class Command(BaseCommand):
    help = "Generate a call under review for the exports."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=10_000)
        parser.add_argument("--reviews", type=int, default=3)

    def handle(self, *args, dossiers, reviews, **options):
        data = instruction_data(dossiers, reviews=reviews, criteria=0)
        self.stderr.write(
            f"{data.call.reference}: {dossiers} dossiers, "
            f"{data.instruction.reviews} reviews; manager {data.manager.username}"
        )
        self.result = data
