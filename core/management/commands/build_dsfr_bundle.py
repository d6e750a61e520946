"""Write the DSFR bundle (core/static/core/css/dsfr-sillon.min.css): the parts
of the DSFR and the icons the project's pages use, then Sillon's own rules. Run
it after changing a template's DSFR classes or cms/css/sillon.css, and commit
the result (a test fails while it is out of date)."""

from django.core.management.base import BaseCommand

from core import dsfr_bundle


class Command(BaseCommand):
    help = "Build the DSFR stylesheet bundle from the classes the templates use."

    def handle(self, *args, **options):
        path = dsfr_bundle.write()
        components = dsfr_bundle.components_for(dsfr_bundle.used_classes())
        self.stdout.write(
            f"{path} ({path.stat().st_size:,} bytes; components: "
            f"{', '.join(components)})"
        )
