"""``manage.py bench_ranking_data``: a call with dossiers under review, each
reviewed by every reviewer on every criterion (bench settings only)."""

from django.core.management.base import BaseCommand

from bench.data import instruction_data


class Command(BaseCommand):
    help = "Generate a call under review: dossiers x reviews x criteria."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=2000)
        parser.add_argument("--reviews", type=int, default=3)
        parser.add_argument("--criteria", type=int, default=8)

    def handle(self, *args, dossiers, reviews, criteria, **options):
        data = instruction_data(dossiers, reviews=reviews, criteria=criteria)
        self.stderr.write(
            f"{data.call.reference}: {dossiers} dossiers, "
            f"{data.instruction.reviews} reviews, {data.instruction.scores} scores; "
            f"manager {data.manager.username}"
        )
        self.result = data
