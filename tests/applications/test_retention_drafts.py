"""Retention of the drafts: a draft untouched for twelve months is warned once,
then deleted thirty days later if still untouched; any activity resets it."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import TestCase

from applications.models import Application
from applications.retention import retention_apply
from applications.retention_drafts import drafts_retention_apply
from core.models import ActivityEntry, OutboundEmail
from tests.factories import (
    ApplicationFactory,
    AttachmentFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

# Monday 4 January 2027, 10:00 in Paris: the draft's last change.
T0 = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
WARN_AT = datetime(2028, 1, 4, 9, 0, tzinfo=UTC)  # twelve months later
DELETE_AT = WARN_AT + timedelta(days=30)
SECOND = timedelta(seconds=1)


def at(moment, **kwargs):
    with time_machine.travel(moment, tick=False):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return drafts_retention_apply(now=moment, **kwargs)


@pytest.fixture
def draft(db):
    organisation = OrganisationFactory(name="Centre hospitalier de Cornouaille")
    creator = MembershipFactory(
        organisation=organisation, user=UserFactory(username="alex.le-gall")
    ).user
    MembershipFactory(organisation=organisation, user=UserFactory(username="zoe"))
    with time_machine.travel(T0, tick=False):
        application = ApplicationFactory(
            organisation=organisation, created_by=creator, title="Maison de Quimper"
        )
        AttachmentFactory(application=application)
    return application


def warnings() -> list[OutboundEmail]:
    return list(
        OutboundEmail.objects.filter(template="retention_draft_warning").order_by("pk")
    )


def test_a_draft_untouched_for_twelve_months_is_warned_once(draft):
    assert at(WARN_AT - SECOND).drafts_warned == []
    assert warnings() == []

    assert at(WARN_AT).drafts_warned == [draft.reference]
    [email] = warnings()
    assert email.to == ["alex.le-gall@example.org", "zoe@example.org"]
    assert email.subject == (
        f"[{draft.reference}] Votre brouillon sera supprimé le 03/02/2028 "
        "faute d'activité"
    )
    assert (
        f"Votre brouillon {draft.reference} sera supprimé le 03/02/2028 "
        "faute d'activité" in email.body
    )
    assert email.context_ref == f"applications.application:{draft.pk}"
    entry = ActivityEntry.objects.get(action="retention.draft_warned")
    assert entry.actor is None and entry.target_object_id == str(draft.pk)

    # Later runs send nothing more.
    for moment in (WARN_AT + timedelta(days=1), DELETE_AT - SECOND):
        report = at(moment)
        assert (report.drafts_warned, report.drafts_deleted) == ([], [])
    assert len(warnings()) == 1
    assert Application.objects.filter(pk=draft.pk).exists()


def test_a_warned_draft_still_untouched_is_deleted_after_the_grace_period(draft):
    [attachment] = draft.attachments.all()
    storage, name = attachment.file.storage, attachment.file.name
    at(WARN_AT)
    assert storage.exists(name)

    report = at(DELETE_AT)
    assert report.drafts_deleted == [draft.reference]
    assert report.files_deleted == 1
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not storage.exists(name)
    assert not OutboundEmail.objects.filter(
        context_ref=f"applications.application:{draft.pk}"
    ).exists()
    entry = ActivityEntry.objects.get(action="retention.draft_deleted")
    assert entry.target_object_id == str(draft.pk)
    assert entry.details == {"files": 1}

    assert at(DELETE_AT + timedelta(days=1)).drafts_deleted == []


def test_activity_after_the_warning_resets_it(draft):
    at(WARN_AT)
    touched = WARN_AT + timedelta(days=10)
    with time_machine.travel(touched, tick=False):
        draft.refresh_from_db()
        draft.title = "Maison de Quimper et Douarnenez"
        draft.save()

    assert at(DELETE_AT).drafts_deleted == []
    assert Application.objects.filter(pk=draft.pk).exists()
    # Untouched for twelve months again: a new warning.
    assert at(touched + timedelta(days=365) - SECOND).drafts_warned == []
    assert at(touched + timedelta(days=366)).drafts_warned == [draft.reference]
    assert len(warnings()) == 2


def test_a_file_uploaded_is_activity(draft):
    with time_machine.travel(WARN_AT - timedelta(days=1), tick=False):
        AttachmentFactory(application=draft)
    assert at(WARN_AT).drafts_warned == []


def test_a_draft_nobody_can_be_told_of_is_still_warned_then_deleted(draft, settings):
    draft.organisation.memberships.update(status="pending")
    assert at(WARN_AT).drafts_warned == [draft.reference]
    assert warnings() == []
    assert at(DELETE_AT).drafts_deleted == [draft.reference]


def test_the_durations_come_from_the_settings(draft, settings):
    settings.DRAFT_WARNING_MONTHS = 6
    settings.DRAFT_DELETION_GRACE_DAYS = 7
    moment = datetime(2027, 7, 4, 9, 0, tzinfo=UTC)
    assert at(moment).drafts_warned == [draft.reference]
    assert at(moment + timedelta(days=7)).drafts_deleted == [draft.reference]


def test_a_dry_run_neither_warns_nor_deletes(draft):
    with time_machine.travel(WARN_AT, tick=False):
        report = retention_apply(now=WARN_AT, dry_run=True)
    assert report.drafts_warned == [draft.reference]
    assert warnings() == []
    assert not ActivityEntry.objects.filter(action="retention.draft_warned").exists()
    at(WARN_AT)
    with time_machine.travel(DELETE_AT, tick=False):
        report = retention_apply(now=DELETE_AT, dry_run=True)
    assert report.drafts_deleted == [draft.reference]
    assert Application.objects.filter(pk=draft.pk).exists()
