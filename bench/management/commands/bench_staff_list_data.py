"""``manage.py bench_staff_list_data``: an authority, its manager and a call
with submitted dossiers (bench settings only)."""

from django.core.management.base import BaseCommand

from bench.data import staff_list_data


class Command(BaseCommand):
    help = "Generate an authority with one call and its submitted dossiers."

    def add_arguments(self, parser):
        parser.add_argument("--dossiers", type=int, default=1000)

    def handle(self, *args, dossiers, **options):
        data = staff_list_data(dossiers)
        self.stderr.write(
            f"{data.call.reference}: {dossiers} submitted dossiers; "
            f"manager {data.manager.username}"
        )
        self.result = data
