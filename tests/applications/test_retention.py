"""Retention of the decided dossiers: once their term has run out (10 years after
an acceptance, 2 after any other decision, or the call's own terms), their files
are deleted and their personal data erased, once."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase
from django_fsm_log.models import StateLog

from applications.enums import ApplicationState as S
from applications.models import Application, Message, SteeringMember
from applications.retention import retention_apply
from core.activity import activity_for
from core.models import OutboundEmail
from core.transactions import task_named
from tests.factories import (
    ApplicationFactory,
    ApplicationVersionFactory,
    AttachmentFactory,
    CallFactory,
    PartnerFactory,
    SteeringMemberFactory,
)

DECIDED_AT = datetime(2020, 3, 2, 10, 0, tzinfo=UTC)


def decided(state: str, *, at=DECIDED_AT, call=None, title="Maison de Quimper"):
    """A dossier with a version, a receipt, a file, a partner, a steering member,
    a message and an email, decided (``state``) at ``at``."""
    application = ApplicationFactory(
        call=call or CallFactory(),
        title=title,
        answers={"porteur": "Dr Anne Le Bihan"},
        requested_amount=120000,
    )
    attachment = AttachmentFactory(application=application)
    version = ApplicationVersionFactory(
        application=application,
        answers={"porteur": "Dr Anne Le Bihan"},
        partners=[{"name": "EHPAD Kerlen", "contact_name": "Yann Morvan"}],
        steering_members=[{"name": "Yann Morvan"}],
        lead={"name": "CH Cornouaille", "legal_representative": "Marie Durand"},
        attachments=[attachment],
    )
    version.receipt.save("recu.pdf", ContentFile(b"%PDF receipt"), save=True)
    PartnerFactory(application=application, contact_name="Yann Morvan")
    SteeringMemberFactory(
        application=application, name="Yann Morvan", function="Médecin"
    )
    Message.objects.create(
        application=application, kind="message", subject="Question", body="Mon tél."
    )
    OutboundEmail.objects.create(
        to=["anne@example.org"],
        template="application_submitted",
        context_ref=f"applications.application:{application.pk}",
        subject="Dossier déposé",
        body="Bonjour Anne",
    )
    Application.objects.filter(pk=application.pk).update(state=state)
    StateLog.objects.create(
        content_type=ContentType.objects.get_for_model(Application),
        object_id=application.pk,
        transition="decide",
        source_state=S.REVIEWED,
        state=state,
        timestamp=at,
    )
    return Application.objects.get(pk=application.pk)


def stored_files(application) -> list:
    names = [a.file for a in application.attachments.all()]
    names += [v.receipt for v in application.versions.all()]
    return [(f.storage, f.name) for f in names if f]


def committed():
    """Run the work queued on commit (the files' deletion) when the block ends."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def run(now, **kwargs):
    with time_machine.travel(now, tick=False), committed():
        return retention_apply(now=now, **kwargs)


@pytest.mark.django_db
def test_a_rejected_dossier_is_anonymised_two_years_after_its_decision():
    application = decided(S.REJECTED)
    files = stored_files(application)
    assert len(files) == 2 and all(storage.exists(name) for storage, name in files)

    report = run(datetime(2022, 3, 2, 9, 59, tzinfo=UTC))
    assert report.anonymised == []

    report = run(datetime(2022, 3, 2, 10, 0, tzinfo=UTC))
    assert report.anonymised == [application.reference]
    assert report.files_deleted == 2
    assert report.emails_deleted == 1

    application.refresh_from_db()
    assert application.anonymised_at == datetime(2022, 3, 2, 10, 0, tzinfo=UTC)
    assert not any(storage.exists(name) for storage, name in files)
    assert application.attachments.count() == 0
    assert application.answers == {}
    version = application.versions.get()
    assert version.receipt.name == ""
    assert version.answers == {}
    assert version.steering_members == []
    assert version.partners == [{"name": "EHPAD Kerlen"}]
    assert version.lead == {"name": "CH Cornouaille", "legal_representative": ""}
    partner = application.partners.get()
    assert (partner.contact_name, partner.contact_email) == ("", "")
    assert not SteeringMember.objects.filter(application=application).exists()
    assert not Message.objects.filter(application=application).exists()
    assert not OutboundEmail.objects.filter(
        context_ref=f"applications.application:{application.pk}"
    ).exists()
    # The statistical skeleton stays.
    assert (application.state, application.title, application.requested_amount) == (
        S.REJECTED,
        "Maison de Quimper",
        120000,
    )
    entries = activity_for(application).filter(action="retention.anonymised")
    assert [(e.actor, e.details) for e in entries] == [
        (None, {"files": 2, "emails": 1})
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("state", [S.INADMISSIBLE, S.WITHDRAWN])
def test_other_decisions_are_kept_two_years(state):
    application = decided(state)
    assert run(datetime(2022, 3, 1, tzinfo=UTC)).anonymised == []
    assert run(datetime(2022, 3, 3, tzinfo=UTC)).anonymised == [application.reference]


@pytest.mark.django_db
def test_an_accepted_dossier_is_kept_ten_years():
    application = decided(S.ACCEPTED)
    assert run(datetime(2030, 3, 2, 9, 0, tzinfo=UTC)).anonymised == []
    assert run(datetime(2030, 3, 2, 10, 0, tzinfo=UTC)).anonymised == [
        application.reference
    ]


@pytest.mark.django_db
def test_the_call_s_own_terms_override_the_defaults():
    call = CallFactory(retention_years_accepted=3, retention_years_other=5)
    accepted = decided(S.ACCEPTED, call=call)
    rejected = decided(S.REJECTED, call=call)
    assert run(datetime(2023, 3, 2, 10, 0, tzinfo=UTC)).anonymised == [
        accepted.reference
    ]
    assert run(datetime(2025, 3, 2, 9, 0, tzinfo=UTC)).anonymised == []
    assert run(datetime(2025, 3, 2, 10, 0, tzinfo=UTC)).anonymised == [
        rejected.reference
    ]


@pytest.mark.django_db
def test_the_defaults_come_from_the_settings(settings):
    settings.RETENTION_YEARS_OTHER = 1
    application = decided(S.REJECTED)
    assert run(datetime(2021, 3, 2, 10, 0, tzinfo=UTC)).anonymised == [
        application.reference
    ]


@pytest.mark.django_db
def test_dossiers_not_decided_are_never_anonymised():
    submitted = decided(S.SUBMITTED)
    reviewed = decided(S.REVIEWED)
    assert run(datetime(2050, 1, 1, tzinfo=UTC)).anonymised == []
    for application in (submitted, reviewed):
        application.refresh_from_db()
        assert application.anonymised_at is None
        assert application.attachments.count() == 1


@pytest.mark.django_db
def test_running_twice_changes_nothing_the_second_time():
    application = decided(S.REJECTED)
    now = datetime(2023, 1, 1, tzinfo=UTC)
    assert run(now).anonymised == [application.reference]
    second = run(datetime(2024, 1, 1, tzinfo=UTC))
    assert (second.anonymised, second.files_deleted, second.emails_deleted) == (
        [],
        0,
        0,
    )
    application.refresh_from_db()
    assert application.anonymised_at == now
    assert activity_for(application).filter(action="retention.anonymised").count() == 1


@pytest.mark.django_db
def test_a_dry_run_changes_nothing():
    application = decided(S.REJECTED)
    files = stored_files(application)
    report = run(datetime(2023, 1, 1, tzinfo=UTC), dry_run=True)
    assert report.dry_run and report.anonymised == [application.reference]
    application.refresh_from_db()
    assert application.anonymised_at is None
    assert application.answers == {"porteur": "Dr Anne Le Bihan"}
    assert all(storage.exists(name) for storage, name in files)
    assert OutboundEmail.objects.count() == 1
    assert not activity_for(application).filter(action="retention.anonymised").exists()


@pytest.mark.django_db
def test_files_stay_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    application = decided(S.REJECTED)
    files = stored_files(application)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retention_apply(now=datetime(2023, 1, 1, tzinfo=UTC))
    # Deleted only once the change commits.
    assert len(callbacks) == 2
    assert all(storage.exists(name) for storage, name in files)


@pytest.mark.django_db
def test_the_command_prints_a_french_summary(capsys):
    application = decided(S.REJECTED, at=datetime(2001, 1, 1, tzinfo=UTC))
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "Simulation : aucune donnée n'a été modifiée." in out
    assert f"Dossiers anonymisés : 1 ({application.reference})" in out
    application.refresh_from_db()
    assert application.anonymised_at is None

    with committed():
        call_command("apply_retention")
    out = capsys.readouterr().out
    assert "Simulation" not in out
    assert "Dossiers anonymisés : 1" in out
    assert "Fichiers supprimés : 2" in out
    assert "Courriels supprimés : 1" in out
    assert "Brouillons avertis : 0" in out
    application.refresh_from_db()
    assert application.anonymised_at is not None


def test_the_beat_schedule_runs_the_retention_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert entry == {"task": "applications.apply_retention", "schedule": 86400.0}


@pytest.mark.django_db
def test_the_task_is_registered_and_reports_counts():
    decided(S.REJECTED, at=datetime(2001, 1, 1, tzinfo=UTC))
    with committed():
        result = task_named("applications.apply_retention").apply().get()
    assert result == {
        "anonymised": 1,
        "files_deleted": 2,
        "emails_deleted": 1,
        "drafts_warned": 0,
        "drafts_deleted": 0,
    }
