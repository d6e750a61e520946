"""The deadline rush, small and on a real PostgreSQL server: dossiers submitted
at once are each submitted once, with one receipt and one receipt email, and a
double click submits once. The dossiers are made by the `make bench` builder
(bench.data.site), so these tests also hold it to "ready to submit"; the timings of
the rush are `make bench`'s (deadline_rush), never a test's.
"""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from applications.enums import ApplicationState as S
from applications.models import Application, ApplicationVersion
from applications.submission import submission_problems
from bench.data import site as data
from core.models import OutboundEmail
from tests.factories import AuthorityFactory

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs concurrent transactions and row locks (PostgreSQL)",
    ),
]

DOSSIERS = 8


def post_together(posts):
    """Each (client, url) posts the submission form, all released at once, each
    thread on its own connection; the status codes, in order."""
    barrier = threading.Barrier(len(posts))
    statuses = [None] * len(posts)

    def run(index, client, url):
        try:
            barrier.wait()
            response = client.post(url, {"seen_version": "0", "declaration": "on"})
            statuses[index] = response.status_code
        except Exception as error:  # compared below
            statuses[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(i, client, url))
        for i, (client, url) in enumerate(posts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


def signed_in(user_id):
    client = Client()
    client.force_login(Application.objects.get(created_by_id=user_id).created_by)
    return client


def submit_url(applicant):
    return reverse("applications:dossier_submit", args=[applicant.application_id])


def receipt_emails(application_id):
    return OutboundEmail.objects.filter(
        template="submitted",
        context_ref=f"applications.application:{application_id}",
    )


def test_the_bench_builder_makes_dossiers_ready_to_submit():
    call = data.rush_call(authority=AuthorityFactory())
    applicants = data.rush_applicants(call, 2)

    for applicant in applicants:
        application = Application.objects.get(pk=applicant.application_id)
        assert application.state == S.DRAFT
        assert application.attachments.current().count() == 3
        assert submission_problems(application) == []


def test_dossiers_submitted_at_once_and_a_double_click_each_submit_once():
    call = data.rush_call(authority=AuthorityFactory())
    applicants = data.rush_applicants(call, DOSSIERS + 1)
    *rush, clicked_twice = applicants
    posts = [(signed_in(a.user_id), submit_url(a)) for a in rush]
    # The same applicant, the same page, two posts: a double click.
    double = signed_in(clicked_twice.user_id)
    posts += [(double, submit_url(clicked_twice))] * 2

    statuses = post_together(posts)

    # Every post is answered by the dossier page (submitted, or "it changed").
    assert statuses == [302] * (DOSSIERS + 2)
    for applicant in applicants:
        application = Application.objects.get(pk=applicant.application_id)
        versions = ApplicationVersion.objects.filter(application=application)
        assert application.state == S.SUBMITTED
        assert application.lock_version == 1
        assert versions.count() == 1
        assert versions.exclude(receipt="").count() == 1
        assert receipt_emails(application.pk).count() == 1
        assert list(receipt_emails(application.pk).get().to) == [
            application.created_by.email
        ]
