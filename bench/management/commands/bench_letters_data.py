"""``manage.py bench_letters_data``: a call whose dossiers are reviewed, a
decision recorded on each, ready for ``decisions_release`` (bench settings
only)."""

from django.core.management.base import BaseCommand

from bench.data import letters_data


class Command(BaseCommand):
    help = "Generate a call with reviewed dossiers and their decisions."

    def add_arguments(self, parser):
        parser.add_argument("--letters", type=int, default=200)

    def handle(self, *args, letters, **options):
        data, decisions = letters_data(letters)
        self.stderr.write(
            f"{data.call.reference}: {len(decisions)} decisions to release; "
            f"manager {data.manager.username}"
        )
        self.result = data, decisions
