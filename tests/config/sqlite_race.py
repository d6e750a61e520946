"""Twenty submits of one dossier at once on a file-backed SQLite database.

Run by ``test_sqlite_concurrency.py`` in a fresh interpreter, with
``DATABASE_URL`` pointing at an empty SQLite file: the database settings are the
project's own (``config.settings``), not the test suite's in-memory database.
Prints one JSON line: what each submit gave and how many versions exist.
"""

import json
import sys
import threading
from collections import Counter

import django
from django.conf import settings
from django.core.management import call_command
from django.db import connections

django.setup()

from wagtail.models import Locale, Page  # noqa: E402

from applications import services  # noqa: E402  (the apps are ready only now)
from applications.models import Application, ApplicationVersion  # noqa: E402
from cms.models import CallIndexPage  # noqa: E402
from tests.factories import ApplicationFactory  # noqa: E402

SUBMITS = 20


class DisableMigrations:
    """Create the tables straight from the models: the race needs no data
    migration, and running them all on SQLite takes a minute."""

    def __contains__(self, app_label):
        return True

    def __getitem__(self, app_label):
        return None


def main() -> None:
    settings.MIGRATION_MODULES = DisableMigrations()
    call_command("migrate", run_syncdb=True, verbosity=0)

    # The page tree the migrations would create: a call is offered once its
    # page is live under the call index.
    Locale.objects.create(language_code="fr")
    Page.add_root(title="Racine", slug="root").add_child(
        instance=CallIndexPage(title="Appels à candidatures", slug="appels")
    )
    application = ApplicationFactory()
    user = application.created_by
    copies = [Application.objects.get(pk=application.pk) for _ in range(SUBMITS)]
    connections.close_all()

    barrier = threading.Barrier(SUBMITS)
    outcomes: list[str] = [""] * SUBMITS

    def submit(index: int) -> None:
        try:
            barrier.wait()
            services.application_submit(
                application=copies[index], user=user, seen_version=0
            )
            outcomes[index] = "version"
        except Exception as error:  # the outcome is what the test compares
            outcomes[index] = f"{type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(SUBMITS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    report = {
        "outcomes": Counter(outcomes),
        "versions": ApplicationVersion.objects.filter(application=application).count(),
        "journal_mode": connections["default"]
        .cursor()
        .execute("PRAGMA journal_mode")
        .fetchone()[0],
    }
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
