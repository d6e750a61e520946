"""The factories build valid objects."""

import hashlib

import pytest
from django_fsm_log.models import StateLog

from applications.enums import ApplicationState, CommitmentStatus
from applications.permissions import MANAGERS_GROUP, REVIEWERS_GROUP
from tests.factories import (
    AdministratorFactory,
    ApplicationFactory,
    ApplicationVersionFactory,
    AttachmentFactory,
    AuthorityFactory,
    ManagerFactory,
    PartnerFactory,
    ReviewerFactory,
    SteeringMemberFactory,
    drive_to,
    state_without_service,
)

pytestmark = pytest.mark.django_db


def test_partner_is_valid_and_pending():
    partner = PartnerFactory()
    partner.full_clean()
    assert partner.commitment_status == CommitmentStatus.PENDING
    assert PartnerFactory(confirmed=True).is_confirmed
    assert PartnerFactory(declined=True).commitment_status == CommitmentStatus.DECLINED


def test_attachment_size_and_digest_match_its_content():
    attachment = AttachmentFactory(content=b"%PDF-1.7 abc")
    assert attachment.size == 12
    assert attachment.sha256 == hashlib.sha256(b"%PDF-1.7 abc").hexdigest()
    assert attachment.file.read() == b"%PDF-1.7 abc"
    assert attachment.uploaded_by == attachment.application.created_by


def test_version_holds_its_attachments():
    attachment = AttachmentFactory()
    version = ApplicationVersionFactory(
        application=attachment.application, attachments=[attachment]
    )
    assert list(version.attachments.all()) == [attachment]
    assert version.submitted_by == attachment.application.created_by
    SteeringMemberFactory(application=version.application).full_clean()


def test_staff_users():
    authority = AuthorityFactory()
    manager = ManagerFactory(authority=authority)
    reviewer = ReviewerFactory()
    assert manager.is_staff and reviewer.is_staff
    assert list(manager.groups.values_list("name", flat=True)) == [MANAGERS_GROUP]
    assert list(reviewer.groups.values_list("name", flat=True)) == [REVIEWERS_GROUP]
    assert list(authority.staff.all()) == [manager]
    assert AdministratorFactory().is_superuser


@pytest.mark.parametrize("state", list(ApplicationState))
def test_drive_to_reaches_every_state_with_its_audit_rows(state):
    application = drive_to(ApplicationFactory(), state)
    assert application.state == state
    logs = StateLog.objects.filter(object_id=application.pk).order_by("pk")
    assert [log.state for log in logs][-1:] == ([] if state == "draft" else [state])


def test_state_without_service_refuses_a_state_a_service_reaches():
    with pytest.raises(ValueError):
        state_without_service(ApplicationFactory(), ApplicationState.SUBMITTED)
