"""``manage.py bench_national_data``: one instance for many authorities, their
dossiers and the directory's services (bench settings only)."""

from django.core.management.base import BaseCommand

from bench.data import national_data, national_grow


class Command(BaseCommand):
    help = "Generate authorities, their calls and dossiers, and directory services."

    def add_arguments(self, parser):
        parser.add_argument("--authorities", type=int, default=18)
        parser.add_argument("--dossiers", type=int, default=180_000)
        parser.add_argument("--services", type=int, default=10_000)

    def handle(self, *args, authorities, dossiers, services, **options):
        data = national_data(authorities)
        national_grow(data, dossiers_total=dossiers, services_total=services)
        self.stderr.write(
            f"{authorities} authorities, {data.dossiers} dossiers, "
            f"{data.services} services; managers {data.managers[0].username}…, "
            f"applicant {data.applicant.username}"
        )
        self.result = data
