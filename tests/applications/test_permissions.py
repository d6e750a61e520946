"""Staff read what was submitted, never a draft nor a file in no version."""

import pytest

from applications import permissions, services
from applications.exceptions import PermissionRefused
from tests.factories import (
    AdministratorFactory,
    ApplicationFactory,
    AttachmentFactory,
    ManagerFactory,
    drive_to,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ApplicationFactory()


@pytest.fixture
def manager(draft):
    return ManagerFactory(username="gestionnaire", authority=draft.call.authority)


@pytest.mark.parametrize("who", ["manager", "administrator"])
def test_staff_do_not_read_a_draft(draft, manager, who):
    user = manager if who == "manager" else AdministratorFactory(username="admin")
    attachment = AttachmentFactory(application=draft)

    assert permissions.can_view_application(user, draft) is False
    assert permissions.can_download_attachment(user, draft, attachment) is False
    assert permissions.can_view_application(draft.created_by, draft) is True
    assert (
        permissions.can_download_attachment(draft.created_by, draft, attachment) is True
    )


def test_staff_do_not_post_to_a_drafts_thread(draft, manager):
    with pytest.raises(PermissionRefused):
        services.message_post(
            application=draft, user=manager, subject="Question", body="Bonjour"
        )
    assert not draft.messages.exists()


def test_staff_download_only_the_files_of_a_version(draft, manager):
    submitted = drive_to(draft, "submitted")
    kept = AttachmentFactory(application=submitted, original_name="statuts.pdf")
    submitted.versions.get().attachments.add(kept)
    late = AttachmentFactory(application=submitted, original_name="tardif.pdf")

    assert permissions.can_view_application(manager, submitted) is True
    assert permissions.can_download_attachment(manager, submitted, kept) is True
    assert permissions.can_download_attachment(manager, submitted, late) is False
    assert (
        permissions.can_download_attachment(submitted.created_by, submitted, late)
        is True
    )
