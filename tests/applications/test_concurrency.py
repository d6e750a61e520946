"""Two people acting on one dossier at once, on a real PostgreSQL server."""

import threading

import pytest
from django.db import connection, connections

from applications import services
from applications.enums import ApplicationState as S
from applications.exceptions import ApplicationChanged
from applications.models import Application, ApplicationVersion
from tests.factories import ApplicationFactory, ManagerFactory, drive_to

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)"
    ),
]


def race(*actions):
    """Run the actions in threads released together; return what each one gave."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # the outcome is what we compare
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_managers_at_once_one_succeeds_the_other_is_told():
    application = drive_to(ApplicationFactory(), S.SUBMITTED)
    managers = [
        ManagerFactory(username=name, authority=application.call.authority)
        for name in ("gestionnaire-a", "gestionnaire-b")
    ]
    seen = [Application.objects.get(pk=application.pk) for _ in managers]

    results = race(
        lambda: services.application_start_review(
            application=seen[0], user=managers[0]
        ),
        lambda: services.application_declare_inadmissible(
            application=seen[1], user=managers[1], motivation="Hors champ"
        ),
    )

    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1
    assert isinstance(errors[0], ApplicationChanged)
    final = Application.objects.get(pk=application.pk)
    assert final.state in {S.UNDER_REVIEW, S.INADMISSIBLE}
    assert final.lock_version == application.lock_version + 1


def test_two_submit_requests_make_one_version():
    application = ApplicationFactory()
    user = application.created_by
    copies = [Application.objects.get(pk=application.pk) for _ in range(2)]

    results = race(
        *(
            lambda copy=copy: services.application_submit(
                application=copy, user=user, seen_version=0
            )
            for copy in copies
        )
    )

    assert sum(isinstance(r, ApplicationVersion) for r in results) == 1
    assert sum(isinstance(r, ApplicationChanged) for r in results) == 1
    assert ApplicationVersion.objects.filter(application=application).count() == 1
